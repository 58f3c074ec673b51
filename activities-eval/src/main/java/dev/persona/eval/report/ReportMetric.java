package dev.persona.eval.report;

/**
 * One row of the report's metrics table.
 *
 * @param name what was measured ("photo PSNR")
 * @param value the figure as shown ("27.31 dB", "not configured")
 * @param meaning what the number says, one sentence
 */
public record ReportMetric(String name, String value, String meaning) {}
