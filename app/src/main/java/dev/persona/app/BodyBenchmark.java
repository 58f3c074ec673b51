package dev.persona.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyRig;
import dev.persona.core.body.PosedBody;
import dev.persona.core.body.ShapedBody;
import dev.persona.core.body.SmplxJoints;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.camera.ViewSpec;
import dev.persona.core.io.JsonFiles;
import dev.persona.core.mesh.VertexNormals;
import dev.persona.core.raster.MeshRasterizer;
import dev.persona.core.raster.RasterMesh;
import dev.persona.core.raster.RasterOptions;
import dev.persona.core.raster.RasterResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./persona bench body}: the body forward pass (all 55 joints) and the mesh rasterization of
 * the posed body at 512x512, the two kernels every later stage calls per frame.
 */
@Command(
    name = "body",
    description = "Time the body forward pass and the mesh rasterization of the body.")
final class BodyBenchmark implements Callable<Integer> {
  @Option(names = "--model", description = "SMPL-X-layout .npz (default: built-in body)")
  Path model;

  @Option(names = "--iters", description = "timed repetitions after warm-up (default: 200)")
  int iterations = 200;

  @Option(names = "--size", description = "render size WxH (default: 512x512)")
  String size = "512x512";

  @Option(names = "--json", description = "print one JSON object instead of text")
  boolean json;

  @Override
  public Integer call() throws IOException {
    BodyModel body = BodyModels.load(model);
    BodyRig rig = new BodyRig(body);
    Random random = new Random(1);
    double[] betas = new double[body.shapeCount()];
    for (int i = 0; i < betas.length; i++) {
      betas[i] = random.nextGaussian() * 0.5;
    }
    double[][] poses = new double[16][SmplxJoints.COUNT * 3];
    for (double[] pose : poses) {
      for (int i = 0; i < pose.length; i++) {
        pose[i] = random.nextGaussian() * 0.2;
      }
    }
    double[] transl = {0, 0, 0};
    int warmup = Math.max(20, iterations / 5);

    // Pose-only forward: what fitting and training do per step once the shape is fixed.
    ShapedBody shaped = rig.shape(betas, new double[0]);
    PosedBody posed = rig.newPosedBody();
    double[] poseOnly = new double[iterations];
    for (int i = -warmup; i < iterations; i++) {
      long start = System.nanoTime();
      rig.pose(shaped, poses[(i + warmup) % poses.length], transl, posed);
      if (i >= 0) {
        poseOnly[i] = (System.nanoTime() - start) / 1e6;
      }
    }
    // Full forward: shape blend and joint regression too (betas changing every call).
    double[] full = new double[iterations];
    for (int i = -warmup; i < iterations; i++) {
      long start = System.nanoTime();
      betas[0] = 0.001 * i;
      ShapedBody s = rig.shape(betas, new double[0]);
      rig.pose(s, poses[(i + warmup) % poses.length], transl, posed);
      if (i >= 0) {
        full[i] = (System.nanoTime() - start) / 1e6;
      }
    }

    int[] wh = ImageSize.parse(size);
    rig.pose(shaped, poses[0], transl, posed);
    PinholeCamera camera = ViewSpec.parse("front").frame(posed.vertices(), wh[0], wh[1]);
    float[] vertices = posed.verticesAsFloats(null);
    float[] normals = new float[vertices.length];
    VertexNormals.compute(vertices, body.faces(), normals);
    RasterMesh mesh = RasterMesh.of(vertices, body.faces()).withAttributes(normals, 3);
    int processors = Runtime.getRuntime().availableProcessors();
    double[] rasterOne = timeRaster(mesh, camera, 1, warmup);
    double[] rasterAll = timeRaster(mesh, camera, processors, warmup);

    Arrays.sort(poseOnly);
    Arrays.sort(full);
    if (json) {
      ObjectNode out = JsonFiles.object();
      out.put("body", body.name());
      out.put("vertices", body.vertexCount());
      out.put("faces", body.faceCount());
      out.put("joints", body.jointCount());
      out.put("pose_correctives", rig.hasPoseCorrectives());
      out.put("forward_pose_ms_median", poseOnly[iterations / 2]);
      out.put("forward_pose_ms_min", poseOnly[0]);
      out.put("forward_full_ms_median", full[iterations / 2]);
      out.put("forward_full_ms_min", full[0]);
      out.put("raster_1thread_ms_median", rasterOne[0]);
      out.put("raster_1thread_ms_min", rasterOne[1]);
      out.put("raster_threads", processors);
      out.put("raster_all_threads_ms_median", rasterAll[0]);
      out.put("raster_all_threads_ms_min", rasterAll[1]);
      out.put("raster_width", wh[0]);
      out.put("raster_height", wh[1]);
      System.out.println(new String(JsonFiles.toBytes(out), StandardCharsets.UTF_8).strip());
    } else {
      System.out.printf(
          "body: %s, %d vertices, %d faces, %d joints, pose correctives %s%n",
          body.name(),
          body.vertexCount(),
          body.faceCount(),
          body.jointCount(),
          rig.hasPoseCorrectives() ? "on" : "none");
      System.out.printf(
          "forward (pose only, shape cached): median %.3f ms, min %.3f ms%n",
          poseOnly[iterations / 2], poseOnly[0]);
      System.out.printf(
          "forward (shape + pose):            median %.3f ms, min %.3f ms%n",
          full[iterations / 2], full[0]);
      System.out.printf(
          "mesh raster %dx%d, 1 thread:       median %.3f ms, min %.3f ms%n",
          wh[0], wh[1], rasterOne[0], rasterOne[1]);
      System.out.printf(
          "mesh raster %dx%d, %d threads:      median %.3f ms, min %.3f ms%n",
          wh[0], wh[1], processors, rasterAll[0], rasterAll[1]);
    }
    return 0;
  }

  /** Returns {median, min} milliseconds of rasterizing {@code mesh} into a reused result. */
  private double[] timeRaster(RasterMesh mesh, PinholeCamera camera, int threads, int warmup) {
    MeshRasterizer rasterizer = new MeshRasterizer(RasterOptions.defaults().withThreads(threads));
    RasterResult result = null;
    double[] millis = new double[iterations];
    for (int i = -warmup; i < iterations; i++) {
      long start = System.nanoTime();
      result = rasterizer.rasterize(mesh, camera, result);
      if (i >= 0) {
        millis[i] = (System.nanoTime() - start) / 1e6;
      }
    }
    Arrays.sort(millis);
    return new double[] {millis[iterations / 2], millis[0]};
  }
}
