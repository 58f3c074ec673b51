package dev.persona.app.api;

import dev.persona.app.jobs.JobClient;
import dev.persona.app.jobs.JobIds;
import dev.persona.app.jobs.JobView;
import dev.persona.core.InvalidInputException;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.JobOptions;
import dev.persona.workflows.job.JobState;
import dev.persona.workflows.job.OnboardingRequest;
import dev.persona.workflows.job.OnboardingResult;
import io.temporal.client.WorkflowFailedException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Avatar jobs: submit a photo, read a job's status, follow its events, download its outputs, cancel
 * and resume it. A job id names one request within the tenant ({@code Persona-Tenant}): submitting
 * it again finds the job (200) instead of starting another (202).
 */
@Path("/v1/avatars")
@ServerSpan
@Tag(name = "avatars", description = "One photo in, one animatable avatar out")
public class AvatarResource {
  private static final String TENANT_DOC =
      "the tenant (default: the server's persona.default-tenant)";

  private final PersonaServices services;

  @Inject
  public AvatarResource(PersonaServices services) {
    this.services = services;
  }

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Submit a photo (multipart)",
      description =
          "Part 'photo' (JPEG, PNG or WebP, at most persona.max-photo-size); optional 'jobId'"
              + " (default: from the photo's content and the options) and the options as the CLI"
              + " names them: preset, iterations, resolution, backend, motions (comma-separated),"
              + " frames, size.")
  @APIResponse(responseCode = "202", description = "a new job started")
  @APIResponse(responseCode = "200", description = "this job id was submitted before: that job")
  @APIResponse(responseCode = "413", description = "the photo is over the size limit")
  @APIResponse(responseCode = "415", description = "the photo is not a JPEG, PNG or WebP")
  public Response upload(
      @HeaderParam(Tenancy.HEADER) @Parameter(description = TENANT_DOC) String tenantHeader,
      @RestForm("photo") FileUpload photo,
      @RestForm String jobId,
      @RestForm String preset,
      @RestForm Integer iterations,
      @RestForm Integer resolution,
      @RestForm String backend,
      @RestForm String motions,
      @RestForm Integer frames,
      @RestForm Integer size)
      throws IOException {
    if (photo == null) {
      throw new InvalidInputException(
          InvalidInputException.Reason.MALFORMED, "the multipart body has no 'photo' part");
    }
    Photos.check(photo.uploadedFile(), photo.size(), services.maxPhotoBytes());
    JobOptions options =
        new JobOptionsBody(
                preset,
                iterations,
                resolution,
                backend,
                motions == null || motions.isBlank()
                    ? null
                    : Arrays.stream(motions.split(",")).map(String::strip).toList(),
                frames,
                size)
            .toJobOptions();
    String tenant = Tenancy.tenant(tenantHeader, services.defaultTenant());
    String clientName = photo.fileName() == null ? "photo" : photo.fileName();
    JobKey key =
        Tenancy.key(
            tenant,
            jobId != null && !jobId.isBlank()
                ? jobId.strip()
                : JobIds.fromPhoto(photo.uploadedFile(), clientName, options));
    // JobClient stores photos under their content hash and keeps the name's extension.
    java.nio.file.Path named =
        Files.createTempDirectory("persona-upload").resolve(storedName(clientName));
    try {
      Files.copy(photo.uploadedFile(), named);
      return accepted(services.jobs().submit(named, key, options, null));
    } finally {
      Files.deleteIfExists(named);
      Files.deleteIfExists(named.getParent());
    }
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Submit a stored photo (JSON)",
      description =
          "'photo' names a photo already in the artifact store: sha256:HEX of an earlier upload,"
              + " its key uploads/HEX.EXT, or its URI.")
  @APIResponse(responseCode = "202", description = "a new job started")
  @APIResponse(responseCode = "200", description = "this job id was submitted before: that job")
  public Response submit(
      @HeaderParam(Tenancy.HEADER) @Parameter(description = TENANT_DOC) String tenantHeader,
      AvatarSubmission body)
      throws IOException {
    if (body == null) {
      throw new InvalidInputException(InvalidInputException.Reason.MALFORMED, "the body is empty");
    }
    JobOptions options =
        (body.options() == null
                ? new JobOptionsBody(null, null, null, null, null, null, null)
                : body.options())
            .toJobOptions();
    var photo = Photos.find(services.store(), body.photo());
    String tenant = Tenancy.tenant(tenantHeader, services.defaultTenant());
    String jobId =
        body.jobId() != null && !body.jobId().isBlank()
            ? body.jobId()
            : JobIds.of("photo", photo.sha256(), options);
    JobKey key = Tenancy.key(tenant, jobId);
    return accepted(services.jobs().start(new OnboardingRequest(key, photo, options, null)));
  }

  @GET
  @Path("{id}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "A job's state, running stage and progress")
  @APIResponse(responseCode = "200", description = "the job")
  @APIResponse(responseCode = "404", description = "no such job")
  public AvatarStatus status(
      @HeaderParam(Tenancy.HEADER) @Parameter(description = TENANT_DOC) String tenantHeader,
      @PathParam("id") String id) {
    return AvatarStatus.of(services.jobs().view(key(tenantHeader, id)));
  }

  @GET
  @Path("{id}/events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(
      summary = "The job's events as server-sent events",
      description =
          "From the job's first event (or after Last-Event-ID) until its latest run ends; id is"
              + " the CloudEvent id, event its type, data the structured CloudEvent (docs/events).")
  public void events(
      @HeaderParam(Tenancy.HEADER) @Parameter(description = TENANT_DOC) String tenantHeader,
      @HeaderParam("Last-Event-ID") String lastEventId,
      @PathParam("id") String id,
      @Context SseEventSink sink,
      @Context Sse sse) {
    JobKey key = key(tenantHeader, id);
    String runId = services.jobs().currentRunId(key);
    JobEventFeed.stream(services.runtime(), key, runId, lastEventId, sink, sse);
  }

  @GET
  @Path("{id}/artifacts/{name: .+}")
  @Operation(
      summary = "Download an output of a finished job",
      description =
          "A result artifact (result, avatar, video, fit, photo) or a file of the result folder"
              + " (avatar.splat, renders/walk.gif, ...); the ETag is its sha256.")
  @APIResponse(responseCode = "200", description = "the artifact's bytes")
  @APIResponse(responseCode = "404", description = "no such job or artifact")
  @APIResponse(responseCode = "409", description = "the job has not completed")
  public Response artifact(
      @HeaderParam(Tenancy.HEADER) @Parameter(description = TENANT_DOC) String tenantHeader,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
      @PathParam("id") String id,
      @PathParam("name") String name)
      throws IOException {
    JobKey key = key(tenantHeader, id);
    JobClient jobs = services.jobs();
    JobView view = jobs.view(key);
    if (view.status().state() != JobState.COMPLETED) {
      throw new ApiProblem(
          409,
          "job-not-completed",
          "Job not completed",
          "job "
              + key.tenant()
              + "/"
              + key.jobId()
              + " is "
              + view.status().state().name().toLowerCase(Locale.ROOT)
              + "; artifacts exist once it completed");
    }
    OnboardingResult result;
    try {
      result = jobs.await(key, 30, TimeUnit.SECONDS);
    } catch (TimeoutException | WorkflowFailedException e) {
      throw new ApiProblem(
          409, "job-not-completed", "Job not completed", "the job's result is not available");
    }
    return ArtifactDownloads.download(services.store(), result, name, ifNoneMatch);
  }

  /**
   * The custom methods (AIP-136) {@code POST /v1/avatars/JOB:cancel} and {@code JOB:resume}. One
   * resource method on the same {@code {id}} template as the status: Quarkus REST's router picks
   * the {@code {id}} template for {@code JOB:cancel} before a {@code {id}:cancel} one (a 405), so
   * the verb is split off here. An encoded colon ({@code %3A}) arrives decoded.
   */
  @POST
  @Path("{id}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Cancel or resume a job: POST /v1/avatars/JOB:cancel, /v1/avatars/JOB:resume",
      description =
          "JOB:cancel stops the running stage at its next heartbeat (training saves a checkpoint);"
              + " JOB:resume starts a new run from the stored request, finished stages from the"
              + " stage cache (a running job is found, not doubled).")
  @APIResponse(responseCode = "202", description = "cancellation requested, or the resumed run")
  @APIResponse(responseCode = "404", description = "no such job, or no such method")
  public Response customMethod(
      @HeaderParam(Tenancy.HEADER) @Parameter(description = TENANT_DOC) String tenantHeader,
      @PathParam("id") @Parameter(description = "JOB:cancel or JOB:resume") String call)
      throws IOException {
    int colon = call.lastIndexOf(':');
    String verb = colon < 0 ? "" : call.substring(colon + 1);
    String id = colon < 0 ? call : call.substring(0, colon);
    return switch (verb) {
      case "cancel" -> cancel(key(tenantHeader, id));
      case "resume" -> resume(key(tenantHeader, id));
      default ->
          throw new ApiProblem(
              404,
              "unknown-method",
              "No such method",
              "POST /v1/avatars/JOB takes :cancel or :resume, got \"" + call + "\"");
    };
  }

  private Response cancel(JobKey key) {
    services.jobs().cancel(key);
    return Response.accepted(AvatarStatus.of(services.jobs().view(key))).build();
  }

  private Response resume(JobKey requested) throws IOException {
    JobClient.Submission s = services.jobs().resume(requested);
    JobKey key = s.request().key();
    return Response.accepted(
            AvatarJob.of(key.tenant(), key.jobId(), s.runId(), false, s.request().photo()))
        .build();
  }

  private JobKey key(String tenantHeader, String id) {
    return Tenancy.key(Tenancy.tenant(tenantHeader, services.defaultTenant()), id);
  }

  private static Response accepted(JobClient.Submission s) {
    JobKey key = s.request().key();
    AvatarJob job =
        AvatarJob.of(key.tenant(), key.jobId(), s.runId(), s.alreadyStarted(), s.request().photo());
    return Response.status(s.alreadyStarted() ? 200 : 202)
        .location(URI.create(job.status()))
        .entity(job)
        .build();
  }

  /** The client's file name reduced to a safe extension ({@code photo.jpg}), for the store key. */
  private static String storedName(String clientName) {
    String lower = clientName.toLowerCase(Locale.ROOT);
    for (String extension : List.of(".jpg", ".jpeg", ".png", ".webp")) {
      if (lower.endsWith(extension)) {
        return "photo" + extension;
      }
    }
    return "photo";
  }
}
