package dev.persona.diffusion.synthesis;

import dev.persona.core.progress.ProgressListener;
import dev.persona.diffusion.plan.PlannedFrame;
import java.io.IOException;
import java.util.List;

/**
 * Makes the frames of one clip. A backend is built for one fitted photo; {@link
 * TrainingVideoSynthesis} hands it the plan's frames a clip at a time and checkpoints each clip it
 * returns. Close it when done: a backend may hold native resources (MimicMotion's libtorch modules,
 * GPU memory on workers).
 */
public interface SynthesisBackend extends AutoCloseable {
  /** The name the command line and {@code dataset.json} use. */
  String name();

  /**
   * @param clip consecutive planned frames
   * @param progress told {@code (k, clip.size())} as frames finish
   * @return one frame per planned frame, in order
   */
  List<SynthesizedFrame> synthesize(List<PlannedFrame> clip, ProgressListener progress)
      throws IOException;

  /** Releases what the backend holds; nothing by default. */
  @Override
  default void close() {}
}
