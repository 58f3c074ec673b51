package dev.persona.app.api;

import dev.persona.app.jobs.JobClient;
import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.workflows.batch.BatchItem;
import dev.persona.workflows.batch.BatchRequest;
import dev.persona.workflows.batch.BatchSummary;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.JobOptions;
import dev.persona.workflows.job.OnboardingRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Batches of avatar jobs ({@code BatchOnboarding}): many stored photos, each a child job, at most
 * {@code concurrency} at once; the batch's progress while it runs and its summary once it ended.
 */
@Path("/v1/batches")
@ServerSpan
@Tag(name = "batches", description = "Many photos as one batch with bounded concurrency")
public class BatchResource {
  private final PersonaServices services;

  @Inject
  public BatchResource(PersonaServices services) {
    this.services = services;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Start a batch",
      description =
          "Items name stored photos (sha256:HEX, uploads/ key or URI) as POST /v1/avatars does;"
              + " at most 1000 items per batch.")
  @APIResponse(responseCode = "202", description = "the batch started")
  @APIResponse(responseCode = "200", description = "this batch id was started before")
  public Response start(@HeaderParam(Tenancy.HEADER) String tenantHeader, BatchSubmission body)
      throws IOException {
    if (body == null || body.items() == null || body.items().isEmpty()) {
      throw new InvalidInputException(Reason.MALFORMED, "a batch needs at least one item");
    }
    String tenant = Tenancy.tenant(tenantHeader, services.defaultTenant());
    String batchId = body.batchId();
    Tenancy.key(tenant, batchId == null ? "" : batchId);
    JobOptions options =
        (body.options() == null
                ? new JobOptionsBody(null, null, null, null, null, null, null)
                : body.options())
            .toJobOptions();
    // Every item is checked (valid, unique id; a stored photo) before anything is recorded.
    List<BatchItem> items = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (BatchSubmission.Item item : body.items()) {
      JobKey key = Tenancy.key(tenant, item.jobId());
      if (!ids.add(key.jobId())) {
        throw new InvalidInputException(
            Reason.MALFORMED, "job id " + key.jobId() + " appears twice in the batch");
      }
      items.add(new BatchItem(key.jobId(), Photos.find(services.store(), item.photo())));
    }
    BatchRequest request;
    try {
      request =
          new BatchRequest(
              tenant,
              batchId,
              items,
              options,
              body.concurrency() == null ? 4 : body.concurrency(),
              0,
              null);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(Reason.MALFORMED, e.getMessage(), e);
    }
    JobClient jobs = services.jobs();
    for (BatchItem item : items) {
      jobs.record(
          new OnboardingRequest(new JobKey(tenant, item.jobId()), item.photo(), options, batchId));
    }
    boolean existed = jobs.startBatch(request);
    BatchSummary summary =
        jobs.batchProgress(tenant, batchId)
            .orElse(new BatchSummary(batchId, items.size(), 0, 0, 0, List.of()));
    return Response.status(existed ? 200 : 202)
        .location(URI.create("/v1/batches/" + batchId))
        .entity(BatchStatus.of(tenant, summary, existed))
        .build();
  }

  @GET
  @Path("{id}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "A batch's progress, or its summary once ended")
  @APIResponse(responseCode = "200", description = "the batch")
  @APIResponse(responseCode = "404", description = "no such batch")
  public BatchStatus progress(
      @HeaderParam(Tenancy.HEADER) String tenantHeader, @PathParam("id") String id) {
    String tenant = Tenancy.tenant(tenantHeader, services.defaultTenant());
    Tenancy.key(tenant, id);
    return services
        .jobs()
        .batchProgress(tenant, id)
        .map(s -> BatchStatus.of(tenant, s, true))
        .orElseThrow(
            () ->
                new ApiProblem(
                    404, "batch-not-found", "No such batch", "no batch " + tenant + "/" + id));
  }
}
