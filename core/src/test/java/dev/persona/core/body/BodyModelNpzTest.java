package dev.persona.core.body;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.io.NpyArray;
import dev.persona.core.io.Npz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BodyModelNpzTest {
  @TempDir Path dir;

  private static BodyModel withUvs(BodyModel m) {
    float[] uvs = new float[m.vertexCount() * 2];
    for (int i = 0; i < uvs.length; i++) {
      uvs[i] = (i % 7) / 7f;
    }
    return new BodyModel(
        m.name(),
        m.templateVertices(),
        m.faces(),
        m.shapeDirs(),
        m.shapeCount(),
        m.expressionCount(),
        m.poseDirs(),
        m.jointRegressor(),
        m.parents(),
        m.skinWeights(),
        uvs,
        m.faces().clone(),
        m.handComponentsLeft(),
        m.handComponentsRight(),
        m.handMeanLeft(),
        m.handMeanRight());
  }

  @Test
  void roundTripKeepsEveryArray() throws IOException {
    BodyModel original = withUvs(RandomBodies.smplxLike(21, 30, 4, 3, true));
    Path file = dir.resolve("tiny_body.npz");
    BodyModelNpz.write(file, original);
    BodyModel back = BodyModelNpz.read(file);
    assertEquals("tiny_body", back.name());
    assertEquals(4, back.shapeCount());
    assertEquals(3, back.expressionCount());
    assertArrayEquals(original.templateVertices(), back.templateVertices());
    assertArrayEquals(original.faces(), back.faces());
    assertArrayEquals(original.shapeDirs(), back.shapeDirs());
    assertArrayEquals(original.poseDirs(), back.poseDirs());
    assertArrayEquals(original.jointRegressor(), back.jointRegressor());
    assertArrayEquals(original.parents(), back.parents());
    assertArrayEquals(original.skinWeights(), back.skinWeights());
    assertArrayEquals(original.uvs(), back.uvs());
    assertArrayEquals(original.uvFaces(), back.uvFaces());
    assertArrayEquals(original.handComponentsLeft(), back.handComponentsLeft());
    assertArrayEquals(original.handComponentsRight(), back.handComponentsRight());
    assertArrayEquals(original.handMeanLeft(), back.handMeanLeft());
    assertArrayEquals(original.handMeanRight(), back.handMeanRight());
    // The written kintree_table is SMPL-X's (2, J): parents, then the joint ids.
    long[] kintree = Npz.read(file).get("kintree_table").toLongs();
    assertEquals(-1, kintree[0]);
    assertEquals(54, kintree[55 + 54]);
  }

  /** A minimal file as the official SMPL-X release lays it out: float64, no num_* keys. */
  private static Map<String, NpyArray> officialStyle(int shapeColumns) {
    int v = 4;
    int j = 3;
    Map<String, NpyArray> a = new LinkedHashMap<>();
    a.put("v_template", NpyArray.ofDoubles(new double[v * 3], v, 3));
    a.put("f", NpyArray.ofLongs(new long[] {0, 1, 2, 1, 2, 3}, 2, 3));
    a.put("shapedirs", NpyArray.ofDoubles(new double[v * 3 * shapeColumns], v, 3, shapeColumns));
    a.put("posedirs", NpyArray.ofDoubles(new double[v * 3 * 18], v, 3, 18));
    double[] regressor = new double[j * v];
    regressor[0] = regressor[v + 1] = regressor[2 * v + 2] = 1;
    a.put("J_regressor", NpyArray.ofDoubles(regressor, j, v));
    // The root's parent as the official files store it: 2^32 - 1 in an int64 table.
    a.put("kintree_table", NpyArray.ofLongs(new long[] {4294967295L, 0, 1, 0, 1, 2}, 2, j));
    double[] weights = new double[v * j];
    for (int i = 0; i < v; i++) {
      weights[i * j + Math.min(i, j - 1)] = 1;
    }
    a.put("weights", NpyArray.ofDoubles(weights, v, j));
    a.put("lmk_faces_idx", NpyArray.ofInts(new int[] {0, 1}, 2)); // ignored
    return a;
  }

  private BodyModel readMap(Map<String, NpyArray> a) throws IOException {
    Path file = dir.resolve("SMPLX_TEST.npz");
    Npz.write(file, a);
    return BodyModelNpz.read(file);
  }

  @Test
  void readsOfficialLayoutAndSplitsShapeAsSmplxDoes() throws IOException {
    int[][] cases = {{400, 300, 100}, {20, 10, 10}, {16, 10, 6}, {10, 10, 0}, {8, 8, 0}};
    for (int[] c : cases) {
      BodyModel m = readMap(officialStyle(c[0]));
      assertEquals(c[1], m.shapeCount(), "betas of " + c[0] + " columns");
      assertEquals(c[2], m.expressionCount(), "expression of " + c[0] + " columns");
      assertArrayEquals(new int[] {-1, 0, 1}, m.parents());
      assertArrayEquals(new int[] {0, 1, 2, 1, 2, 3}, m.faces());
      assertNull(m.uvs());
      assertNull(m.handComponentsLeft());
    }
  }

  @Test
  void explicitCountsOverrideTheRule() throws IOException {
    Map<String, NpyArray> a = officialStyle(20);
    a.put("num_betas", NpyArray.ofInts(new int[] {16}));
    a.put("num_expression", NpyArray.ofInts(new int[] {4}));
    BodyModel m = readMap(a);
    assertEquals(16, m.shapeCount());
    assertEquals(4, m.expressionCount());
    a.put("num_expression", NpyArray.ofInts(new int[] {5}));
    assertMalformed(a, "num_expression");
  }

  @Test
  void missingKeysAndWrongShapesNameTheKey() {
    for (String key : new String[] {"v_template", "posedirs", "J_regressor", "weights", "f"}) {
      Map<String, NpyArray> a = officialStyle(10);
      a.remove(key);
      assertMalformed(a, key);
    }
    Map<String, NpyArray> a = officialStyle(10);
    a.put("posedirs", NpyArray.ofDoubles(new double[4 * 3 * 17], 4, 3, 17));
    assertMalformed(a, "posedirs");
    a = officialStyle(10);
    a.put("weights", NpyArray.ofDoubles(new double[4 * 2], 4, 2));
    assertMalformed(a, "weights");
    a = officialStyle(10);
    a.put("vt", NpyArray.ofDoubles(new double[8], 4, 2)); // vt without ft
    assertMalformed(a, "ft");
    a = officialStyle(10);
    a.put("f", NpyArray.ofLongs(new long[] {0, 1, 9}, 1, 3)); // vertex 9 of 4
    assertMalformed(a, "f");
    a = officialStyle(10);
    a.put("kintree_table", NpyArray.ofLongs(new long[] {-1, 2, 0, 0, 1, 2}, 2, 3));
    assertMalformed(a, "kintree_table");
  }

  private void assertMalformed(Map<String, NpyArray> a, String key) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> readMap(a));
    assertEquals(Reason.MALFORMED, e.reason());
    assertTrue(e.getMessage().contains(key), e.getMessage() + " should name " + key);
  }

  @Test
  void notAZipIsWrongFormat() throws IOException {
    Path file = dir.resolve("model.npz");
    Files.writeString(file, "this is not a zip archive");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> BodyModelNpz.read(file));
    assertEquals(Reason.WRONG_FORMAT, e.reason());
  }
}
