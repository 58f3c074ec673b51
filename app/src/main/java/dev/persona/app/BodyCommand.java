package dev.persona.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyModelNpz;
import dev.persona.core.body.BodyRig;
import dev.persona.core.body.PosedBody;
import dev.persona.core.body.SmplxJoints;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.body.SmplxParamsJson;
import dev.persona.core.body.makehuman.MakeHumanImportOptions;
import dev.persona.core.body.makehuman.MakeHumanImporter;
import dev.persona.core.camera.CameraJson;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.camera.ViewSpec;
import dev.persona.core.image.ImageIo;
import dev.persona.core.io.JsonFiles;
import dev.persona.core.mesh.BoundingBox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./persona body ...}: inspect, render and import body models. */
@Command(
    name = "body",
    description = "Inspect, render and import body models (SMPL-X layout).",
    mixinStandardHelpOptions = true,
    subcommands = {
      BodyCommand.Info.class,
      BodyCommand.Render.class,
      BodyCommand.ImportMakeHuman.class
    })
final class BodyCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(name = "info", description = "Print the body model's counts, joints and extent as JSON.")
  static final class Info implements Callable<Integer> {
    @Option(
        names = "--model",
        description = "SMPL-X-layout .npz (default: $PERSONA_BODY_MODEL, else the built-in body)")
    Path model;

    @Override
    public Integer call() throws IOException {
      BodyModel body = BodyModels.load(model);
      ObjectNode out = JsonFiles.object();
      out.put("name", body.name());
      out.put("vertices", body.vertexCount());
      out.put("faces", body.faceCount());
      out.put("joints", body.jointCount());
      out.put("shape_directions", body.shapeCount());
      out.put("expression_directions", body.expressionCount());
      out.put("has_uvs", body.hasUvs());
      out.put("has_hand_pca", body.handComponentsLeft() != null);
      ArrayNode names = out.putArray("joint_names");
      for (int j = 0; j < body.jointCount(); j++) {
        names.add(j < SmplxJoints.COUNT ? SmplxJoints.NAMES.get(j) : "joint" + j);
      }
      BoundingBox b = BoundingBox.of(body.templateVertices());
      ObjectNode box = out.putObject("bounding_box_m");
      box.putArray("min").add(round(b.minX())).add(round(b.minY())).add(round(b.minZ()));
      box.putArray("max").add(round(b.maxX())).add(round(b.maxY())).add(round(b.maxZ()));
      box.putArray("size").add(round(b.sizeX())).add(round(b.sizeY())).add(round(b.sizeZ()));
      System.out.println(new String(JsonFiles.toBytes(out), StandardCharsets.UTF_8).strip());
      return 0;
    }

    private static double round(double metres) {
      return Math.round(metres * 1e4) / 1e4;
    }
  }

  @Command(
      name = "render",
      description = "Render the posed body, shaded, to a PNG with alpha (512x512 by default).")
  static final class Render implements Callable<Integer> {
    @Option(names = "--model", description = "SMPL-X-layout .npz (default: built-in body)")
    Path model;

    @Option(names = "--params", description = "SMPL-X parameters JSON (default: the rest pose)")
    Path params;

    @ArgGroup(exclusive = true)
    CameraChoice camera = new CameraChoice();

    static final class CameraChoice {
      @Option(names = "--camera", description = "camera JSON (the dataset layout's camera object)")
      Path file;

      @Option(
          names = "--view",
          description = "front, side, back or orbit:DEG (default: front), framed on the body")
      String view;
    }

    @Option(names = "--size", description = "WxH when framing a --view (default: 512x512)")
    String size = "512x512";

    @Option(names = "--out", required = true, description = "output PNG")
    Path out;

    @Override
    public Integer call() throws IOException {
      BodyModel body = BodyModels.load(model);
      SmplxParams p = params == null ? SmplxParams.zero() : SmplxParamsJson.read(params);
      PosedBody posed = new BodyRig(body).forward(p);
      PinholeCamera cam;
      if (camera.file != null) {
        cam = CameraJson.read(camera.file);
      } else {
        int[] wh = ImageSize.parse(size);
        cam =
            ViewSpec.parse(camera.view == null ? "front" : camera.view)
                .frame(posed.vertices(), wh[0], wh[1]);
      }
      ImageIo.writePng(out, BodyRender.render(body, posed, cam));
      System.out.println("wrote " + out + " (" + cam.width() + "x" + cam.height() + ")");
      return 0;
    }
  }

  @Command(
      name = "import-makehuman",
      description =
          "Import the CC0 MakeHuman (MPFB2) body assets into an SMPL-X-layout .npz body model.")
  static final class ImportMakeHuman implements Callable<Integer> {
    @Option(
        names = "--assets",
        required = true,
        description = "the MakeHuman assets folder (3dobjs/, rigs/, targets/, ...)")
    Path assets;

    @Option(names = "--out", required = true, description = "output .npz")
    Path out;

    @Override
    public Integer call() throws IOException {
      BodyModel body = MakeHumanImporter.importAssets(assets, MakeHumanImportOptions.defaults());
      BodyModelNpz.write(out, body);
      System.out.println(
          "wrote "
              + out
              + ": "
              + body.vertexCount()
              + " vertices, "
              + body.faceCount()
              + " faces, "
              + body.shapeCount()
              + " shape directions");
      return 0;
    }
  }
}
