package dev.persona.eval.metrics;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import dev.persona.core.InvalidInputException;
import dev.persona.core.image.Image;
import dev.persona.splat.loss.LpipsLoss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * LPIPS v0.1 (Zhang et al., CVPR 2018, "The Unreasonable Effectiveness of Deep Features as a
 * Perceptual Metric") through DJL's ONNX Runtime engine, on a network file the user exports from
 * the reference implementation (docs/evaluation.md gives the commands): AlexNet ({@code
 * net='alex'}, what PERSONA and ExAvatar report) or VGG-16 ({@code net='vgg'}).
 *
 * <p>The file's contract is the reference {@code lpips.LPIPS.forward(in0, in1)}: two inputs of
 * shape (1, 3, H, W), RGB in [-1, 1] (the network's own scaling layer follows), and one output
 * holding the distance (any shape with one element). Inside, per layer l: unit-normalise the
 * features over channels, square the difference, weight channels by the learned 1x1 linear layer
 * w_l, average over space; sum over layers (the paper's eq. 1).
 *
 * <p>Runs on CPU; needs ONNX Runtime's native library on the class path (the {@code onnx-native}
 * Maven profile), or fails with a message saying so. Not thread-safe: one predictor.
 */
public final class Lpips implements PerceptualDistance {
  /** The backbones LPIPS v0.1 ships weights for. */
  public enum Backbone {
    ALEX,
    VGG;

    public static Backbone parse(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "alex", "alexnet" -> ALEX;
        case "vgg", "vgg16" -> VGG;
        default ->
            throw new InvalidInputException(
                InvalidInputException.Reason.UNSUPPORTED,
                "LPIPS backbone must be alex or vgg, got '" + name + "'");
      };
    }
  }

  static final String ENGINE = "OnnxRuntime";

  private final Backbone backbone;
  private final ZooModel<NDList, NDList> model;
  private final Predictor<NDList, NDList> predictor;

  private Lpips(Backbone backbone, ZooModel<NDList, NDList> model) {
    this.backbone = backbone;
    this.model = model;
    this.predictor = model.newPredictor();
  }

  /**
   * Loads an exported LPIPS network.
   *
   * @param file the {@code .onnx} file
   * @throws InvalidInputException NOT_FOUND for a missing file; UNSUPPORTED when ONNX Runtime is
   *     not on the class path; CORRUPT when the file is not a loadable ONNX model
   */
  public static Lpips load(Path file, Backbone backbone) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          InvalidInputException.Reason.NOT_FOUND, "LPIPS network not found: " + file);
    }
    if (!onnxRuntimePresent()) {
      throw new InvalidInputException(
          InvalidInputException.Reason.UNSUPPORTED,
          "LPIPS needs ONNX Runtime, which this build leaves out: build with"
              + " ./mvnw -Ponnx-native -DskipTests package (docs/evaluation.md)");
    }
    Criteria<NDList, NDList> criteria =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optModelPath(file)
            .optEngine(ENGINE)
            .optTranslator(new NoopTranslator())
            .build();
    try {
      return new Lpips(backbone, criteria.loadModel());
    } catch (ModelNotFoundException | MalformedModelException | RuntimeException e) {
      throw new InvalidInputException(
          InvalidInputException.Reason.CORRUPT,
          file + " is not a loadable ONNX LPIPS network: " + e.getMessage(),
          e);
    }
  }

  /**
   * Whether ONNX Runtime's Java binding (and with it the native library) is on the class path: DJL
   * registers its engine either way and fails only at first use.
   */
  public static boolean onnxRuntimePresent() {
    try {
      Class.forName("ai.onnxruntime.OrtEnvironment", false, Lpips.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  public Backbone backbone() {
    return backbone;
  }

  /**
   * @param a RGB, sRGB-encoded values in [0, 1], as the evaluation protocol prepares them
   * @param b RGB of the same size
   */
  @Override
  public double distance(Image a, Image b) {
    PerceptualDistance.requireComparable(a, b);
    try (NDManager manager = model.getNDManager().newSubManager()) {
      Shape shape = new Shape(1, 3, a.height(), a.width());
      NDArray x = manager.create(toNchwSigned(a), shape);
      NDArray y = manager.create(toNchwSigned(b), shape);
      NDList out = predictor.predict(new NDList(x, y));
      float[] d = out.get(0).toFloatArray();
      if (d.length != 1) {
        throw new IllegalStateException(
            "the LPIPS network returned " + d.length + " values, expected one distance");
      }
      return d[0];
    } catch (TranslateException e) {
      throw new IllegalStateException("LPIPS inference failed: " + e.getMessage(), e);
    }
  }

  /** The image's planar values {@code 2 v - 1} ({@link LpipsLoss#toSignedPlanes}). */
  static float[] toNchwSigned(Image image) {
    return LpipsLoss.toSignedPlanes(image.data(), image.width() * image.height());
  }

  @Override
  public void close() {
    predictor.close();
    model.close();
  }
}
