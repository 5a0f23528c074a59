/**
 * JSON text to Jackson trees and back through jackson-core's streaming API, so that no engine run
 * pays for starting an {@code ObjectMapper}. Depends on no other engine package.
 */
package dev.stowage.engine.json;
