package dev.persona.core.torchscript;

import java.io.IOException;
import java.nio.file.Path;

/** Small TorchScript networks with known closed forms, for the tests of modules that run them. */
public final class StandInNetworks {
  private StandInNetworks() {}

  /**
   * A network with LPIPS's contract ({@code forward(in0, in1)}, two (1, 3, H, W) images in [-1, 1],
   * one value out) whose distance is the mean squared difference of its inputs: {@code 4 mean((a -
   * b)^2)} of the [0, 1] images they came from.
   */
  public static Path meanSquareLpips(Path file) throws IOException {
    new TorchScriptArchiveWriter("MeanSquare")
        .method(
            """
            def forward(self: __torch__.MeanSquare,
                in0: Tensor, in1: Tensor) -> Tensor:
              d = torch.sub(in0, in1)
              return torch.mean(torch.mul(d, d))
            """)
        .write(file);
    return file;
  }
}
