package dev.persona.splat.avatar.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.body.BodyModel;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.io.NpyArray;
import dev.persona.core.io.Npz;
import dev.persona.core.motion.BuiltInMotion;
import dev.persona.splat.avatar.AvatarOptions;
import dev.persona.splat.avatar.AvatarParameters;
import dev.persona.splat.avatar.AvatarPoser;
import dev.persona.splat.avatar.CanonicalAvatar;
import dev.persona.splat.avatar.PosedAvatar;
import dev.persona.splat.avatar.TinyBody;
import dev.persona.splat.gaussian.Gaussians;
import dev.persona.splat.io.PlyFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing and reading avatar bundles of {@link TinyBody}: six vertices, but random shape directions
 * and pose correctives, so every path of the poser runs on the avatar read back.
 */
class AvatarBundleTest {
  private static final double[] BETAS = {0.5, -0.3};

  private static BodyModel body;

  @TempDir Path dir;

  @BeforeAll
  static void createBody() {
    body = TinyBody.create(11);
  }

  private static AvatarOptions small() {
    return AvatarOptions.paper().withSubdivisionLevels(1).withNetwork(4, 16, 16, 2, 4);
  }

  /** Initial parameters with every group filled with noise, so each must travel to be equal. */
  private static AvatarParameters randomParameters(AvatarPoser poser, long seed) {
    AvatarParameters p = poser.initialParameters(seed);
    SplittableRandom random = new SplittableRandom(seed);
    for (AvatarParameters.Group g : p.groups()) {
      float[] v = g.values();
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) random.nextDouble(-0.01, 0.01);
      }
    }
    return p;
  }

  /** A walking pose (hips, knees, arms, spine bent), translated. */
  private static SmplxParams somePose() {
    SmplxParams walk = BuiltInMotion.WALK.at(0.3);
    return walk.withTransl(new double[] {0.1, -0.2, 2.5});
  }

  @Test
  void aBundleReadsBackToAnAvatarThatPosesBitForBit() throws Exception {
    Path folder = dir.resolve("bundle");
    // The second bundle replaces the first in the same folder.
    for (AvatarOptions options :
        List.of(
            small(),
            small()
                .withSubdivisionLevels(2)
                .withGaussians(1, true, true)
                .withExtraOffsets(true, true))) {
      CanonicalAvatar avatar = CanonicalAvatar.create(body, BETAS, options);
      AvatarPoser poser = new AvatarPoser(avatar);
      AvatarParameters p = randomParameters(poser, 7);
      AvatarBundle.write(folder, avatar, p, "test producer");

      AvatarBundle read = AvatarBundle.read(folder);
      assertEquals("test producer", read.producer());
      assertEquals(options, read.avatar().options());
      assertEquals(avatar.count(), read.avatar().count());
      List<AvatarParameters.Group> written = p.groups();
      List<AvatarParameters.Group> back = read.parameters().groups();
      assertEquals(written.size(), back.size());
      for (int g = 0; g < written.size(); g++) {
        assertEquals(written.get(g).name(), back.get(g).name());
        assertArrayEquals(written.get(g).values(), back.get(g).values(), written.get(g).name());
      }
      Gaussians before = poser.pose(p, somePose()).gaussians();
      Gaussians after =
          new AvatarPoser(read.avatar()).pose(read.parameters(), somePose()).gaussians();
      // Gaussians.equals compares every array exactly: bit for bit.
      assertEquals(before, after, "posed Gaussians");
    }
    try (var files = Files.list(folder)) {
      assertFalse(
          files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temp files");
    }
  }

  @Test
  void theSideFilesHoldTheCanonicalGaussiansAndSkinning() throws Exception {
    CanonicalAvatar avatar = CanonicalAvatar.create(body, BETAS, small());
    AvatarPoser poser = new AvatarPoser(avatar);
    AvatarParameters p = randomParameters(poser, 3);
    AvatarBundle.write(dir, avatar, p, "x");
    Gaussians ply = PlyFormat.read(dir.resolve(AvatarBundle.CANONICAL));
    assertEquals(AvatarBundle.canonicalGaussians(poser, p), ply);
    // Zero pose, no translation: each mean is the template plus the learned and the pose-driven
    // offsets; the rest pose's skinning is the identity up to float rounding of weight sums (1e-7
    // relative on positions below 1 m).
    PosedAvatar rest = poser.pose(p, SmplxParams.zero());
    int outs = rest.offsets().length / avatar.count();
    for (int i = 0; i < avatar.count(); i++) {
      for (int a = 0; a < 3; a++) {
        double expected =
            (double) avatar.canonicalMeans()[i * 3 + a]
                + p.meanOffset()[i * 3 + a]
                + rest.offsets()[i * outs + a];
        assertEquals(expected, ply.means()[i * 3 + a], 1e-6);
      }
    }
    Map<String, NpyArray> skinning = Npz.read(dir.resolve(AvatarBundle.SKINNING));
    assertArrayEquals(avatar.skinWeights(), skinning.get("weights").toFloats());
    assertArrayEquals(
        new int[] {avatar.count(), avatar.jointCount()}, skinning.get("weights").shape());
    assertArrayEquals(body.parents(), skinning.get("parents").toInts());
    Map<String, NpyArray> params = Npz.read(dir.resolve(AvatarBundle.PARAMETERS));
    assertArrayEquals(new int[] {avatar.count(), 1, 3}, params.get("sh").shape());
    assertArrayEquals(new int[] {3, 16, 16, 4}, params.get("triplane").shape());
    assertArrayEquals(new int[] {avatar.count(), 3}, params.get("meanOffset").shape());
    assertEquals(NpyArray.DType.FLOAT32, params.get("mlp").dtype());
  }

  @Test
  void badBundlesAreTypedErrorsNamingTheFile() throws Exception {
    assertEquals(Reason.NOT_FOUND, failure(dir.resolve("absent")).reason());
    assertTrue(failure(dir).getMessage().contains("avatar.json"), "an empty folder");

    CanonicalAvatar avatar = CanonicalAvatar.create(body, BETAS, small());
    AvatarParameters p = randomParameters(new AvatarPoser(avatar), 5);
    AvatarBundle.write(dir, avatar, p, "x");
    Path json = dir.resolve(AvatarBundle.DESCRIPTION);
    String good = Files.readString(json);

    // A flipped byte in a data file: the hash says so, naming the file.
    Path params = dir.resolve(AvatarBundle.PARAMETERS);
    byte[] bytes = Files.readAllBytes(params);
    bytes[bytes.length / 2] ^= 1;
    Files.write(params, bytes);
    InvalidInputException corrupt = failure(dir);
    assertEquals(Reason.CORRUPT, corrupt.reason());
    assertTrue(corrupt.getMessage().contains(AvatarBundle.PARAMETERS), corrupt.getMessage());
    bytes[bytes.length / 2] ^= 1;
    Files.write(params, bytes);
    AvatarBundle.read(dir);

    Files.writeString(json, good.replace("\"version\" : 1", "\"version\" : 2"));
    assertEquals(Reason.UNSUPPORTED, failure(dir).reason());
    Files.writeString(json, good.replace("persona-avatar", "something-else"));
    assertEquals(Reason.WRONG_FORMAT, failure(dir).reason());
    Files.writeString(json, good.substring(0, good.length() / 2));
    assertEquals(Reason.MALFORMED, failure(dir).reason());
    // Options that build another avatar than the stored counts describe.
    Files.writeString(
        json, good.replace("\"subdivision_levels\" : 1", "\"subdivision_levels\" : 2"));
    InvalidInputException counts = failure(dir);
    assertEquals(Reason.MALFORMED, counts.reason());
    assertTrue(counts.getMessage().contains("counts"), counts.getMessage());
    Files.writeString(json, good.replace("\"sh_degree\" : 0", "\"sh_degree\" : 9"));
    assertTrue(failure(dir).getMessage().contains("invalid options"));
    Files.writeString(json, good, StandardCharsets.UTF_8);

    Files.delete(dir.resolve(AvatarBundle.SKINNING));
    InvalidInputException missing = failure(dir);
    assertEquals(Reason.NOT_FOUND, missing.reason());
    assertTrue(missing.getMessage().contains(AvatarBundle.SKINNING), missing.getMessage());
  }

  private static InvalidInputException failure(Path folder) {
    return assertThrows(InvalidInputException.class, () -> AvatarBundle.read(folder));
  }
}
