package dev.persona.diffusion.synthesis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyRig;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.DatasetLayout;
import dev.persona.core.dataset.DatasetWriter;
import dev.persona.core.dataset.FrameIds;
import dev.persona.core.dataset.FrameSplit;
import dev.persona.core.image.ContactSheet;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.core.image.ImageResize;
import dev.persona.core.io.JsonFiles;
import dev.persona.core.progress.CheckpointStore;
import dev.persona.core.progress.ProgressListener;
import dev.persona.diffusion.guidance.PoseGuidance;
import dev.persona.diffusion.guidance.PoseKeypoints;
import dev.persona.diffusion.plan.FramePlanner;
import dev.persona.diffusion.plan.PlannedFrame;
import dev.persona.diffusion.plan.SynthesisPlan;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Stage 1, PERSONA's pose-diverse training video: plans the frames, has a backend make them clip by
 * clip, and writes a dataset folder ready for {@code ./persona avatar train}.
 *
 * <p>Output folder: the layout of {@code docs/formats/dataset.md} with the photo as frame {@code
 * 00000} (split {@code photo}, copied from the fit) and the synthesised frames {@code 00001...} as
 * {@code train} frames (extra keys {@code motion}, {@code motion_frame}); {@code dataset.json}
 * carries the plan and backend under {@code "synthesis"}. Beside it: {@value #GUIDANCE_FOLDER}/
 * (the pose-skeleton image of every frame), {@value #CONTACT_SHEET_FILE}.
 *
 * <p>Durability: the frames are split into the plan's clips; a finished clip is saved through the
 * {@link CheckpointStore} as {@code clip-NNNN} before its frames are written, and a run finds the
 * clips already saved and does not make them again. Progress is reported per frame.
 */
public final class TrainingVideoSynthesis {
  public static final String GUIDANCE_FOLDER = "guidance";
  public static final String CONTACT_SHEET_FILE = "contact_sheet.png";

  /** Contact-sheet cells are at most this many pixels high. */
  static final int SHEET_CELL_HEIGHT = 160;

  private TrainingVideoSynthesis() {}

  /**
   * @param photo the fitted photo
   * @param body the body model the fit belongs to
   * @param plan what to make
   * @param backend makes the frames
   * @param out the dataset folder to write (must not hold a finished dataset; a folder left by an
   *     interrupted run is fine)
   * @param checkpoints where finished clips are kept
   * @param progress per frame, {@code (frames done, frames in the plan)}
   * @return the finished dataset
   * @throws InvalidInputException NOT_FOUND / MALFORMED for motions, MALFORMED when {@code out}
   *     already holds a finished dataset
   */
  public static Dataset run(
      FitPhoto photo,
      BodyModel body,
      SynthesisPlan plan,
      SynthesisBackend backend,
      Path out,
      CheckpointStore checkpoints,
      ProgressListener progress)
      throws IOException {
    if (Files.exists(DatasetLayout.description(out))) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          out + " already holds a finished dataset; choose another output folder");
    }
    List<PlannedFrame> frames = FramePlanner.plan(plan, photo.camera(), photo.params(), body);
    DatasetWriter writer = DatasetWriter.create(out);
    writer.addFrame(
        FrameIds.of(0),
        FrameSplit.PHOTO,
        photo.camera(),
        photo.params(),
        photo.image(),
        photo.mask());
    writeGuidance(frames, body, out.resolve(GUIDANCE_FOLDER));

    double cellScale = Math.min(1.0, (double) SHEET_CELL_HEIGHT / plan.height());
    int cellWidth = Math.max(3, (int) Math.round(plan.width() * cellScale));
    int cellHeight = Math.max(3, (int) Math.round(plan.height() * cellScale));
    List<Image> sheet = new ArrayList<>();
    sheet.add(ImageResize.resize(rgb(photo.image()), cellWidth, cellHeight));

    int total = frames.size();
    for (int c = 0; c < plan.clipCount(); c++) {
      int from = c * plan.clipLength();
      List<PlannedFrame> clip = frames.subList(from, Math.min(total, from + plan.clipLength()));
      String name = String.format(Locale.ROOT, "clip-%04d", c);
      byte[] fingerprint = fingerprint(backend.name(), clip);
      Optional<List<SynthesizedFrame>> made =
          checkpoints
              .load(name)
              .flatMap(
                  bytes ->
                      ClipCheckpoint.decode(
                          bytes, fingerprint, clip.size(), plan.width(), plan.height()));
      List<SynthesizedFrame> result;
      if (made.isPresent()) {
        result = made.get();
        progress.progress(from + clip.size(), total, "clip " + (c + 1) + " already made");
      } else {
        int clipNumber = c + 1;
        List<SynthesizedFrame> rendered =
            backend.synthesize(
                clip,
                (done, of, message) ->
                    progress.progress(
                        from + done,
                        total,
                        "clip " + clipNumber + "/" + plan.clipCount() + ": " + message));
        checkSizes(rendered, clip, plan);
        byte[] state = ClipCheckpoint.encode(fingerprint, rendered);
        checkpoints.save(name, state);
        // What is written is what a resumed run would read back: the 8-bit form.
        result =
            ClipCheckpoint.decode(state, fingerprint, clip.size(), plan.width(), plan.height())
                .orElseThrow();
      }
      for (int k = 0; k < clip.size(); k++) {
        PlannedFrame frame = clip.get(k);
        ObjectNode extra = JsonFiles.object();
        extra.put("motion", frame.motion());
        extra.put("motion_frame", frame.motionFrame());
        writer.addFrame(
            FrameIds.of(frame.index() + 1),
            FrameSplit.TRAIN,
            frame.camera(),
            frame.params(),
            result.get(k).image(),
            result.get(k).mask(),
            extra);
        sheet.add(ImageResize.resize(result.get(k).image(), cellWidth, cellHeight));
      }
    }
    ImageIo.writePng(
        out.resolve(CONTACT_SHEET_FILE),
        ContactSheet.of(sheet, Math.min(8, sheet.size()), cellWidth + 2, cellHeight + 2));
    writer.put("synthesis", describe(plan, backend));
    Dataset dataset = writer.finish();
    progress.progress(total, total, "done");
    return dataset;
  }

  /** The pose-skeleton image of every planned frame, {@code guidance/NNNNN.png}. */
  static void writeGuidance(List<PlannedFrame> frames, BodyModel body, Path folder)
      throws IOException {
    Files.createDirectories(folder);
    BodyRig rig = new BodyRig(body);
    double[] pixels = new double[PoseKeypoints.COUNT * 2];
    for (PlannedFrame frame : frames) {
      double[] keypoints = PoseKeypoints.of(rig.forward(frame.params()));
      PinholeCamera camera = frame.camera();
      PoseKeypoints.project(keypoints, camera, pixels);
      ImageIo.writePng(
          folder.resolve(FrameIds.of(frame.index() + 1) + ".png"),
          PoseGuidance.draw(pixels, camera.width(), camera.height()));
    }
  }

  private static void checkSizes(
      List<SynthesizedFrame> rendered, List<PlannedFrame> clip, SynthesisPlan plan) {
    if (rendered.size() != clip.size()) {
      throw new IllegalStateException(
          "backend returned " + rendered.size() + " frames for a clip of " + clip.size());
    }
    for (SynthesizedFrame frame : rendered) {
      if (frame.image().width() != plan.width()
          || frame.image().height() != plan.height()
          || frame.mask().width() != plan.width()
          || frame.mask().height() != plan.height()) {
        throw new IllegalStateException("backend returned a frame of the wrong size");
      }
    }
  }

  /** An RGB view of an RGB or RGBA image. */
  private static Image rgb(Image image) {
    if (image.channels() == 3) {
      return image;
    }
    float[] src = image.data();
    int ch = image.channels();
    float[] out = new float[image.width() * image.height() * 3];
    for (int p = 0; p < image.width() * image.height(); p++) {
      for (int c = 0; c < 3; c++) {
        out[p * 3 + c] = src[p * ch + Math.min(c, ch - 1)];
      }
    }
    return new Image(image.width(), image.height(), 3, out);
  }

  /** SHA-256 over the backend name and each frame's parameters and camera. */
  static byte[] fingerprint(String backend, List<PlannedFrame> clip) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeUTF(backend);
      for (PlannedFrame frame : clip) {
        out.writeInt(frame.index());
        for (double v : frame.params().fullPose()) {
          out.writeDouble(v);
        }
        for (double[] part :
            new double[][] {
              frame.params().betas(),
              frame.params().expression(),
              frame.params().transl(),
              frame.camera().worldToCamera()
            }) {
          out.writeInt(part.length);
          for (double v : part) {
            out.writeDouble(v);
          }
        }
        PinholeCamera c = frame.camera();
        out.writeInt(c.width());
        out.writeInt(c.height());
        out.writeDouble(c.fx());
        out.writeDouble(c.fy());
        out.writeDouble(c.cx());
        out.writeDouble(c.cy());
      }
      out.flush();
      return MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot fingerprint a clip", e);
    }
  }

  private static ObjectNode describe(SynthesisPlan plan, SynthesisBackend backend) {
    ObjectNode node = JsonFiles.object();
    node.put("backend", backend.name());
    ArrayNode motions = node.putArray("motions");
    plan.motions().forEach(motions::add);
    node.put("frames_per_motion", plan.framesPerMotion());
    node.put("camera_path", plan.cameraPath().cliName());
    node.put("orbit_turns", plan.orbitTurns());
    node.put("width", plan.width());
    node.put("height", plan.height());
    node.put("clip_length", plan.clipLength());
    return node;
  }
}
