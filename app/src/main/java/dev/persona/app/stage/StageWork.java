package dev.persona.app.stage;

import dev.persona.workflows.stage.StageInput;
import java.io.IOException;

/** What one stage computes, given its inputs as local files; {@link StageRunner} does the rest. */
interface StageWork {
  /**
   * Everything besides the input artifacts and the code that changes this stage's output (the job
   * options it reads, the body model, backend settings), as a canonical string: part of the stage
   * cache key.
   */
  String configuration(StageInput input);

  StageProduct run(StageWorkspace workspace) throws IOException;
}
