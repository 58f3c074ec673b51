package dev.persona.app.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.persona.app.jobs.JobView;
import dev.persona.workflows.job.JobStatus;
import dev.persona.workflows.job.Stage;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /v1/avatars/{id}}: the job's state ({@code running}, {@code completed}, {@code
 * failed}, {@code cancelled}), the stage running now with its progress and attempt, the stages done
 * (and of those, the ones from the stage cache), and a failed job's typed failure.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AvatarStatus(
    String tenant,
    String jobId,
    String state,
    String stage,
    Progress progress,
    Integer attempt,
    String lastFailure,
    List<String> completedStages,
    List<String> cachedStages,
    Failure failure) {

  /** The running stage's latest heartbeat; {@code fraction} in [0, 1], null when unknown. */
  public record Progress(long done, long total, Double fraction, String message) {}

  /** Why a job failed: the typed failure ({@code InvalidInput.NO_PERSON}, ...) and its message. */
  public record Failure(String type, String message) {}

  static AvatarStatus of(JobView view) {
    JobStatus s = view.status();
    Progress progress = null;
    if (s.stage() != null && view.heartbeat() != null) {
      double f = view.stageFraction();
      progress =
          new Progress(
              view.heartbeat().done(),
              view.heartbeat().total(),
              f < 0 ? null : f,
              view.heartbeat().message());
    }
    return new AvatarStatus(
        s.key().tenant(),
        s.key().jobId(),
        s.state().name().toLowerCase(Locale.ROOT),
        s.stage() == null ? null : s.stage().id(),
        progress,
        s.stage() != null && view.attempt() > 0 ? view.attempt() : null,
        s.stage() != null ? view.lastFailure() : null,
        ids(s.completedStages()),
        ids(s.cachedStages()),
        s.failureType() == null ? null : new Failure(s.failureType(), s.failureMessage()));
  }

  private static List<String> ids(List<Stage> stages) {
    return stages.stream().map(Stage::id).toList();
  }
}
