package dev.persona.core.torchscript;

import org.junit.jupiter.api.Assumptions;

/** Tests that run libtorch skip themselves when its native jar is not on the classpath. */
public final class TorchLibrary {
  private TorchLibrary() {}

  public static void assumeAvailable() {
    Assumptions.assumeTrue(
        TorchLibrary.class.getClassLoader().getResource("native/lib/pytorch.properties") != null,
        "libtorch (pytorch-native-cpu) is not on the test classpath");
    // Never download libtorch: the native jar on the classpath must be enough.
    System.setProperty("ai.djl.offline", "true");
  }
}
