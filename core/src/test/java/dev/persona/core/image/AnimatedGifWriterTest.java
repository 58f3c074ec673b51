package dev.persona.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Node;

class AnimatedGifWriterTest {
  @Test
  void delaysAddUpToTheTrueDuration() {
    int sum = 0;
    for (int k = 0; k < 30; k++) {
      int d = AnimatedGifWriter.delayCentiseconds(k, 30);
      assertEquals(k % 3 == 1 ? 4 : 3, d, "frame " + k);
      sum += d;
    }
    assertEquals(100, sum);
    assertEquals(4, AnimatedGifWriter.delayCentiseconds(0, 25));
  }

  @Test
  void writesALoopingAnimationTheJdkReadsBack() throws Exception {
    float[][] colours = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 1}};
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (AnimatedGifWriter gif = new AnimatedGifWriter(bytes, 30)) {
      for (float[] c : colours) {
        Image frame = new Image(8, 6, 4);
        for (int y = 0; y < 6; y++) {
          for (int x = 0; x < 8; x++) {
            for (int ch = 0; ch < 3; ch++) {
              frame.set(x, y, ch, c[ch]);
            }
            frame.set(x, y, 3, 0.5f);
          }
        }
        gif.add(frame);
      }
      assertEquals(4, gif.frameCount());
    }
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("gif");
    ImageReader reader = readers.next();
    try (ImageInputStream in =
        ImageIO.createImageInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      reader.setInput(in);
      assertEquals(colours.length, reader.getNumImages(true));
      for (int i = 0; i < colours.length; i++) {
        BufferedImage frame = reader.read(i);
        assertEquals(8, frame.getWidth());
        assertEquals(6, frame.getHeight());
        int rgb = frame.getRGB(3, 3) & 0xFFFFFF;
        int expected =
            (Math.round(colours[i][0] * 255) << 16)
                | (Math.round(colours[i][1] * 255) << 8)
                | Math.round(colours[i][2] * 255);
        assertEquals(expected, rgb, "frame " + i + " colour");
        Node root = reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        assertNotNull(control);
        assertEquals(i == 1 ? "4" : "3", control.getAttribute("delayTime"));
      }
      Node first = reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
      IIOMetadataNode loop = child(child(first, "ApplicationExtensions"), "ApplicationExtension");
      assertEquals("NETSCAPE", loop.getAttribute("applicationID"));
      assertEquals("2.0", loop.getAttribute("authenticationCode"));
      byte[] data = (byte[]) loop.getUserObject();
      assertEquals(1, data[0]);
      assertEquals(0, data[1] | data[2], "loop count 0: forever");
    } finally {
      reader.dispose();
    }
  }

  private static IIOMetadataNode child(Node parent, String name) {
    assertNotNull(parent, "no parent for " + name);
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeName().equals(name)) {
        return (IIOMetadataNode) n;
      }
    }
    return null;
  }
}
