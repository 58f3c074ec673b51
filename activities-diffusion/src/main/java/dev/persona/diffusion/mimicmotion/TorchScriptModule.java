package dev.persona.diffusion.mimicmotion;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * One exported TorchScript file, loaded by DJL's PyTorch engine onto a device and run with float
 * arrays: inputs are converted to the module's precision on the device, outputs come back as
 * float32, and every output's shape is checked against the documented one, so a file exported with
 * other shapes is named in a typed error instead of failing deep inside the sampler.
 */
final class TorchScriptModule implements AutoCloseable {
  /** An input: row-major float32 values of {@code shape}. */
  record Input(float[] values, long... shape) {
    Input {
      long numel = 1;
      for (long d : shape) {
        numel *= d;
      }
      if (numel != values.length) {
        throw new IllegalArgumentException(
            values.length + " values for shape " + Arrays.toString(shape));
      }
    }
  }

  private final String fileName;
  private final Model model;
  private final NDManager manager;
  private final DataType precision;

  private TorchScriptModule(String fileName, Model model, DataType precision) {
    this.fileName = fileName;
    this.model = model;
    this.manager = model.getNDManager().newSubManager();
    this.precision = precision;
  }

  /**
   * Loads {@code file} onto {@code device} (mapped there at load, as {@code torch.jit.load(f,
   * map_location)} does).
   *
   * @param precision the dtype the module was exported in: its inputs are converted to it
   * @throws InvalidInputException CORRUPT when the file is not a TorchScript archive libtorch reads
   */
  static TorchScriptModule load(Path file, Device device, DataType precision) throws IOException {
    String name = file.getFileName().toString();
    String prefix = name.endsWith(".pt") ? name.substring(0, name.length() - 3) : name;
    Model model = Model.newInstance(prefix, device, "PyTorch");
    try {
      model.load(file.getParent(), prefix, Map.of("mapLocation", "true"));
      return new TorchScriptModule(name, model, precision);
    } catch (MalformedModelException | EngineException e) {
      model.close();
      throw new InvalidInputException(
          Reason.CORRUPT,
          file
              + " is not a TorchScript module libtorch can load ("
              + e.getMessage()
              + "); export it as "
              + MimicMotionComponents.DOC
              + " describes",
          e);
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * Runs {@code forward} and returns its single output as float32.
   *
   * @param expected the documented output shape
   * @throws InvalidInputException MALFORMED naming the file when it rejects the documented inputs
   *     or returns another shape
   */
  float[] forward(long[] expected, Input... inputs) {
    try (NDManager call = manager.newSubManager()) {
      NDList list = new NDList(inputs.length);
      for (Input input : inputs) {
        NDArray array = call.create(input.values(), new Shape(input.shape()));
        list.add(precision == DataType.FLOAT32 ? array : array.toType(precision, false));
      }
      NDList out;
      try {
        out = model.getBlock().forward(new ParameterStore(call, false), list, false);
      } catch (EngineException e) {
        throw new InvalidInputException(
            Reason.MALFORMED,
            fileName
                + " rejected inputs of shapes "
                + shapes(inputs)
                + " ("
                + firstLine(e.getMessage())
                + "); export it with the shapes "
                + MimicMotionComponents.DOC
                + " documents",
            e);
      }
      NDArray result = out.get(0);
      if (!Arrays.equals(result.getShape().getShape(), expected)) {
        throw new InvalidInputException(
            Reason.MALFORMED,
            fileName
                + " returned shape "
                + Arrays.toString(result.getShape().getShape())
                + ", expected "
                + Arrays.toString(expected)
                + " ("
                + MimicMotionComponents.DOC
                + ")");
      }
      return result.toType(DataType.FLOAT32, false).toFloatArray();
    }
  }

  private static String shapes(Input[] inputs) {
    StringBuilder out = new StringBuilder();
    for (Input input : inputs) {
      out.append(out.isEmpty() ? "" : ", ").append(Arrays.toString(input.shape()));
    }
    return out.toString();
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
