package dev.persona.smplx.perception;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionDecoderTest {
  private static final float EPS = 1e-5f;

  @Test
  void decodesBoxesAndKeypointsRelativeToTheirAnchorsAndDropsLowScores() {
    float[] anchors = {0.25f, 0.5f, 1f, 1f, 0.75f, 0.25f, 1f, 1f};
    float[] boxes = new float[24];
    // Anchor 0: centre moved by (+22.4, -11.2) input pixels of 224 = (+0.1, -0.05); size 44.8 x
    // 89.6 = 0.2 x 0.4; keypoints at offsets (k * 22.4, 0).
    float[] raw0 = {22.4f, -11.2f, 44.8f, 89.6f, 0, 0, 22.4f, 0, 44.8f, 0, 67.2f, 0};
    System.arraycopy(raw0, 0, boxes, 0, 12);
    float[] logits = {2f, -1f}; // sigmoid 0.881 and 0.269
    List<PersonDetection> d = DetectionDecoder.decode(boxes, logits, anchors, 224, 0.5f);
    assertEquals(1, d.size());
    PersonDetection p = d.get(0);
    assertEquals(1 / (1 + Math.exp(-2)), p.score(), EPS);
    assertEquals(0.35f - 0.1f, p.xMin(), EPS);
    assertEquals(0.45f - 0.2f, p.yMin(), EPS);
    assertEquals(0.2f, p.width(), EPS);
    assertEquals(0.4f, p.height(), EPS);
    assertArrayEquals(
        new float[] {0.25f, 0.5f, 0.35f, 0.5f, 0.45f, 0.5f, 0.55f, 0.5f}, p.keypoints(), EPS);
  }

  @Test
  void scoresAreClippedBeforeTheSigmoid() {
    float[] anchors = {0.5f, 0.5f, 1f, 1f};
    float[] boxes = {0, 0, 10, 10, 0, 0, 0, 0, 0, 0, 0, 0};
    List<PersonDetection> d =
        DetectionDecoder.decode(boxes, new float[] {Float.POSITIVE_INFINITY}, anchors, 224, 0.5f);
    assertEquals(1, d.size());
    assertEquals(1f, d.get(0).score(), EPS);
  }

  @Test
  void weightedNmsAveragesOverlappingDetectionsAndKeepsSeparateOnes() {
    PersonDetection a = det(0.9f, 0.10f, 0.10f, 0.2f, 0.2f, 0.0f);
    PersonDetection b = det(0.6f, 0.12f, 0.10f, 0.2f, 0.2f, 0.1f); // IoU 0.18/0.22 = 0.818
    PersonDetection far = det(0.7f, 0.60f, 0.60f, 0.2f, 0.2f, 0.5f);
    List<PersonDetection> out = DetectionDecoder.weightedNms(List.of(b, far, a), 0.3f);
    assertEquals(2, out.size());
    PersonDetection m = out.get(0);
    assertEquals(0.9f, m.score(), EPS); // the best score is kept
    assertEquals((0.9 * 0.10 + 0.6 * 0.12) / 1.5, m.xMin(), EPS);
    assertEquals(0.10f, m.yMin(), EPS);
    assertEquals(0.2f, m.width(), EPS);
    assertEquals((0.9 * 0.0 + 0.6 * 0.1) / 1.5, m.keypointX(0), EPS);
    // Merged with itself only: unchanged (up to rounding in the weighted mean).
    assertEquals(far.score(), out.get(1).score());
    assertEquals(far.xMin(), out.get(1).xMin(), EPS);
    assertArrayEquals(far.keypoints(), out.get(1).keypoints(), EPS);
  }

  @Test
  void iouInClosedForm() {
    PersonDetection a = det(1, 0, 0, 2, 2, 0);
    PersonDetection b = det(1, 1, 1, 2, 2, 0);
    assertEquals(1.0 / 7.0, DetectionDecoder.iou(a, b), 1e-9);
    assertEquals(0.0, DetectionDecoder.iou(a, det(1, 5, 5, 1, 1, 0)));
    assertEquals(1.0, DetectionDecoder.iou(a, a), 1e-9);
  }

  @Test
  void letterboxRemovalMapsTheSquareBackToPhotoPixels() {
    // A 400x200 photo letterboxed: the square is 400 px, the photo sits in its middle half.
    RegionOfInterest square = RegionOfInterest.letterbox(400, 200);
    PersonDetection d = det(0.8f, 0.5f, 0.25f, 0.1f, 0.5f, 0.5f);
    PersonDetection p = DetectionDecoder.toImage(d, square);
    assertEquals(200f, p.xMin(), 1e-3);
    assertEquals(0f, p.yMin(), 1e-3);
    assertEquals(40f, p.width(), 1e-3);
    assertEquals(200f, p.height(), 1e-3);
    assertEquals(200f, p.keypointX(0), 1e-3);
    assertEquals(100f, p.keypointY(0), 1e-3);
  }

  @Test
  void largestFirstOrdersByBodySize() {
    PersonDetection small =
        new PersonDetection(0.9f, 0, 0, 1, 1, new float[] {0, 0, 0, 5, 0, 0, 0, 0});
    PersonDetection big =
        new PersonDetection(0.6f, 0, 0, 1, 1, new float[] {0, 0, 0, 50, 0, 0, 0, 0});
    List<PersonDetection> sorted = DetectionDecoder.largestFirst(List.of(small, big));
    assertEquals(big, sorted.get(0));
    assertTrue(sorted.get(0).bodyRadius() > sorted.get(1).bodyRadius());
  }

  private static PersonDetection det(float score, float x, float y, float w, float h, float kp) {
    return new PersonDetection(score, x, y, w, h, new float[] {kp, kp, kp, kp, kp, kp, kp, kp});
  }
}
