package dev.persona.diffusion.mimicmotion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.persona.core.torchscript.TorchLibrary;
import dev.persona.core.torchscript.TorchScriptArchiveWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-written TorchScript archive loads in libtorch 2.1.1 and computes what its code says. */
class TorchScriptArchiveWriterTest {
  @TempDir Path dir;

  @Test
  void anAffineModuleLoadsAndComputesXTimesWPlusB() throws Exception {
    TorchLibrary.assumeAvailable();
    float[] w = {1, -2, 0.5f, 3, -1, 4};
    float[] b = {0.25f, -0.75f};
    new TorchScriptArchiveWriter("Affine")
        .parameter("weight", w, 3, 2)
        .parameter("bias", b, 2)
        .method(
            """
            def forward(self: __torch__.Affine,
                x: Tensor) -> Tensor:
              return torch.add(torch.matmul(x, self.weight), self.bias)
            """)
        .write(dir.resolve("affine.pt"));
    float[] x = {1, 2, 3, -1, 0.5f, 2, 0, 0, 0, 7, -3, 1};
    try (Model model = Model.newInstance("affine", Device.cpu(), "PyTorch");
        NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      model.load(dir, "affine");
      NDArray input = manager.create(x, new Shape(4, 3));
      NDList out =
          model.getBlock().forward(new ParameterStore(manager, false), new NDList(input), false);
      assertEquals(new Shape(4, 2), out.singletonOrThrow().getShape());
      float[] expected = new float[8];
      for (int r = 0; r < 4; r++) {
        for (int c = 0; c < 2; c++) {
          double sum = b[c];
          for (int k = 0; k < 3; k++) {
            sum += x[r * 3 + k] * w[k * 2 + c];
          }
          expected[r * 2 + c] = (float) sum;
        }
      }
      // Small integers and halves: float32 sums are exact.
      assertArrayEquals(expected, out.singletonOrThrow().toFloatArray(), 0f);
    }
  }
}
