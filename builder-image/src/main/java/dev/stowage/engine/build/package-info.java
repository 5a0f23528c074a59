/**
 * The build executor: runs the stages of a {@link dev.stowage.engine.containerfile.plan.BuildPlan}
 * with the {@code native} storage driver (each stage's root file system materialised from its
 * layers, changes found by snapshot and tree diff), commits one layer per changing instruction into
 * the store, keeps the {@code --layers} cache, and writes the final image.
 *
 * <p>RUN steps go through {@link dev.stowage.engine.build.StepRunner}; images missing locally come
 * from a {@link dev.stowage.engine.build.BaseImageSource}; pushing and exporting go through an
 * {@link dev.stowage.engine.build.ImagePublisher}. Depends on the containerfile, context, image,
 * storage, archive, fs and json packages.
 */
package dev.stowage.engine.build;
