package dev.persona.app.stage;

import dev.persona.app.artifact.ArtifactStore;
import dev.persona.app.artifact.FolderArchive;
import dev.persona.core.InvalidInputException;
import dev.persona.core.io.FileTrees;
import dev.persona.core.io.Sha256;
import dev.persona.workflows.artifact.ArtifactRef;
import dev.persona.workflows.events.JobEventSink;
import dev.persona.workflows.events.JobEvents;
import dev.persona.workflows.stage.StageFailures;
import dev.persona.workflows.stage.StageHeartbeat;
import dev.persona.workflows.stage.StageInput;
import dev.persona.workflows.stage.StageOutput;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one stage activity around its {@link StageWork}: the stage-cache lookup (a hit returns at
 * once), the {@code stage.retried} event on a later attempt, inputs fetched and verified, the work
 * with heartbeats and checkpoints, outputs stored (zipped, content-addressed by the stage key) and
 * the cache entry written last. Bad input becomes the non-retryable {@code InvalidInput.*} failure;
 * the scratch folder is removed whatever happens.
 */
public final class StageRunner {
  private final ArtifactStore store;
  private final JobEventSink events;
  private final Path scratchRoot;
  private final StageCache cache;
  private final long heartbeatMillis;
  private final long eventMillis;

  /**
   * @param scratchRoot a worker-local folder for stages' working copies
   * @param heartbeatMillis how often a stage heartbeats (well inside the heartbeat timeout)
   * @param eventMillis the least time between two progress events of one stage
   */
  public StageRunner(
      ArtifactStore store,
      JobEventSink events,
      Path scratchRoot,
      long heartbeatMillis,
      long eventMillis) {
    this.store = store;
    this.events = events;
    this.scratchRoot = scratchRoot;
    this.cache = new StageCache(store);
    this.heartbeatMillis = heartbeatMillis;
    this.eventMillis = eventMillis;
  }

  StageOutput run(StageInput input, String codeVersion, StageWork work) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    ActivityInfo info = context.getInfo();
    String stageKey;
    try {
      stageKey = StageKey.of(input.stage(), codeVersion, work.configuration(input), input.inputs());
      Optional<StageOutput> cached = cache.find(input.stage(), stageKey);
      if (cached.isPresent()) {
        return cached.get().asCached();
      }
    } catch (InvalidInputException e) {
      throw StageFailures.invalidInput(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    ArtifactRef resumedFrom =
        context
            .getHeartbeatDetails(StageHeartbeat.class)
            .map(StageHeartbeat::checkpoint)
            .orElse(null);
    if (info.getAttempt() > 1) {
      events.publish(
          JobEvents.retried(
              input.key(),
              info.getRunId(),
              input.batchId(),
              input.stage(),
              info.getAttempt(),
              "attempt "
                  + (info.getAttempt() - 1)
                  + " ended without a result (its worker failed, was lost or timed out)",
              resumedFrom,
              System.currentTimeMillis()));
    }

    Path folder =
        scratchRoot
            .resolve(input.key().tenant())
            .resolve(input.key().jobId())
            .resolve(input.stage().id() + "-" + info.getAttempt());
    try (StageProgress progress =
        new StageProgress(
            context,
            events,
            input.key(),
            info.getRunId(),
            input.batchId(),
            input.stage(),
            info.getAttempt(),
            resumedFrom,
            heartbeatMillis,
            eventMillis)) {
      long started = System.nanoTime();
      FileTrees.delete(folder);
      Files.createDirectories(folder);
      Map<String, Path> local = fetchInputs(input, folder.resolve("in"));
      ArtifactCheckpointStore checkpoints =
          new ArtifactCheckpointStore(
              store, ArtifactCheckpointStore.prefix(input.stage().id(), stageKey), progress);
      StageProduct product =
          work.run(new StageWorkspace(input, folder, local, checkpoints, progress));
      progress.throwIfCancelled();
      double seconds = (System.nanoTime() - started) / 1e9;
      Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
      for (Map.Entry<String, Path> out : product.outputs().entrySet()) {
        if (Files.isDirectory(out.getValue())) {
          StageWallTime.write(out.getValue(), input.stage(), info.getAttempt(), seconds);
        }
        Path zip = folder.resolve(out.getKey() + ".zip");
        FolderArchive.zip(out.getValue(), zip);
        artifacts.put(out.getKey(), store.put(outputKey(input, stageKey, out.getKey(), zip), zip));
      }
      StageOutput output = new StageOutput(artifacts, product.metrics(), false);
      cache.put(input.stage(), stageKey, output);
      return output;
    } catch (InvalidInputException e) {
      throw StageFailures.invalidInput(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        FileTrees.delete(folder);
      } catch (IOException e) {
        // A scratch folder left behind costs disk, not correctness: the next attempt clears it.
        System.err.println("persona: could not remove " + folder + ": " + e.getMessage());
      }
    }
  }

  /**
   * Where a stage output is stored: under its stage key and its own sha256. Two runs of the same
   * stage key can run at once (two jobs of one batch with the same photo, say), and their outputs
   * need not be byte-identical (timings in reports); under one key the second would overwrite the
   * first and break the first job's reference to it.
   */
  private static String outputKey(StageInput input, String stageKey, String name, Path zip)
      throws IOException {
    return "stages/"
        + input.stage().id()
        + "/"
        + stageKey
        + "/"
        + Sha256.of(zip)
        + "/"
        + name
        + ".zip";
  }

  /** Each input artifact as a local path: zips unpacked into folders, other files as they are. */
  private Map<String, Path> fetchInputs(StageInput input, Path folder) throws IOException {
    Files.createDirectories(folder);
    Map<String, Path> local = new LinkedHashMap<>();
    for (Map.Entry<String, ArtifactRef> in : input.inputs().entrySet()) {
      String uri = in.getValue().uri();
      String name = uri.substring(uri.lastIndexOf('/') + 1);
      Path file = folder.resolve(in.getKey() + "-" + name);
      store.get(in.getValue(), file);
      if (name.endsWith(".zip")) {
        Path unpacked = folder.resolve(in.getKey());
        FolderArchive.unzip(file, unpacked);
        Files.delete(file);
        local.put(in.getKey(), unpacked);
      } else {
        local.put(in.getKey(), file);
      }
    }
    return local;
  }
}
