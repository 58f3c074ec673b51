package dev.persona.workflows.fakes;

import dev.persona.workflows.artifact.ArtifactRef;
import dev.persona.workflows.job.Stage;
import dev.persona.workflows.stage.FitActivities;
import dev.persona.workflows.stage.PublishActivities;
import dev.persona.workflows.stage.StageArtifacts;
import dev.persona.workflows.stage.StageInput;
import dev.persona.workflows.stage.StageOutput;
import dev.persona.workflows.stage.SynthesisActivities;
import dev.persona.workflows.stage.TrainingActivities;
import io.temporal.activity.Activity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * In-memory stage activities: each call is recorded (stage, input, attempt) and answered by the
 * stage's behaviour, by default {@link #produce}: artifacts whose URIs name the job, stage and
 * artifact, so a test can see which stage's output became which stage's input.
 */
public final class FakeStages {
  /** What a stage does when called; may throw, block or heartbeat. */
  @FunctionalInterface
  public interface Behaviour {
    StageOutput run(StageInput input, int attempt) throws Exception;
  }

  public record Call(Stage stage, StageInput input, int attempt) {}

  private final Map<Stage, Behaviour> behaviours = new EnumMap<>(Stage.class);
  private final List<Call> calls = new ArrayList<>();

  /** Sets {@code stage}'s behaviour (before the workflow runs). */
  public synchronized FakeStages on(Stage stage, Behaviour behaviour) {
    behaviours.put(stage, behaviour);
    return this;
  }

  public synchronized List<Call> calls(Stage stage) {
    return calls.stream().filter(c -> c.stage() == stage).toList();
  }

  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  StageOutput call(Stage stage, StageInput input) {
    int attempt = Activity.getExecutionContext().getInfo().getAttempt();
    Behaviour behaviour;
    synchronized (this) {
      calls.add(new Call(stage, input, attempt));
      behaviour = behaviours.getOrDefault(stage, (in, a) -> produce(in));
    }
    try {
      return behaviour.run(input, attempt);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw Activity.wrap(e);
    }
  }

  /** The artifact name a stage produces. */
  public static String outputName(Stage stage) {
    return switch (stage) {
      case FIT -> StageArtifacts.FIT;
      case SYNTHESIZE -> StageArtifacts.VIDEO;
      case TRAIN -> StageArtifacts.AVATAR;
      case PUBLISH -> StageArtifacts.RESULT;
    };
  }

  /** A stage's normal output: its one artifact, and for PUBLISH a metric. */
  public static StageOutput produce(StageInput in) {
    String name = outputName(in.stage());
    ArtifactRef ref =
        ref(
            "mem://"
                + in.key().tenant()
                + "/"
                + in.key().jobId()
                + "/"
                + in.stage().id()
                + "/"
                + name);
    Map<String, Double> metrics =
        switch (in.stage()) {
          case PUBLISH -> Map.of("photo_psnr", 31.5);
          case TRAIN -> Map.of("train_iterations", 60.0);
          default -> Map.of();
        };
    return new StageOutput(Map.of(name, ref), metrics, false);
  }

  /** A reference to {@code uri} whose sha256 is that of the URI's text (unique per URI). */
  public static ArtifactRef ref(String uri) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8));
      return new ArtifactRef(uri, HexFormat.of().formatHex(digest), uri.length());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The FIT activity of these fakes (registered on the FIT task queue's worker). */
  public FitActivities fit() {
    return new Fit(this);
  }

  public SynthesisActivities synthesis() {
    return new Synthesis(this);
  }

  public TrainingActivities training() {
    return new Training(this);
  }

  public PublishActivities publishing() {
    return new Publishing(this);
  }

  private record Fit(FakeStages stages) implements FitActivities {
    @Override
    public StageOutput fit(StageInput input) {
      return stages.call(Stage.FIT, input);
    }
  }

  private record Synthesis(FakeStages stages) implements SynthesisActivities {
    @Override
    public StageOutput synthesize(StageInput input) {
      return stages.call(Stage.SYNTHESIZE, input);
    }
  }

  private record Training(FakeStages stages) implements TrainingActivities {
    @Override
    public StageOutput train(StageInput input) {
      return stages.call(Stage.TRAIN, input);
    }
  }

  private record Publishing(FakeStages stages) implements PublishActivities {
    @Override
    public StageOutput publish(StageInput input) {
      return stages.call(Stage.PUBLISH, input);
    }
  }
}
