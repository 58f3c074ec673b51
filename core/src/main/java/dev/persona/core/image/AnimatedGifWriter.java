package dev.persona.core.image;

import java.awt.image.BufferedImage;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes an animated GIF that loops forever, one frame at a time, with the JDK's own GIF writer
 * ({@code javax.imageio}): colour frames are reduced to a 256-colour palette per frame by the
 * writer's quantiser, and the first frame carries Netscape's application extension ({@code
 * NETSCAPE2.0}, loop count 0 = forever) that browsers and viewers honour.
 *
 * <p>GIF delays are whole hundredths of a second, so frame k waits {@code round(100 (k+1) / fps) -
 * round(100 k / fps)} hundredths: at 30 fps that is 3, 4, 3, 3, 4, 3, ..., whose sum stays within
 * half a hundredth of the motion's true duration.
 *
 * <p>Frames are linear RGB (3 channels) or RGBA (4, alpha dropped: GIF has no partial transparency,
 * so callers composite over their background first), written as sRGB. Not thread-safe.
 */
public final class AnimatedGifWriter implements Closeable {
  private static final String FORMAT = "javax_imageio_gif_image_1.0";

  private final ImageWriter writer;
  private final ImageOutputStream stream;
  private final double frameRate;
  private int frames;

  /**
   * Starts a GIF on {@code out} (not closed by {@link #close()}).
   *
   * @param frameRate frames per second, finite and positive
   */
  public AnimatedGifWriter(OutputStream out, double frameRate) throws IOException {
    if (!(frameRate > 0) || Double.isInfinite(frameRate)) {
      throw new IllegalArgumentException("frame rate must be finite and positive: " + frameRate);
    }
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
    if (!writers.hasNext()) {
      throw new IOException("no GIF writer registered with javax.imageio");
    }
    this.writer = writers.next();
    this.stream = ImageIO.createImageOutputStream(out);
    this.frameRate = frameRate;
    writer.setOutput(stream);
    writer.prepareWriteSequence(null);
  }

  /** The delay of frame {@code k}, hundredths of a second (see the class comment). */
  static int delayCentiseconds(int k, double frameRate) {
    return (int) (Math.round(100.0 * (k + 1) / frameRate) - Math.round(100.0 * k / frameRate));
  }

  /** Appends a frame; every frame must have the size of the first. */
  public void add(Image frame) throws IOException {
    if (frame.channels() != 3 && frame.channels() != 4) {
      throw new IllegalArgumentException(
          "GIF frames need 3 or 4 channels, got " + frame.channels());
    }
    Image rgb = frame.channels() == 3 ? frame : dropAlpha(frame);
    BufferedImage image = ImageIo.toBufferedImage(rgb);
    IIOMetadata metadata =
        writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), null);
    IIOMetadataNode root = new IIOMetadataNode(FORMAT);
    IIOMetadataNode control = new IIOMetadataNode("GraphicControlExtension");
    control.setAttribute("disposalMethod", "none");
    control.setAttribute("userInputFlag", "FALSE");
    control.setAttribute("transparentColorFlag", "FALSE");
    control.setAttribute("delayTime", Integer.toString(delayCentiseconds(frames, frameRate)));
    control.setAttribute("transparentColorIndex", "0");
    root.appendChild(control);
    if (frames == 0) {
      IIOMetadataNode extensions = new IIOMetadataNode("ApplicationExtensions");
      IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
      loop.setAttribute("applicationID", "NETSCAPE");
      loop.setAttribute("authenticationCode", "2.0");
      // Sub-block 1, then the loop count as a little-endian 16-bit number: 0 loops forever.
      loop.setUserObject(new byte[] {1, 0, 0});
      extensions.appendChild(loop);
      root.appendChild(extensions);
    }
    try {
      metadata.mergeTree(FORMAT, root);
    } catch (IIOInvalidTreeException e) {
      throw new IllegalStateException("the GIF metadata tree is fixed and valid", e);
    }
    writer.writeToSequence(new IIOImage(image, null, metadata), null);
    frames++;
  }

  /** Frames written so far. */
  public int frameCount() {
    return frames;
  }

  /** Ends the GIF (trailer) and flushes; the output stream stays open. */
  @Override
  public void close() throws IOException {
    try {
      writer.endWriteSequence();
      stream.flush();
    } finally {
      writer.dispose();
      // Closing the image stream frees its cache; it does not close the caller's stream.
      stream.close();
    }
  }

  private static Image dropAlpha(Image rgba) {
    int n = rgba.width() * rgba.height();
    float[] src = rgba.data();
    float[] rgb = new float[n * 3];
    for (int p = 0; p < n; p++) {
      rgb[p * 3] = src[p * 4];
      rgb[p * 3 + 1] = src[p * 4 + 1];
      rgb[p * 3 + 2] = src[p * 4 + 2];
    }
    return new Image(rgba.width(), rgba.height(), 3, rgb);
  }
}
