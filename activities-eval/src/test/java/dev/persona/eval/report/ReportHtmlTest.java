package dev.persona.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportHtmlTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Pattern IMG = Pattern.compile("<img src=\"([^\"]+)\"");

  private static Image solid(int w, int h, int channels, float v) {
    Image im = new Image(w, h, channels);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < channels; c++) {
          im.set(x, y, c, (x + y + c) % 7 == 0 ? 1 - v : v);
        }
      }
    }
    return im;
  }

  private static JobReport full() {
    float[] loss = new float[60];
    float[] psnr = new float[60];
    for (int i = 0; i < loss.length; i++) {
      loss[i] = (float) (0.5 / (1 + 0.1 * i));
      psnr[i] = i % 5 == 0 ? 15 + 0.2f * i : Float.NaN;
    }
    return new JobReport(
        "job <demo> & \"test\"",
        solid(48, 64, 3, 0.4f),
        solid(48, 64, 1, 1f),
        solid(48, 64, 3, 0.6f),
        List.of(solid(32, 32, 3, 0.2f), solid(32, 32, 3, 0.7f), solid(32, 32, 3, 0.5f)),
        new TrainingCurves(loss, psnr),
        List.of(solid(40, 40, 3, 0.3f), solid(40, 40, 3, 0.8f)),
        List.of(solid(24, 24, 3, 0.1f), solid(24, 24, 3, 0.9f), solid(24, 24, 3, 0.5f)),
        List.of(
            new ReportMetric("photo PSNR", "27.31 dB", "the render against the photo"),
            new ReportMetric("LPIPS", "not configured", "no LPIPS network was given")),
        List.of(new StageTime("fit", 12.5, ""), new StageTime("synthesize", Double.NaN, "")));
  }

  private static List<String> imageSources(String html) {
    List<String> out = new ArrayList<>();
    Matcher m = IMG.matcher(html);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void writesThePageAndEveryImageItRefersTo(@TempDir Path dir) throws IOException {
    Path page = ReportHtml.write(dir, full());
    String html = Files.readString(page);
    List<String> sources = imageSources(html);
    // photo, mask, overlay, contact sheet, loss, PSNR, two poses, turntable.
    assertEquals(9, sources.size(), html);
    for (String src : sources) {
      Path file = dir.resolve(src);
      assertTrue(Files.size(file) > 0, src);
      if (src.endsWith(".png")) {
        assertTrue(ImageIo.read(file).width() > 0, src);
      }
    }
    Image loss = ImageIo.read(dir.resolve(ReportHtml.FILES).resolve("loss.png"));
    assertEquals(TrainingCharts.WIDTH, loss.width());
    assertEquals(TrainingCharts.HEIGHT, loss.height());
    assertTrue(html.contains("job &lt;demo&gt; &amp; &quot;test&quot;"), "title escaped");
    assertFalse(html.contains("<demo>"));
    assertTrue(html.contains("<td>not configured</td>"));
    assertTrue(html.contains("<td>12.5</td>"));
    assertTrue(html.contains("not recorded"));
  }

  @Test
  void saysWhatIsMissingInsteadOfShowingBrokenImages(@TempDir Path dir) throws IOException {
    JobReport bare =
        new JobReport(
            "bare", null, null, null, List.of(), null, List.of(), List.of(), List.of(), List.of());
    String html = Files.readString(ReportHtml.write(dir, bare));
    assertTrue(imageSources(html).isEmpty(), html);
    assertTrue(html.contains("the photo: not available"));
    assertTrue(html.contains("no training history recorded"));
    assertTrue(html.contains("no turntable rendered"));
  }

  /**
   * The page in a real browser: headless Chromium (Debian's {@code chromium}, installed by {@code
   * bin/test-deps}) loads a copy of the report with a script that, once the page has loaded, writes
   * each image's {@code naturalWidth} into the DOM, which {@code --dump-dom} prints. A missing
   * file, a wrong relative path or an undecodable PNG/GIF gives 0.
   */
  @Test
  void everyImageLoadsInHeadlessChromium(@TempDir Path dir) throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM),
        "SKIPPED LOUDLY: /usr/bin/chromium is not installed, so the report is not checked in a"
            + " browser; run bin/test-deps as root (./persona test does) or apt-get install"
            + " chromium");
    Path page = ReportHtml.write(dir, full());
    String html = Files.readString(page);
    int images = imageSources(html).size();
    String probe =
        "<script>window.addEventListener('load',function(){var r=[];"
            + "for(var i=0;i<document.images.length;i++){var im=document.images[i];"
            + "r.push(im.getAttribute('src')+'='+(im.complete?im.naturalWidth:-1));}"
            + "var p=document.createElement('pre');p.id='image-check';"
            + "p.textContent=r.join(' ');document.body.appendChild(p);});</script>";
    Path check = dir.resolve("check.html");
    Files.writeString(check, html.replace("</body>", probe + "</body>"));
    Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
    Process p =
        new ProcessBuilder(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--allow-file-access-from-files",
                "--user-data-dir=" + profile,
                // Lets load handlers finish before the DOM is dumped.
                "--virtual-time-budget=5000",
                "--dump-dom",
                check.toUri().toString())
            .redirectError(dir.resolve("chromium.log").toFile())
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium did not finish");
    String dom = new String(out, StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("<pre id=\"image-check\">([^<]*)</pre>").matcher(dom);
    assertTrue(
        m.find(),
        "no image check in the DOM; chromium said: "
            + Files.readString(dir.resolve("chromium.log")));
    String[] results = m.group(1).trim().split(" ");
    assertEquals(images, results.length, m.group(1));
    for (String r : results) {
      int width = Integer.parseInt(r.substring(r.lastIndexOf('=') + 1));
      assertTrue(width > 0, "image did not load in Chromium: " + r);
    }
  }
}
