package dev.persona.splat.training;

import java.util.Arrays;

/**
 * The per-iteration record of a training run, for training curves and checkpoints: the total loss
 * of each iteration and, on photo iterations, the PSNR of the photo's render (taken before that
 * iteration's step, over the person mask; NaN on the other iterations).
 */
public final class TrainingHistory {
  private float[] loss;
  private float[] photoPsnr;
  private int size;

  public TrainingHistory() {
    this(new float[0], new float[0]);
  }

  /** A history restored from its arrays (equal lengths), as {@link #loss()} returns them. */
  public TrainingHistory(float[] loss, float[] photoPsnr) {
    if (loss.length != photoPsnr.length) {
      throw new IllegalArgumentException("loss and PSNR histories differ in length");
    }
    this.loss = loss.clone();
    this.photoPsnr = photoPsnr.clone();
    this.size = loss.length;
  }

  /** Appends iteration {@link #size()}'s values. */
  public void add(double iterationLoss, double psnr) {
    if (size == loss.length) {
      int capacity = Math.max(16, size * 2);
      loss = Arrays.copyOf(loss, capacity);
      photoPsnr = Arrays.copyOf(photoPsnr, capacity);
    }
    loss[size] = (float) iterationLoss;
    photoPsnr[size] = (float) psnr;
    size++;
  }

  /** Iterations recorded. */
  public int size() {
    return size;
  }

  /** {@code [size]} total loss per iteration (a copy). */
  public float[] loss() {
    return Arrays.copyOf(loss, size);
  }

  /** {@code [size]} photo PSNR in dB per iteration, NaN where the iteration was not the photo's. */
  public float[] photoPsnr() {
    return Arrays.copyOf(photoPsnr, size);
  }

  /** The last photo PSNR recorded, NaN when none. */
  public double latestPhotoPsnr() {
    for (int i = size - 1; i >= 0; i--) {
      if (!Float.isNaN(photoPsnr[i])) {
        return photoPsnr[i];
      }
    }
    return Double.NaN;
  }

  /**
   * Mean loss over the last {@code window} iterations (fewer at the start), NaN when empty: single
   * iterations alternate between the photo and synthetic frames, so one value is noisy.
   */
  public double recentLoss(int window) {
    int from = Math.max(0, size - window);
    double sum = 0;
    for (int i = from; i < size; i++) {
      sum += loss[i];
    }
    return size == from ? Double.NaN : sum / (size - from);
  }
}
