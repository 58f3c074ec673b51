package dev.persona.workflows.job;

import dev.persona.workflows.artifact.ArtifactRef;
import java.util.Map;

/**
 * A finished avatar job: the published artifacts by name ({@code bundle}, {@code report}, {@code
 * renders}, ...) and the evaluation's figures by name ({@code photo_psnr}, ...).
 */
public record OnboardingResult(
    JobKey key, Map<String, ArtifactRef> artifacts, Map<String, Double> metrics) {
  public OnboardingResult {
    artifacts = Map.copyOf(artifacts);
    metrics = Map.copyOf(metrics);
  }
}
