package dev.stowage.engine.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads well-formed JSON into the trees Jackson's parser gives, without Jackson's parser: creating
 * the first one initialises {@link BigDecimal}, whose static set-up in JDK 25 (5<sup>65536</sup>,
 * squared out in parallel) costs a fresh JVM some 30 ms — a tenth of a cached build. Whatever is
 * not plainly valid (a syntax error, content after the value where none may follow, another
 * encoding than UTF-8, a byte-order mark, input near Jackson's size limits) it declines, and {@link
 * JsonTrees} hands the input to Jackson, whose answer, tree or error message, then holds.
 */
final class PlainJsonReader {

  /** Deeper documents are left to Jackson (whose own limit is 1,000). */
  private static final int MAX_DEPTH = 500;

  /** Longer numbers are left to Jackson (whose own limit is 1,000 characters). */
  private static final int MAX_NUMBER_LENGTH = 500;

  /** Longer names are left to Jackson (whose own limit is 50,000). */
  private static final int MAX_NAME_LENGTH = 10_000;

  /** Longer strings are left to Jackson (whose own limits are in the millions). */
  private static final int MAX_STRING_LENGTH = 1 << 20;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Declines the document: Jackson reads it instead. */
  private static final class Declined extends Exception {
    private static final Declined INSTANCE = new Declined();

    private Declined() {
      super(null, null, false, false);
    }
  }

  private final String text;
  private final boolean bigDecimals;
  private int pos;

  private PlainJsonReader(String text, boolean bigDecimals) {
    this.text = text;
    this.bigDecimals = bigDecimals;
  }

  /** The tree of UTF-8 {@code json}, or empty when Jackson has to read it. */
  static Optional<JsonNode> read(byte[] json, boolean bigDecimals, boolean noTrailing) {
    for (int i = 0; i < Math.min(4, json.length); i++) {
      if (json[i] == 0) {
        return Optional.empty(); // UTF-16 or UTF-32, which Jackson detects
      }
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(json))
              .toString();
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
    return read(text, bigDecimals, noTrailing);
  }

  /** The tree of {@code json}, or empty when Jackson has to read it. */
  static Optional<JsonNode> read(String json, boolean bigDecimals, boolean noTrailing) {
    PlainJsonReader reader = new PlainJsonReader(json, bigDecimals);
    try {
      return Optional.of(reader.document(noTrailing));
    } catch (Declined e) {
      return Optional.empty();
    }
  }

  private JsonNode document(boolean noTrailing) throws Declined {
    if (text.startsWith("\uFEFF")) {
      throw Declined.INSTANCE;
    }
    skipWhitespace();
    if (pos == text.length()) {
      return NODES.missingNode();
    }
    JsonNode value = value(0);
    if (noTrailing) {
      skipWhitespace();
      if (pos != text.length()) {
        throw Declined.INSTANCE;
      }
    }
    return value;
  }

