package dev.persona.splat.loss;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.image.ColorTransfer;
import dev.persona.core.io.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * LPIPS (Zhang et al., CVPR 2018) as a term of the avatar's training loss, as PERSONA and ExAvatar
 * train with it (VGG features): the distance and its gradient with respect to the rendered image,
 * through DJL's PyTorch engine and libtorch's autograd on a TorchScript file the user exports from
 * the reference implementation ({@code docs/avatar-training.md} gives the commands).
 *
 * <p>The file's contract is the reference {@code lpips.LPIPS(net='vgg').eval()} traced: {@code
 * forward(in0, in1)} with two (1, 3, H, W) inputs, RGB sRGB-encoded and mapped to [-1, 1], and one
 * output holding the distance (any shape with one element). Tracing in eval mode fixes the dropout
 * of its linear heads to the identity, which matters because a gradient needs the module run in
 * training mode here.
 *
 * <p>The trainer's images are linear light in [0, 1]; this class encodes them with the sRGB curve
 * (LPIPS was trained on sRGB images), clamping to [0, 1], and carries the gradient back through the
 * curve's slope ({@link ColorTransfer#linearToSrgbSlope}); clamped values get none.
 *
 * <p>Not thread-safe. Runs on libtorch's CPU build or, when the process has it, CUDA's: the module
 * is loaded onto DJL's default device.
 */
public final class LpipsLoss implements AutoCloseable {
  /** Where the export commands are documented. */
  public static final String DOC = "docs/avatar-training.md#lpips";

  private final Path file;
  private final String sha256;
  private final Model model;
  private final NDManager manager;

  private LpipsLoss(Path file, String sha256, Model model) {
    this.file = file;
    this.sha256 = sha256;
    this.model = model;
    this.manager = model.getNDManager().newSubManager();
  }

