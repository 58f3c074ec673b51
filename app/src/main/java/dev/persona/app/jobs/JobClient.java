package dev.persona.app.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.persona.app.artifact.ArtifactStore;
import dev.persona.app.artifact.FolderArchive;
import dev.persona.core.InvalidInputException;
import dev.persona.core.io.Sha256;
import dev.persona.workflows.artifact.ArtifactRef;
import dev.persona.workflows.batch.BatchOnboarding;
import dev.persona.workflows.batch.BatchRequest;
import dev.persona.workflows.batch.BatchSummary;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.JobOptions;
import dev.persona.workflows.job.JobSearchAttributes;
import dev.persona.workflows.job.JobStatus;
import dev.persona.workflows.job.OnboardingRequest;
import dev.persona.workflows.job.OnboardingResult;
import dev.persona.workflows.job.TaskQueues;
import dev.persona.workflows.onboarding.AvatarOnboarding;
import dev.persona.workflows.onboarding.OnboardingSubmission;
import dev.persona.workflows.stage.StageArtifacts;
import dev.persona.workflows.stage.StageHeartbeat;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DataConverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the CLI and the API do with jobs: submit a photo (stored first, then the workflow started
 * under the job's tenant-scoped id, or the earlier run found), read a job's status with its running
 * stage's heartbeat, cancel, resume and fetch the result. The request is kept in the artifact store
 * ({@code jobs/TENANT/JOB/request.json}), so {@link #resume} works even when the Temporal server
 * has lost every workflow (the embedded server keeps none across restarts): the new run finds the
 * finished stages in the stage cache and long stages' checkpoints in the store.
 */
public final class JobClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WorkflowClient client;
  private final ArtifactStore store;
  private final boolean searchAttributes;

  /** A client that starts jobs without search attributes. */
  public JobClient(WorkflowClient client, ArtifactStore store) {
    this(client, store, false);
  }

  /**
   * @param searchAttributes start jobs and batches with {@link JobSearchAttributes}, which the
   *     server must have registered
   */
  public JobClient(WorkflowClient client, ArtifactStore store, boolean searchAttributes) {
    this.client = client;
    this.store = store;
    this.searchAttributes = searchAttributes;
  }

  public WorkflowClient workflowClient() {
    return client;
  }

  /** The outcome of {@link #submit}: the request as stored and whether a run already existed. */
  public record Submission(OnboardingRequest request, String runId, boolean alreadyStarted) {}

  /**
   * Stores the photo and the request and starts the job; a job submitted before is found, not
   * started again.
   *
   * @throws InvalidInputException NOT_FOUND when the photo file does not exist
   */
  public Submission submit(Path photo, JobKey key, JobOptions options, String batchId)
      throws IOException {
    return start(new OnboardingRequest(key, storePhoto(photo), options, batchId));
  }

  /**
   * Starts (or finds) the job of a request whose photo is already stored. A job id names one
   * request: submitting it again is idempotent, submitting another photo or other options under it
   * is refused.
   *
   * @throws InvalidInputException MALFORMED when the job id was used for another request
   */
  public Submission start(OnboardingRequest request) throws IOException {
    record(request);
    OnboardingSubmission.Submitted s =
        OnboardingSubmission.submit(client, request, searchAttributes);
    return new Submission(request, s.execution().getRunId(), s.alreadyStarted());
  }

  /**
   * Stores the request of a job that is about to start (directly, or as a batch's child) so that
   * {@link #resume} can start it again; the same request twice is fine, another under the same job
   * id is refused.
   *
   * @throws InvalidInputException MALFORMED when the job id was used for another request
   */
  public void record(OnboardingRequest request) throws IOException {
    Optional<OnboardingRequest> earlier = storedRequest(request.key());
    if (earlier.isPresent()) {
      if (!earlier.get().equals(request)) {
        throw new InvalidInputException(
            InvalidInputException.Reason.MALFORMED,
            "job "
                + request.key().tenant()
                + "/"
                + request.key().jobId()
                + " was submitted before with another photo or options; use a new job id");
      }
    } else {
      store.put(requestKey(request.key()), JSON.writeValueAsBytes(request));
    }
  }

  /** The request stored for the job, if any. */
  private Optional<OnboardingRequest> storedRequest(JobKey key) throws IOException {
    Optional<ArtifactRef> ref = store.find(requestKey(key));
    return ref.isEmpty()
        ? Optional.empty()
        : Optional.of(JSON.readValue(store.read(ref.get()), OnboardingRequest.class));
  }

  /** Stores a photo by its content and returns its reference. */
  public ArtifactRef storePhoto(Path photo) throws IOException {
    if (!Files.isRegularFile(photo)) {
      throw new InvalidInputException(
          InvalidInputException.Reason.NOT_FOUND, "photo not found: " + photo);
    }
    return store.put(photoKey(Sha256.of(photo), photo), photo);
  }

  /**
   * Starts the job again from its stored request: a new run of the same workflow id, allowed after
   * a failed, cancelled or forgotten run; finished stages come from the stage cache. A job that is
   * still running is found, not doubled.
   */
  public Submission resume(JobKey key) throws IOException {
    OnboardingRequest request =
        storedRequest(key)
            .orElseThrow(
                () -> new JobNotFoundException(key, "its request is not in the artifact store"));
    return new Submission(
        request,
        OnboardingSubmission.submit(client, request, searchAttributes).execution().getRunId(),
        false);
  }

  /**
   * Starts a batch whose items' photos are stored and requests recorded ({@link #record}); a batch
   * started before under the same id is found, not started again.
   *
   * @return whether the batch was started before
   */
  public boolean startBatch(BatchRequest request) {
    WorkflowOptions.Builder options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(BatchRequest.workflowId(request.tenant(), request.batchId()))
            .setTaskQueue(TaskQueues.CPU)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY);
    if (searchAttributes) {
      options.setTypedSearchAttributes(
          JobSearchAttributes.forBatch(request.tenant(), request.batchId()));
    }
    BatchOnboarding workflow = client.newWorkflowStub(BatchOnboarding.class, options.build());
    try {
      WorkflowClient.start(workflow::run, request);
      return false;
    } catch (WorkflowExecutionAlreadyStarted e) {
      return true;
    }
  }

  /** The job's status and its running stage's latest heartbeat. */
  public JobView view(JobKey key) {
    JobStatus status;
    try {
      status = client.newWorkflowStub(AvatarOnboarding.class, key.workflowId()).status();
    } catch (WorkflowNotFoundException e) {
      throw new JobNotFoundException(key, "Temporal has no workflow " + key.workflowId());
    }
    DescribeWorkflowExecutionResponse describe;
    try {
      describe =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setExecution(
                          WorkflowExecution.newBuilder().setWorkflowId(key.workflowId()).build())
                      .build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return new JobView(status, null, 0, null);
      }
      throw e;
    }
    DataConverter converter = client.getOptions().getDataConverter();
    for (PendingActivityInfo pending : describe.getPendingActivitiesList()) {
      StageHeartbeat heartbeat = null;
      if (pending.hasHeartbeatDetails()) {
        heartbeat =
            converter.fromPayloads(
                0,
                Optional.of(pending.getHeartbeatDetails()),
                StageHeartbeat.class,
                StageHeartbeat.class);
      }
      String failure = pending.hasLastFailure() ? pending.getLastFailure().getMessage() : null;
      return new JobView(status, heartbeat, pending.getAttempt(), failure);
    }
    return new JobView(status, null, 0, null);
  }

  /**
   * The id of the job's latest run (a resumed job has several).
   *
   * @throws JobNotFoundException when Temporal has no workflow for the job
   */
  public String currentRunId(JobKey key) {
    try {
      return client
          .getWorkflowServiceStubs()
          .blockingStub()
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace(client.getOptions().getNamespace())
                  .setExecution(
                      WorkflowExecution.newBuilder().setWorkflowId(key.workflowId()).build())
                  .build())
          .getWorkflowExecutionInfo()
          .getExecution()
          .getRunId();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw new JobNotFoundException(key, "Temporal has no workflow " + key.workflowId());
      }
      throw e;
    }
  }

  /**
   * A batch's summary so far (its final one once it ended).
   *
   * @return empty when Temporal has no such batch
   */
  public Optional<BatchSummary> batchProgress(String tenant, String batchId) {
    try {
      return Optional.of(
          client
              .newWorkflowStub(BatchOnboarding.class, BatchRequest.workflowId(tenant, batchId))
              .progress());
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Asks the job to stop; its running stage ends at its next heartbeat (training checkpoints). */
  public void cancel(JobKey key) {
    try {
      client.newUntypedWorkflowStub(key.workflowId()).cancel();
    } catch (WorkflowNotFoundException e) {
      throw new JobNotFoundException(key, "Temporal has no running workflow " + key.workflowId());
    }
  }

  /**
   * Waits for the job's result.
   *
   * @throws io.temporal.client.WorkflowFailedException when the job failed or was cancelled
   */
  public OnboardingResult await(JobKey key, long timeout, TimeUnit unit) throws TimeoutException {
    WorkflowStub stub = client.newUntypedWorkflowStub(key.workflowId());
    return stub.getResult(timeout, unit, OnboardingResult.class);
  }

  /** Unpacks a finished job's result folder (bundle, renders, report) into {@code folder}. */
  public void download(OnboardingResult result, Path folder) throws IOException {
    ArtifactRef ref = result.artifacts().get(StageArtifacts.RESULT);
    if (ref == null) {
      throw new IllegalStateException("the job's result names no '" + StageArtifacts.RESULT + "'");
    }
    Path zip = Files.createTempFile("persona-result", ".zip");
    try {
      store.get(ref, zip);
      FolderArchive.unzip(zip, folder);
    } finally {
      Files.deleteIfExists(zip);
    }
  }

  static String requestKey(JobKey key) {
    return "jobs/" + key.tenant() + "/" + key.jobId() + "/request.json";
  }

  /** Photos are stored by content: immutable, and the same photo twice is stored once. */
  static String photoKey(String sha256, Path photo) {
    String name = photo.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    String extension = dot > 0 && name.length() - dot <= 6 ? name.substring(dot) : "";
    return "uploads/" + sha256 + extension;
  }
}
