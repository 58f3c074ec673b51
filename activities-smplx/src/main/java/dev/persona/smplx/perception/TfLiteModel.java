package dev.persona.smplx.perception;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One TFLite model run through DJL's TFLite engine: float tensors in, float tensors out. Not
 * thread-safe (one interpreter); {@link BlazePose} serialises calls.
 */
final class TfLiteModel implements AutoCloseable {
  static final String ENGINE = "TFLite";

  /** One output tensor: its shape and values (row-major). */
  @SuppressWarnings("ArrayRecordComponent") // transient buffers, compared by no one
  record Output(long[] shape, float[] values) {}

  private final Model model;
  private final Predictor<NDList, NDList> predictor;

  private TfLiteModel(Model model) {
    this.model = model;
    this.predictor = model.newPredictor(new NoopTranslator());
  }

  /**
   * Loads {@code file} (a {@code .tflite}).
   *
   * @throws EngineUnavailableException when the engine or its native library cannot be loaded
   * @throws IOException when the file cannot be read or is not a TFLite model
   */
  /** DJL's switch for TFLite's alternative engine. */
  static final String DISABLE_ALTERNATIVE = "ai.djl.tflite.disable_alternative";

  static TfLiteModel load(Path file) throws IOException {
    startEngine();
    String name = file.getFileName().toString();
    if (name.endsWith(".tflite")) {
      name = name.substring(0, name.length() - ".tflite".length());
    }
    Model model = Model.newInstance(name, ENGINE);
    try {
      model.load(file.toAbsolutePath().getParent(), name);
      return new TfLiteModel(model);
    } catch (MalformedModelException | RuntimeException e) {
      model.close();
      throw new IOException("cannot load the TFLite model " + file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      model.close();
      throw e;
    }
  }

  /**
   * Makes sure DJL runs offline (the native library ships in {@code tflite-native-cpu}; DJL would
   * otherwise try to download one) and that the TFLite engine loads without an alternative engine.
   *
   * <p>DJL gives TFLite the highest-ranked other engine on the class path for the NDArray
   * operations TFLite lacks; with DJL's PyTorch engine on it (the mimicmotion backend, the LPIPS
   * term) that means loading libtorch, which a CPU deployment without a torch profile does not
   * have, and every fit then failed. We only create arrays and read them back, which TFLite does
   * itself.
   */
  static void startEngine() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    if (System.getProperty(DISABLE_ALTERNATIVE) == null) {
      System.setProperty(DISABLE_ALTERNATIVE, "true");
    }
    try {
      Engine.getEngine(ENGINE);
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new EngineUnavailableException(
          "DJL's TFLite engine could not start on "
              + System.getProperty("os.name")
              + "/"
              + System.getProperty("os.arch")
              + ": "
              + e.getMessage()
              + ". Its native library comes from ai.djl.tflite:tflite-native-cpu"
              + " (classifier linux-x86_64), which must be on the class path;"
              + " other platforms are not supported.",
          e);
    }
  }

  /** Runs the model on one float input of {@code shape}. */
  List<Output> run(float[] input, long... shape) {
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDArray in = manager.create(input, new Shape(shape));
      NDList out = predictor.predict(new NDList(in));
      List<Output> outputs = new ArrayList<>(out.size());
      for (NDArray a : out) {
        outputs.add(new Output(a.getShape().getShape(), a.toFloatArray()));
      }
      out.close();
      return outputs;
    } catch (TranslateException e) {
      throw new IllegalStateException("TFLite inference failed: " + e.getMessage(), e);
    }
  }

  /** The output with exactly {@code size} values (the models' outputs all differ in size). */
  static float[] bySize(List<Output> outputs, long size, String what) {
    for (Output o : outputs) {
      if (o.values().length == size) {
        return o.values();
      }
    }
    throw new IllegalStateException("the model has no " + what + " output of " + size + " values");
  }

  @Override
  public void close() {
    predictor.close();
    model.close();
  }
}
