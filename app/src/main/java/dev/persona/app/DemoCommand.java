package dev.persona.app;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyRig;
import dev.persona.core.body.PosedBody;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.dataset.synth.PoseFamily;
import dev.persona.core.dataset.synth.PoseLibrary;
import dev.persona.core.image.ContactSheet;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./persona demo}: what the project can do today, end to end on this machine: the body model
 * posed by its forward pass (shape, correctives, kinematics, skinning) and rendered by the mesh
 * rasterizer in several poses and views. Grows into the full photo-to-avatar job as the pipeline
 * stages land.
 */
@Command(
    name = "demo",
    description =
        "Run the demo: the body posed and rendered in several poses and views, in out/demo/.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--out", description = "output folder (default: out/demo)")
  Path out = Path.of("out", "demo");

  @Option(names = "--model", description = "SMPL-X-layout .npz (default: built-in body)")
  Path model;

  @Override
  public Integer call() throws IOException {
    Files.createDirectories(out);
    long start = System.nanoTime();

    BodyModel body = BodyModels.load(model);
    BodyRig rig = new BodyRig(body);
    List<Image> views = new ArrayList<>();
    record Pose(String name, PoseFamily family, double phase) {}
    for (Pose pose :
        List.of(
            new Pose("rest", PoseFamily.T_POSE, 0),
            new Pose("arms-down", PoseFamily.ARMS_DOWN, 0.5),
            new Pose("walk", PoseFamily.WALK, 0.25))) {
      SmplxParams params =
          pose.family == PoseFamily.T_POSE
              ? SmplxParams.zero()
              : SmplxParams.zero().withFullPose(PoseLibrary.pose(pose.family, pose.phase));
      PosedBody posed = rig.forward(params);
      for (String view : List.of("front", "orbit:45", "side")) {
        Image image =
            BodyRender.render(body, posed, ViewSpec.parse(view).frame(posed.vertices(), 384, 512));
        ImageIo.writePng(
            out.resolve("body-" + pose.name + "-" + view.replace(":", "") + ".png"), image);
        views.add(image);
      }
    }
    Path sheet = out.resolve("body-views.png");
    ImageIo.writePng(sheet, ContactSheet.of(views, 3, 288, 384));
    System.out.printf(
        "body: %s, %d vertices, %d joints -> %s%n",
        body.name(), body.vertexCount(), body.jointCount(), sheet);

    System.out.printf(
        "done in %.1f s. Look at the PNGs in %s%n", (System.nanoTime() - start) / 1e9, out);
    return 0;
  }
}
