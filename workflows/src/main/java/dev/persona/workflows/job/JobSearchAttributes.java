package dev.persona.workflows.job;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import java.util.Map;

/**
 * The custom search attributes of Persona's workflows, so operators can find jobs in Temporal's
 * visibility (for example {@code PersonaTenant = 'acme' AND PersonaStage = 'TRAIN'} in the UI or
 * {@code temporal workflow list --query ...}). A server refuses attributes it has not registered,
 * so they are used only where the caller says they are registered ({@code
 * PERSONA_SEARCH_ATTRIBUTES}, docs/operations.md); the embedded server registers them itself. A
 * workflow upserts its stage only when it was started with them, and a batch gives them to its
 * children only when it has them, so one switch at the caller decides for the whole job.
 */
public final class JobSearchAttributes {
  private JobSearchAttributes() {}

  public static final SearchAttributeKey<String> TENANT =
      SearchAttributeKey.forKeyword("PersonaTenant");
  public static final SearchAttributeKey<String> JOB_ID =
      SearchAttributeKey.forKeyword("PersonaJobId");
  public static final SearchAttributeKey<String> BATCH_ID =
      SearchAttributeKey.forKeyword("PersonaBatchId");

  /** The stage a job is in (or ended in): a {@link Stage} name. */
  public static final SearchAttributeKey<String> STAGE =
      SearchAttributeKey.forKeyword("PersonaStage");

  /** Every attribute with its type, as an operator registers them. */
  public static Map<String, IndexedValueType> definitions() {
    return Map.of(
        TENANT.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
        JOB_ID.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
        BATCH_ID.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
        STAGE.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
  }

  /** A job's attributes at its start (its batch's when it belongs to one). */
  public static SearchAttributes forJob(JobKey key, String batchId) {
    SearchAttributes.Builder b =
        SearchAttributes.newBuilder().set(TENANT, key.tenant()).set(JOB_ID, key.jobId());
    if (batchId != null) {
      b.set(BATCH_ID, batchId);
    }
    return b.build();
  }

  /** A batch workflow's attributes. */
  public static SearchAttributes forBatch(String tenant, String batchId) {
    return SearchAttributes.newBuilder().set(TENANT, tenant).set(BATCH_ID, batchId).build();
  }
}
