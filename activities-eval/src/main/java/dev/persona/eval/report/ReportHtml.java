package dev.persona.eval.report;

import dev.persona.core.image.AnimatedGifWriter;
import dev.persona.core.image.ContactSheet;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.core.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link JobReport} as {@value #HTML} plus its images in {@value #FILES}/ beside it: a
 * self-contained page (inline CSS, no scripts, no network) that any browser opens from disk. The
 * images are written first and the page last, atomically, so a page that exists refers only to
 * images that exist.
 */
public final class ReportHtml {
  public static final String HTML = "report.html";
  public static final String FILES = "report-files";

  /** Cells of the synthesised frames' contact sheet, pixels, and its columns. */
  static final int SHEET_CELL = 160;

  static final int SHEET_COLUMNS = 6;

  /** Frames per second of the turntable GIF. */
  static final double TURNTABLE_FPS = 12;

  private ReportHtml() {}

  /** Writes the report into {@code folder}; returns the page's path. */
  public static Path write(Path folder, JobReport report) throws IOException {
    Path files = folder.resolve(FILES);
    Files.createDirectories(files);
    StringBuilder html = new StringBuilder(8192);
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
        .append(escape(report.title()))
        .append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:2em;max-width:1100px;color:#222}\n")
        .append("img{max-width:100%;border:1px solid #ccc;background:#fff}\n")
        .append(".row{display:flex;gap:1em;flex-wrap:wrap;align-items:flex-start}\n")
        .append(".row figure{margin:0;flex:1 1 0;min-width:180px}\n")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;")
        .append("text-align:left}\n.missing{color:#a00}\n</style></head><body>\n<h1>")
        .append(escape(report.title()))
        .append("</h1>\n");

    html.append("<h2>Input and fit</h2>\n<div class=\"row\">\n");
    figure(html, files, "photo.png", report.photo(), "the photo");
    figure(html, files, "mask.png", report.mask(), "the person mask");
    figure(html, files, "fit-overlay.png", report.fitOverlay(), "the fitted body over the photo");
    html.append("</div>\n");

    html.append("<h2>Synthesised training frames</h2>\n");
    Image sheet =
        report.synthesisedFrames().isEmpty()
            ? null
            : ContactSheet.of(report.synthesisedFrames(), SHEET_COLUMNS, SHEET_CELL, SHEET_CELL);
    figure(
        html,
        files,
        "synthesised.png",
        sheet,
        report.synthesisedFrames().size() + " frames of the training video");

    html.append("<h2>Training</h2>\n<div class=\"row\">\n");
    TrainingCurves curves = report.training();
    if (curves == null || curves.iterations() == 0) {
      html.append("<p class=\"missing\">no training history recorded</p>\n");
    } else {
      TrainingCharts.writeLoss(curves, files.resolve("loss.png"));
      imageFigure(html, "loss.png", "loss per iteration");
      if (hasFinite(curves.photoPsnr())) {
        TrainingCharts.writePhotoPsnr(curves, files.resolve("photo-psnr.png"));
        imageFigure(html, "photo-psnr.png", "photo PSNR at the iterations that drew the photo");
      } else {
        html.append("<p class=\"missing\">no photo PSNR recorded</p>\n");
      }
    }
    html.append("</div>\n");

    html.append("<h2>The avatar</h2>\n<div class=\"row\">\n");
    List<Image> poses = report.novelPoses();
    for (int i = 0; i < poses.size(); i++) {
      figure(html, files, "pose-" + i + ".png", poses.get(i), "novel pose " + (i + 1));
    }
    if (!report.turntable().isEmpty()) {
      writeGif(files.resolve("turntable.gif"), report.turntable());
      imageFigure(html, "turntable.gif", "turntable");
    } else {
      html.append("<p class=\"missing\">no turntable rendered</p>\n");
    }
    html.append("</div>\n");

    html.append(
        "<h2>Metrics</h2>\n<table><tr><th>metric</th><th>value</th><th>meaning</th></tr>\n");
    for (ReportMetric m : report.metrics()) {
      html.append("<tr><td>")
          .append(escape(m.name()))
          .append("</td><td>")
          .append(escape(m.value()))
          .append("</td><td>")
          .append(escape(m.meaning()))
          .append("</td></tr>\n");
    }
    html.append("</table>\n");

    html.append(
        "<h2>Stage wall times</h2>\n<table><tr><th>stage</th><th>seconds</th><th></th></tr>\n");
    for (StageTime t : report.stageTimes()) {
      html.append("<tr><td>")
          .append(escape(t.stage()))
          .append("</td><td>")
          .append(
              Double.isFinite(t.seconds())
                  ? String.format(Locale.ROOT, "%.1f", t.seconds())
                  : "not recorded")
          .append("</td><td>")
          .append(escape(t.note()))
          .append("</td></tr>\n");
    }
    html.append("</table>\n</body></html>\n");
    Path page = folder.resolve(HTML);
    byte[] bytes = html.toString().getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(page, out -> out.write(bytes));
    return page;
  }

  private static void figure(
      StringBuilder html, Path files, String name, Image image, String caption) throws IOException {
    if (image == null) {
      html.append("<p class=\"missing\">").append(escape(caption)).append(": not available</p>\n");
      return;
    }
    ImageIo.writePng(files.resolve(name), image);
    imageFigure(html, name, caption);
  }

  private static void imageFigure(StringBuilder html, String name, String caption) {
    html.append("<figure><img src=\"")
        .append(FILES)
        .append('/')
        .append(name)
        .append("\" alt=\"")
        .append(escape(caption))
        .append("\"><figcaption>")
        .append(escape(caption))
        .append("</figcaption></figure>\n");
  }

  private static void writeGif(Path file, List<Image> frames) throws IOException {
    AtomicFiles.write(
        file,
        (OutputStream out) -> {
          try (AnimatedGifWriter gif = new AnimatedGifWriter(out, TURNTABLE_FPS)) {
            for (Image f : frames) {
              gif.add(f);
            }
          }
        });
  }

  private static boolean hasFinite(float[] values) {
    for (float v : values) {
      if (Float.isFinite(v)) {
        return true;
      }
    }
    return false;
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
