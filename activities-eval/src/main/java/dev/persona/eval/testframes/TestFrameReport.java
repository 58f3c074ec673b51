package dev.persona.eval.testframes;

import java.util.List;

/**
 * The scores of every test frame and their means (the papers' per-subject figures: the mean of
 * per-frame PSNR, not the PSNR of the pooled error).
 */
public record TestFrameReport(List<FrameScore> frames) {
  public TestFrameReport {
    frames = List.copyOf(frames);
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("a report needs at least one frame");
    }
  }

  public double meanPsnr() {
    double sum = 0;
    for (FrameScore f : frames) {
      sum += f.psnr();
    }
    return sum / frames.size();
  }

  public double meanSsim() {
    double sum = 0;
    for (FrameScore f : frames) {
      sum += f.ssim();
    }
    return sum / frames.size();
  }

  /** Mean LPIPS; NaN when LPIPS was not measured. */
  public double meanLpips() {
    double sum = 0;
    for (FrameScore f : frames) {
      sum += f.lpips();
    }
    return sum / frames.size();
  }

  /** Whether the frames carry LPIPS (a network was configured). */
  public boolean hasLpips() {
    return !Double.isNaN(frames.get(0).lpips());
  }
}
