package dev.persona.diffusion.synthesis;

import dev.persona.core.image.ColorTransfer;
import dev.persona.core.image.Image;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A finished clip as checkpoint bytes: the frames as the dataset stores them (8-bit sRGB colour,
 * 8-bit linear mask), gzip-compressed, behind a fingerprint of what was asked for (backend, frame
 * poses and cameras), so a checkpoint from another plan or fit is not taken for this one. Frames
 * always pass through this 8-bit form before they are written, so a resumed run writes the same
 * bytes as an uninterrupted one.
 *
 * <p>Layout: magic {@code PSYNCLIP}, version 1, the 32-byte fingerprint, frame count, width,
 * height, then per frame {@code W*H*3} colour bytes and {@code W*H} mask bytes.
 */
final class ClipCheckpoint {
  private static final long MAGIC = 0x5053594E_434C4950L;
  private static final int VERSION = 1;

  private ClipCheckpoint() {}

  static byte[] encode(byte[] fingerprint, List<SynthesizedFrame> frames) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes))) {
      out.writeLong(MAGIC);
      out.writeInt(VERSION);
      out.write(fingerprint);
      int width = frames.get(0).image().width();
      int height = frames.get(0).image().height();
      out.writeInt(frames.size());
      out.writeInt(width);
      out.writeInt(height);
      byte[] rgb = new byte[width * height * 3];
      byte[] mask = new byte[width * height];
      for (SynthesizedFrame frame : frames) {
        float[] image = frame.image().data();
        int channels = frame.image().channels();
        float[] alpha = frame.mask().data();
        for (int p = 0; p < width * height; p++) {
          for (int c = 0; c < 3; c++) {
            rgb[p * 3 + c] =
                (byte) ColorTransfer.linearToSrgb8(image[p * channels + Math.min(c, channels - 1)]);
          }
          mask[p] = (byte) Math.round(Math.max(0, Math.min(1, alpha[p])) * 255);
        }
        out.write(rgb);
        out.write(mask);
      }
    }
    return bytes.toByteArray();
  }

  /**
   * The clip's frames, or empty when the bytes are not a clip of this fingerprint, frame count and
   * size (then the clip is made again).
   */
  static Optional<List<SynthesizedFrame>> decode(
      byte[] state, byte[] fingerprint, int frameCount, int width, int height) {
    try (DataInputStream in =
        new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(state)))) {
      byte[] stored = new byte[fingerprint.length];
      if (in.readLong() != MAGIC || in.readInt() != VERSION) {
        return Optional.empty();
      }
      in.readFully(stored);
      if (!Arrays.equals(stored, fingerprint)
          || in.readInt() != frameCount
          || in.readInt() != width
          || in.readInt() != height) {
        return Optional.empty();
      }
      float[] lut = new float[256];
      for (int code = 0; code < 256; code++) {
        lut[code] = ColorTransfer.srgb8ToLinear(code);
      }
      byte[] rgb = new byte[width * height * 3];
      byte[] mask = new byte[width * height];
      List<SynthesizedFrame> frames = new ArrayList<>(frameCount);
      for (int f = 0; f < frameCount; f++) {
        in.readFully(rgb);
        in.readFully(mask);
        float[] image = new float[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
          image[i] = lut[rgb[i] & 0xff];
        }
        float[] alpha = new float[mask.length];
        for (int i = 0; i < mask.length; i++) {
          alpha[i] = (mask[i] & 0xff) / 255f;
        }
        frames.add(
            new SynthesizedFrame(
                new Image(width, height, 3, image), new Image(width, height, 1, alpha)));
      }
      return Optional.of(frames);
    } catch (IOException e) {
      // A truncated or foreign checkpoint is not an error: the clip is simply made again.
      return Optional.empty();
    }
  }
}
