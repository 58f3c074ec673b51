package dev.persona.app.stage;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stage's result before it is stored: output folders by artifact name (each stored zipped) and
 * figures by name. A figure that is not a finite number (a PSNR of identical images, a rate over no
 * iterations) is left out: JSON, and so the workflow's payloads, cannot carry it.
 */
record StageProduct(Map<String, Path> outputs, Map<String, Double> metrics) {
  StageProduct {
    outputs = Map.copyOf(outputs);
    Map<String, Double> finite = new LinkedHashMap<>();
    metrics.forEach(
        (name, value) -> {
          if (Double.isFinite(value)) {
            finite.put(name, value);
          }
        });
    metrics = Map.copyOf(finite);
  }
}
