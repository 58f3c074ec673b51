package dev.persona.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.InvalidInputException;
import dev.persona.core.io.JsonFiles;
import dev.persona.splat.training.TrainingHistory;

/**
 * The avatar trainer's per-iteration history as the report plots it: the total loss and the photo
 * PSNR (NaN at iterations where the photo was not the sampled frame). Stored as {@code
 * training.json}'s {@code loss} and {@code photo_psnr} arrays (null for NaN), the keys {@code
 * ./persona avatar train} writes.
 *
 * @param loss the loss of each iteration, [iterations]
 * @param photoPsnr the photo's PSNR, dB, [iterations], NaN where not measured
 */
public record TrainingCurves(float[] loss, float[] photoPsnr) {
  /** The file name the training stage writes beside the avatar bundle. */
  public static final String FILE = "training.json";

  public TrainingCurves {
    if (loss.length != photoPsnr.length) {
      throw new IllegalArgumentException(
          "loss and PSNR differ in length: " + loss.length + " vs " + photoPsnr.length);
    }
    loss = loss.clone();
    photoPsnr = photoPsnr.clone();
  }

  public static TrainingCurves of(TrainingHistory history) {
    return new TrainingCurves(history.loss(), history.photoPsnr());
  }

  @Override
  public float[] loss() {
    return loss.clone();
  }

  @Override
  public float[] photoPsnr() {
    return photoPsnr.clone();
  }

  public int iterations() {
    return loss.length;
  }

  /** Puts {@code loss} and {@code photo_psnr} into {@code node}. */
  public void putInto(ObjectNode node) {
    ArrayNode l = node.putArray("loss");
    for (float v : loss) {
      l.add(v);
    }
    ArrayNode p = node.putArray("photo_psnr");
    for (float v : photoPsnr) {
      if (Float.isNaN(v)) {
        p.addNull();
      } else {
        p.add(v);
      }
    }
  }

  /**
   * Reads the arrays from a {@code training.json} tree.
   *
   * @throws InvalidInputException MALFORMED when they are missing or not numbers
   */
  public static TrainingCurves fromJson(JsonNode root, String source) {
    JsonNode l = root.get("loss");
    JsonNode p = root.get("photo_psnr");
    if (l == null || !l.isArray() || p == null || !p.isArray() || l.size() != p.size()) {
      throw new InvalidInputException(
          InvalidInputException.Reason.MALFORMED,
          source + ": expected arrays 'loss' and 'photo_psnr' of equal length");
    }
    float[] loss = new float[l.size()];
    float[] psnr = new float[p.size()];
    for (int i = 0; i < loss.length; i++) {
      if (!l.get(i).isNumber() || !(p.get(i).isNumber() || p.get(i).isNull())) {
        throw new InvalidInputException(
            InvalidInputException.Reason.MALFORMED,
            source + ": entry " + i + " of 'loss'/'photo_psnr' is not a number");
      }
      loss[i] = l.get(i).floatValue();
      psnr[i] = p.get(i).isNull() ? Float.NaN : p.get(i).floatValue();
    }
    return new TrainingCurves(loss, psnr);
  }

  /** A {@code training.json} tree of these curves alone. */
  public ObjectNode toJson() {
    ObjectNode root = JsonFiles.object();
    putInto(root);
    return root;
  }
}
