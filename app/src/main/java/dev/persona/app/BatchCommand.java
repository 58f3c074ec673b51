package dev.persona.app;

import dev.persona.app.jobs.PersonaRuntime;
import dev.persona.core.InvalidInputException;
import dev.persona.workflows.batch.BatchFailure;
import dev.persona.workflows.batch.BatchItem;
import dev.persona.workflows.batch.BatchRequest;
import dev.persona.workflows.batch.BatchSummary;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.JobOptions;
import dev.persona.workflows.job.OnboardingRequest;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./persona batch MANIFEST}: many photos as one batch, each a child job, at most {@code
 * --concurrency} at once. The manifest is CSV with a header {@code job_id,photo}; photo paths are
 * relative to the manifest's folder. Waits for the summary unless {@code --no-wait}.
 */
@Command(
    name = "batch",
    description =
        "Onboard a manifest of photos (CSV: job_id,photo) as one batch with bounded concurrency.")
final class BatchCommand implements Callable<Integer> {
  /** How often a waiting batch prints its progress (when it changed). */
  private static final long PROGRESS_SECONDS = 5;

  @Parameters(index = "0", paramLabel = "MANIFEST", description = "CSV file: job_id,photo")
  Path manifest;

  @Option(names = "--batch", description = "batch id (default: the manifest's file name)")
  String batch;

  @Option(names = "--concurrency", description = "jobs running at once (default: 4)")
  int concurrency = 4;

  @Option(names = "--no-wait", description = "start the batch and return")
  boolean noWait;

  @Mixin JobOptionsMixin jobOptions;

  /** One manifest line. */
  record Line(String jobId, Path photo) {}

  @Override
  public Integer call() throws Exception {
    List<Line> lines = read(manifest);
    String batchId =
        batch != null
            ? batch
            : manifest
                .getFileName()
                .toString()
                .replaceFirst("\\.[^.]*$", "")
                .replaceAll("[^A-Za-z0-9_.-]", "-");
    JobOptions options = jobOptions.options();
    String tenant = jobOptions.tenant;
    try (PersonaRuntime runtime = PersonaRuntime.connect(!noWait, System.err)) {
      List<BatchItem> items = new ArrayList<>();
      for (Line line : lines) {
        BatchItem item = new BatchItem(line.jobId(), runtime.jobs().storePhoto(line.photo()));
        runtime
            .jobs()
            .record(
                new OnboardingRequest(
                    new JobKey(tenant, line.jobId()), item.photo(), options, batchId));
        items.add(item);
      }
      BatchRequest request;
      try {
        request = new BatchRequest(tenant, batchId, items, options, concurrency, 0, null);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(InvalidInputException.Reason.MALFORMED, e.getMessage(), e);
      }
      if (runtime.jobs().startBatch(request)) {
        System.out.println("batch " + tenant + "/" + batchId + " was started before; following it");
      } else {
        System.out.println(
            "batch " + tenant + "/" + batchId + ": " + items.size() + " jobs started");
      }
      if (noWait) {
        return 0;
      }
      BatchSummary summary = follow(runtime, tenant, batchId);
      System.out.printf(
          "batch %s: %d completed, %d failed, %d cancelled of %d%n",
          batchId, summary.completed(), summary.failed(), summary.cancelled(), summary.total());
      for (BatchFailure f : summary.failures()) {
        System.out.println("  " + f.jobId() + ": " + f.failureType() + ": " + f.message());
      }
      return summary.failed() + summary.cancelled() == 0 ? 0 : JobRun.EXIT_JOB_FAILED;
    }
  }

  /**
   * Waits for the batch, printing a line whenever its progress (the batch's query, across
   * continue-as-new runs) changes.
   */
  private static BatchSummary follow(PersonaRuntime runtime, String tenant, String batchId)
      throws Exception {
    WorkflowStub stub =
        runtime
            .jobs()
            .workflowClient()
            .newUntypedWorkflowStub(BatchRequest.workflowId(tenant, batchId));
    BatchSummary shown = null;
    while (true) {
      try {
        return stub.getResult(PROGRESS_SECONDS, TimeUnit.SECONDS, BatchSummary.class);
      } catch (TimeoutException e) {
        BatchSummary now = runtime.jobs().batchProgress(tenant, batchId).orElse(shown);
        if (now != null && !now.equals(shown)) {
          System.out.printf(
              "batch %s: %d completed, %d failed, %d cancelled of %d so far%n",
              now.batchId(), now.completed(), now.failed(), now.cancelled(), now.total());
          shown = now;
        }
      }
    }
  }

  /** The manifest's lines; a malformed manifest is refused before anything is stored. */
  static List<Line> read(Path manifest) throws IOException {
    if (!Files.isRegularFile(manifest)) {
      throw new InvalidInputException(
          InvalidInputException.Reason.NOT_FOUND, "manifest not found: " + manifest);
    }
    List<String> text = Files.readAllLines(manifest, StandardCharsets.UTF_8);
    if (text.isEmpty() || !text.get(0).strip().equals("job_id,photo")) {
      throw new InvalidInputException(
          InvalidInputException.Reason.WRONG_FORMAT,
          manifest + ": the first line must be the header job_id,photo");
    }
    Path base = manifest.toAbsolutePath().getParent();
    List<Line> lines = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 1; i < text.size(); i++) {
      String row = text.get(i).strip();
      if (row.isEmpty()) {
        continue;
      }
      int comma = row.indexOf(',');
      if (comma <= 0 || comma == row.length() - 1) {
        throw new InvalidInputException(
            InvalidInputException.Reason.MALFORMED,
            manifest + " line " + (i + 1) + ": expected job_id,photo, got '" + row + "'");
      }
      String id = row.substring(0, comma).strip();
      try {
        new JobKey("default", id);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            InvalidInputException.Reason.MALFORMED,
            manifest + " line " + (i + 1) + ": " + e.getMessage());
      }
      if (!ids.add(id)) {
        throw new InvalidInputException(
            InvalidInputException.Reason.MALFORMED,
            manifest + " line " + (i + 1) + ": job id " + id + " appears twice");
      }
      lines.add(new Line(id, base.resolve(row.substring(comma + 1).strip())));
    }
    if (lines.isEmpty()) {
      throw new InvalidInputException(
          InvalidInputException.Reason.MALFORMED, manifest + " lists no photos");
    }
    return lines;
  }
}