  /**
   * Loads a traced LPIPS network.
   *
   * @param file the TorchScript {@code .pt} file
   * @throws InvalidInputException NOT_FOUND for a missing file; UNSUPPORTED when libtorch cannot be
   *     loaded; CORRUPT when the file is not a TorchScript module libtorch reads
   */
  public static LpipsLoss load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(Reason.NOT_FOUND, "LPIPS network not found: " + file);
    }
    Engine engine;
    try {
      engine = Engine.getEngine("PyTorch");
    } catch (EngineException | IllegalArgumentException e) {
      throw new InvalidInputException(
          Reason.UNSUPPORTED,
          "the LPIPS loss needs libtorch 2.1.1 and DJL's PyTorch engine could not load it ("
              + e.getMessage()
              + "): build the app with -Ptorch-cpu or -Ptorch-cu121, or set PYTORCH_LIBRARY_PATH",
          e);
    }
    String name = file.getFileName().toString();
    String prefix = name.endsWith(".pt") ? name.substring(0, name.length() - 3) : name;
    Model model = Model.newInstance(prefix, engine.defaultDevice(), "PyTorch");
    try {
      // trainParam: load the weights as ordinary tensors. DJL otherwise loads them under
      // libtorch's inference mode, and autograd refuses to save inference tensors for backward.
      model.load(
          file.toAbsolutePath().getParent(),
          prefix,
          Map.of("mapLocation", "true", "trainParam", "true"));
      // Gradients flow to the image only, never into the network's weights.
      model.getBlock().freezeParameters(true);
      return new LpipsLoss(file, Sha256.of(file), model);
    } catch (MalformedModelException | EngineException e) {
      model.close();
      throw new InvalidInputException(
          Reason.CORRUPT,
          file
              + " is not a TorchScript module libtorch can load ("
              + firstLine(e.getMessage())
              + "); export LPIPS as "
              + DOC
              + " describes",
          e);
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** The network file's SHA-256: part of the training fingerprint, so a resume uses the same. */
  public String sha256() {
    return sha256;
  }

  /** The device the network runs on. */
  public Device device() {
    return model.getNDManager().getDevice();
  }

  /**
   * The LPIPS distance between the rendered image and the target, adding {@code scale * dD /
   * d(rendered)} to {@code gradient}.
   *
   * @param rendered {@code [H*W*3]} linear RGB, interleaved, top row first
   * @param target {@code [H*W*3]} linear RGB of the same size
   * @param gradient {@code [H*W*3]} to add into, or null for the distance alone
   * @return the distance D, at least 0
   * @throws InvalidInputException MALFORMED naming the file when it rejects the images or returns
   *     more than one value
   */
  public double evaluate(
      float[] rendered, float[] target, int width, int height, float[] gradient, double scale) {
    int pixels = requirePair(rendered, target, width, height);
    Shape shape = new Shape(1, 3, height, width);
    try (NDManager call = manager.newSubManager()) {
      NDArray x = call.create(toSignedSrgbPlanes(rendered, pixels), shape);
      NDArray y = call.create(toSignedSrgbPlanes(target, pixels), shape);
      if (gradient == null) {
        return single(forward(call, x, y, false));
      }
      x.setRequiresGradient(true);
      double distance;
      try (GradientCollector collector = call.getEngine().newGradientCollector()) {
        NDArray d = forward(call, x, y, true);
        distance = single(d);
        collector.backward(d);
      }
      float[] dx = x.getGradient().toFloatArray();
      addThroughEncoding(rendered, dx, pixels, gradient, scale);
      return distance;
    }
  }

  /**
   * The LPIPS distance between two images already sRGB-encoded (what the evaluation protocol
   * prepares), without a gradient.
   *
   * @param a {@code [H*W*3]} sRGB-encoded RGB in [0, 1], interleaved, top row first
   * @param b the same for the other image
   */
  public double distanceOfEncoded(float[] a, float[] b, int width, int height) {
    int pixels = requirePair(a, b, width, height);
    Shape shape = new Shape(1, 3, height, width);
    try (NDManager call = manager.newSubManager()) {
      NDArray x = call.create(toSignedPlanes(a, pixels), shape);
      NDArray y = call.create(toSignedPlanes(b, pixels), shape);
      return single(forward(call, x, y, false));
    }
  }

  /** The pixel count of two interleaved RGB images of {@code width x height}, or a refusal. */
  private static int requirePair(float[] a, float[] b, int width, int height) {
    int pixels = width * height;
    if (a.length != pixels * 3 || b.length != pixels * 3) {
      throw new IllegalArgumentException(
          "images must hold " + pixels * 3 + " values, got " + a.length + " and " + b.length);
    }
    return pixels;
  }

  private NDArray forward(NDManager call, NDArray x, NDArray y, boolean training) {
    // TorchScript's graph executor profiles the first calls and then runs an optimised graph whose
    // float rounding can differ; with it off every call computes alike, so a training run resumed
    // from a checkpoint matches one that never stopped. The switch is per thread, hence per call.
    JniUtils.setGraphExecutorOptimize(false);
    try {
      return model
          .getBlock()
          .forward(new ParameterStore(call, false), new NDList(x, y), training)
          .get(0);
    } catch (EngineException e) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          file
              + " rejected two (1, 3, H, W) images ("
              + firstLine(e.getMessage())
              + "); export LPIPS as "
              + DOC
              + " describes",
          e);
    }
  }

  private double single(NDArray d) {
    if (d.size() != 1) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          file + " returned " + d.size() + " values, expected one distance (" + DOC + ")");
    }
    return d.toType(DataType.FLOAT64, false).toDoubleArray()[0];
  }

  /**
   * Interleaved linear RGB to planar (C, H, W) values {@code 2 srgb(clamp(v)) - 1}: LPIPS's input
   * convention ({@code lpips.im2tensor}) on sRGB-encoded colour.
   */
  static float[] toSignedSrgbPlanes(float[] linear, int pixels) {
    float[] out = new float[3 * pixels];
    for (int p = 0; p < pixels; p++) {
      for (int c = 0; c < 3; c++) {
        double v = Math.min(1.0, Math.max(0.0, linear[p * 3 + c]));
        out[c * pixels + p] = (float) (2 * ColorTransfer.linearToSrgb(v) - 1);
      }
    }
    return out;
  }

  /**
   * Interleaved sRGB-encoded RGB in [0, 1] (HWC, top row first) to planar (C, H, W) values {@code 2
   * v - 1}: the reference implementation's input convention ({@code lpips.im2tensor}), which the
   * ONNX runtime of LPIPS uses too.
   */
  public static float[] toSignedPlanes(float[] encoded, int pixels) {
    float[] out = new float[3 * pixels];
    for (int p = 0; p < pixels; p++) {
      for (int c = 0; c < 3; c++) {
        out[c * pixels + p] = 2 * encoded[p * 3 + c] - 1;
      }
    }
    return out;
  }

  /**
   * The chain rule back through {@link #toSignedSrgbPlanes}: {@code dD/dv = dD/dx * 2 * srgb'(v)}
   * inside [0, 1], 0 where the value was clamped.
   *
   * <p>Non-finite entries of the network's gradient are dropped. LPIPS unit-normalises each feature
   * vector by {@code sqrt(sum f^2)}, whose derivative is infinite where a whole vector is zero
   * (ReLU features of a flat dark region can be), and autograd then gives {@code 0 * inf = NaN}
   * there; one such pixel would otherwise turn every parameter NaN.
   */
  static void addThroughEncoding(
      float[] linear, float[] planarGradient, int pixels, float[] gradient, double scale) {
    for (int p = 0; p < pixels; p++) {
      for (int c = 0; c < 3; c++) {
        float v = linear[p * 3 + c];
        float g = planarGradient[c * pixels + p];
        if (v < 0 || v > 1 || !Float.isFinite(g)) {
          continue;
        }
        double slope = 2 * ColorTransfer.linearToSrgbSlope(v);
        gradient[p * 3 + c] += (float) (scale * slope * g);
      }
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no message";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  @Override
  public void close() {
    manager.close();
    model.close();
  }
}
