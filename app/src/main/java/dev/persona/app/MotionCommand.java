package dev.persona.app;

import dev.persona.core.motion.BuiltInMotion;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./persona motion ...}: the motions stage 1 can synthesise. */
@Command(
    name = "motion",
    description = "Motions for training-video synthesis.",
    mixinStandardHelpOptions = true,
    subcommands = {MotionCommand.ListMotions.class})
final class MotionCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  @Command(name = "list", description = "List the built-in motions.")
  static final class ListMotions implements Runnable {
    @Override
    public void run() {
      for (BuiltInMotion motion : BuiltInMotion.values()) {
        System.out.printf(
            Locale.ROOT, "%-6s %4.1f s loop%n", motion.id(), motion.durationSeconds());
      }
      System.out.println(
          "or a motion file: .json (SMPL-X frames) or AMASS .npz (poses, trans, betas,"
              + " mocap_frame_rate)");
    }
  }
}