  private JsonNode value(int depth) throws Declined {
    if (depth > MAX_DEPTH || pos >= text.length()) {
      throw Declined.INSTANCE;
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return NODES.textNode(string());
      case 't':
        literal("true");
        return NODES.booleanNode(true);
      case 'f':
        literal("false");
        return NODES.booleanNode(false);
      case 'n':
        literal("null");
        return NODES.nullNode();
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          JsonNode number = number();
          if (depth == 0 && pos < text.length() && !isWhitespace(text.charAt(pos))) {
            throw Declined.INSTANCE; // Jackson wants a space after a number at the root
          }
          return number;
        }
        throw Declined.INSTANCE;
    }
  }

  private ObjectNode object(int depth) throws Declined {
    pos++; // {
    ObjectNode object = NODES.objectNode();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return object;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw Declined.INSTANCE;
      }
      String name = string();
      if (name.length() > MAX_NAME_LENGTH) {
        throw Declined.INSTANCE;
      }
      skipWhitespace();
      expect(':');
      skipWhitespace();
      // a repeated name keeps its first place and takes the last value, as Jackson's trees do
      object.replace(name, value(depth + 1));
      skipWhitespace();
      char c = next();
      if (c == '}') {
        return object;
      }
      if (c != ',') {
        throw Declined.INSTANCE;
      }
    }
  }

  private ArrayNode array(int depth) throws Declined {
    pos++; // [
    ArrayNode array = NODES.arrayNode();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return array;
    }
    while (true) {
      skipWhitespace();
      array.add(value(depth + 1));
      skipWhitespace();
      char c = next();
      if (c == ']') {
        return array;
      }
      if (c != ',') {
        throw Declined.INSTANCE;
      }
    }
  }

  private String string() throws Declined {
    pos++; // opening quote
    int start = pos;
    // the common case: no escapes, one substring
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '"') {
        return checkedLength(text.substring(start, pos++));
      }
      if (c == '\\') {
        break;
      }
      if (c < 0x20) {
        throw Declined.INSTANCE; // unescaped control character
      }
      pos++;
    }
    StringBuilder out = new StringBuilder(text.length() - start).append(text, start, pos);
    while (true) {
      char c = next();
      if (c == '"') {
        return checkedLength(out.toString());
      }
      if (c < 0x20) {
        throw Declined.INSTANCE;
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> out.append(hex4());
        default -> throw Declined.INSTANCE;
      }
    }
  }

  private static String checkedLength(String s) throws Declined {
    if (s.length() > MAX_STRING_LENGTH) {
      throw Declined.INSTANCE;
    }
    return s;
  }

  private char hex4() throws Declined {
    if (pos + 4 > text.length()) {
      throw Declined.INSTANCE;
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      char c = text.charAt(pos++);
      int d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        d = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        d = c - 'A' + 10;
      } else {
        throw Declined.INSTANCE; // ASCII hex only, as JSON has it
      }
      v = v * 16 + d;
    }
    return (char) v;
  }

  /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, typed as Jackson types it. */
  private JsonNode number() throws Declined {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
      if (isDigit(peek())) {
        throw Declined.INSTANCE; // a leading zero
      }
    } else if (!digits()) {
      throw Declined.INSTANCE;
    }
    boolean integral = true;
    if (peek() == '.') {
      pos++;
      integral = false;
      if (!digits()) {
        throw Declined.INSTANCE;
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      integral = false;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!digits()) {
        throw Declined.INSTANCE;
      }
    }
    char after = peek();
    if (isDigit(after) || Character.isLetter(after) || after == '.' || after == '-') {
      throw Declined.INSTANCE;
    }
    if (pos - start > MAX_NUMBER_LENGTH) {
      throw Declined.INSTANCE;
    }
    String number = text.substring(start, pos);
    if (integral) {
      int length = number.length() - (number.startsWith("-") ? 1 : 0);
      if (length <= 9) {
        return NODES.numberNode(Integer.parseInt(number));
      }
      if (length <= 18) {
        long v = Long.parseLong(number);
        return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
      }
      BigInteger big = new BigInteger(number);
      if (big.bitLength() < 32) {
        return NODES.numberNode(big.intValue());
      }
      if (big.bitLength() < 64) {
        return NODES.numberNode(big.longValue());
      }
      return NODES.numberNode(big);
    }
    if (bigDecimals) {
      BigDecimal decimal = new BigDecimal(number);
      try {
        decimal = decimal.stripTrailingZeros();
      } catch (ArithmeticException e) {
        // an exponent out of int range: kept as written, as Jackson does
      }
      return NODES.numberNode(decimal);
    }
    return NODES.numberNode(Double.parseDouble(number));
  }

  private boolean digits() {
    int start = pos;
    while (isDigit(peek())) {
      pos++;
    }
    return pos > start;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private void literal(String word) throws Declined {
    if (!text.startsWith(word, pos)) {
      throw Declined.INSTANCE;
    }
    pos += word.length();
    if (Character.isJavaIdentifierPart(peek()) && pos < text.length()) {
      throw Declined.INSTANCE; // "truex": Jackson reads one unknown token
    }
  }

  private void skipWhitespace() {
    while (pos < text.length() && isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  private void expect(char c) throws Declined {
    if (next() != c) {
      throw Declined.INSTANCE;
    }
  }

  /** The next character, consumed; a missing one declines. */
  private char next() throws Declined {
    if (pos >= text.length()) {
      throw Declined.INSTANCE;
    }
    return text.charAt(pos++);
  }

  /** The next character without consuming it, or NUL at the end. */
  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }
}
