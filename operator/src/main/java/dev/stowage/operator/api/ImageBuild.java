package dev.stowage.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A request to build one container image from a Containerfile and push it. */
@Group(ImageBuild.GROUP)
@Version(ImageBuild.VERSION)
@Kind("ImageBuild")
@Plural("imagebuilds")
@Singular("imagebuild")
@ShortNames("ib")
// The name becomes the value of the builder pod's stowage.dev/imagebuild label.
@ValidationRule(
    value = "self.metadata.name.size() <= 63",
    message = "metadata.name must be at most 63 characters")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Image", jsonPath = ".spec.output.image")
@AdditionalPrinterColumn(name = "Digest", jsonPath = ".status.image.shortDigest")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class ImageBuild extends CustomResource<ImageBuildSpec, ImageBuildStatus>
    implements Namespaced {

  public static final String GROUP = "stowage.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  public ImageBuild() {}

  public ImageBuild(ImageBuildSpec spec) {
    setSpec(spec);
  }
}
