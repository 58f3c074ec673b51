package dev.persona.diffusion.mimicmotion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.persona.core.torchscript.TorchLibrary;
import org.junit.jupiter.api.Test;

/**
 * The mimicmotion backend's runtime is DJL's PyTorch engine at the project's one DJL version
 * (0.27.0, libtorch 2.1.1): this checks that it loads offline from the jars and computes. libtorch
 * (pytorch-native-cpu, 118 MB) is on the test classpath; without it the test skips.
 */
class PyTorchEngineCheckTest {
  @Test
  void theEngineLoadsOfflineAndAdds() {
    TorchLibrary.assumeAvailable();
    Engine engine = Engine.getEngine("PyTorch");
    try (NDManager manager = engine.newBaseManager()) {
      NDArray a = manager.create(new float[] {1, 2, 3});
      NDArray b = manager.create(new float[] {10, 20, 30});
      assertArrayEquals(new float[] {11, 22, 33}, a.add(b).toFloatArray());
    }
  }
}
