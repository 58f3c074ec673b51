package dev.persona.splat.training;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.body.BodyModel;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.image.ImageIo;
import dev.persona.core.progress.CheckpointStore;
import dev.persona.core.progress.ProgressListener;
import dev.persona.splat.avatar.AvatarParameters;
import dev.persona.splat.avatar.AvatarPoser;
import dev.persona.splat.avatar.CanonicalAvatar;
import dev.persona.splat.avatar.PosedAvatar;
import dev.persona.splat.checkpoint.CheckpointCodec;
import dev.persona.splat.checkpoint.CheckpointState;
import dev.persona.splat.loss.Losses;
import dev.persona.splat.loss.LpipsLoss;
import dev.persona.splat.loss.PhotometricLoss;
import dev.persona.splat.optim.Adam;
import dev.persona.splat.optim.ParameterGroup;
import dev.persona.splat.raster.CpuGaussianRasterizer;
import dev.persona.splat.raster.GaussianGradients;
import dev.persona.splat.raster.RenderSettings;
import dev.persona.splat.raster.Rendering;
import dev.persona.splat.raster.RenderingGradient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Trains the animatable avatar on a dataset's photo and synthetic frames (PERSONA, Sim &amp; Moon
 * 2025, Sec. 3.4). Each iteration:
 *
 * <ol>
 *   <li>picks a frame ({@link FrameSchedule}: the photo on half of the iterations);
 *   <li>poses the avatar at the frame's SMPL-X parameters ({@link AvatarPoser}) and renders it
 *       through the frame's camera ({@link CpuGaussianRasterizer}) over the training background;
 *   <li>the loss: {@code L = L_colour + w_m |alpha - m|_1 + R}, with {@code L_colour = 0.8 L1 + 0.2
 *       (1 - SSIM)} ({@link PhotometricLoss}) weighted per pixel by the seam weights on the photo
 *       ({@link SeamDetector}), and the mesh regularisers R ({@link MeshRegularizer}) on the
 *       learned and predicted mean offsets, log-scales and degree-0 colours; optionally {@code w_p
 *       LPIPS(render, target)} on VGG features ({@link LpipsLoss}), as the paper trains;
 *   <li>backward through the rasterizer and the poser, one Adam step with PERSONA's rates and
 *       decay.
 * </ol>
 *
 * <p>Checkpoints: the whole state ({@link #CHECKPOINT_NAME} in the {@link CheckpointStore}: every
 * parameter group, Adam's moments and step, the iteration, the seed, the history and a fingerprint
 * of the options and the data) every {@link TrainingOptions#checkpointInterval()} iterations, at
 * the end, on {@link #requestCheckpoint()} and before honouring {@link #requestStop()} or a thread
 * interrupt. A new trainer over the same store resumes from the checkpoint; since nothing else
 * carries state (the frame order is a function of seed and iteration, the seams of the template and
 * the photo), a resumed run ends bit-identical to one that never stopped.
 *
 * <p>Not for concurrent use, except {@link #requestCheckpoint()} and {@link #requestStop()}, which
 * any thread may call.
 */
public final class AvatarTrainer implements AutoCloseable {
  /** The checkpoint's name in the store. */
  public static final String CHECKPOINT_NAME = "train";

  /** The seam picture written into the work folder. */
  public static final String SEAMS_FILE = "seams.png";

  /** Iterations averaged for the reported loss. */
  public static final int LOSS_WINDOW = 50;

  /** Bumped whenever the checkpoint's entries change meaning. */
  private static final String FINGERPRINT_VERSION = "persona-avatar-training/1";

  private final TrainingOptions options;
  private final CanonicalAvatar avatar;
  private final AvatarPoser poser;
  private final TrainingFrames frames;
  private final CheckpointStore store;
  private final CpuGaussianRasterizer rasterizer = new CpuGaussianRasterizer();
  private final RenderSettings settings;
  private final AvatarParameters params;
  private final AvatarParameters grads;
  private final Adam adam;
  private final FrameSchedule schedule;
  private final MeshRegularizer regularizer;
  private final PhotometricLoss photometric;
  private final LpipsLoss perceptual;
  private final boolean[] seams;
  private final float[] seamWeights;
  private final long fingerprint;
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private final AtomicBoolean checkpointRequested = new AtomicBoolean();
  private final GaussianGradients dGaussians;
  private final float[] dColor;
  private final float[] dAlpha;
  private final float[] offsetMeans;
  private final float[] dOffsetMeans;
  private final float[] dOffsets;
  private final float[] dc;
  private final float[] dDc;
  private TrainingHistory history = new TrainingHistory();
  private long iteration;
  private long savedIteration = -1;

  /**
   * A trainer for a dataset: loads its photo and train frames and builds the avatar from the body
   * and the photo's betas.
   *
   * @param workFolder where {@link #SEAMS_FILE} goes, or null for nowhere
   * @throws InvalidInputException for a dataset training cannot use ({@link TrainingFrames#load})
   *     or a checkpoint of another run
   */
  public static AvatarTrainer create(
      BodyModel body,
      Dataset dataset,
      TrainingOptions options,
      CheckpointStore store,
      Path workFolder)
      throws IOException {
    return create(body, dataset, options, store, workFolder, null);
  }

  /**
   * As {@link #create(BodyModel, Dataset, TrainingOptions, CheckpointStore, Path)}, with the LPIPS
   * network the loss's perceptual term uses.
   *
   * @param perceptual the LPIPS network, or null; needed when {@code options.weights().perceptual()
   *     > 0}, and then owned by the caller
   */
  public static AvatarTrainer create(
      BodyModel body,
      Dataset dataset,
      TrainingOptions options,
      CheckpointStore store,
      Path workFolder,
      LpipsLoss perceptual)
      throws IOException {
    requirePerceptual(options, perceptual);
    TrainingFrames frames =
        TrainingFrames.load(dataset, options.resolution(), options.background());
    CanonicalAvatar avatar =
        CanonicalAvatar.create(body, frames.photo().params().betas(), options.avatar());
    return new AvatarTrainer(avatar, frames, options, store, workFolder, perceptual);
  }

  private static void requirePerceptual(TrainingOptions options, LpipsLoss perceptual) {
    if (options.weights().perceptual() > 0 && perceptual == null) {
      throw new InvalidInputException(
          InvalidInputException.Reason.MALFORMED,
          "the LPIPS loss weight is "
              + options.weights().perceptual()
              + " but no LPIPS network is configured (see "
              + LpipsLoss.DOC
              + ")");
    }
  }

  /**
   * A trainer for given frames and avatar; resumes from the store's checkpoint when it has one.
   *
   * @param avatar built with {@code options.avatar()}
   * @param workFolder where {@link #SEAMS_FILE} goes, or null for nowhere
   * @param perceptual the LPIPS network, or null; needed when {@code options.weights().perceptual()
   *     > 0}, and then owned by the caller
   * @throws IllegalArgumentException when the avatar was built with other options
   * @throws InvalidInputException when the store's checkpoint is damaged or from another run, or
   *     the options ask for LPIPS and no network is given
   */
  public AvatarTrainer(
      CanonicalAvatar avatar,
      TrainingFrames frames,
      TrainingOptions options,
      CheckpointStore store,
      Path workFolder,
      LpipsLoss perceptual)
      throws IOException {
    requirePerceptual(options, perceptual);
    if (!avatar.options().equals(options.avatar())) {
      throw new IllegalArgumentException(
          "the avatar was built with other options than the training options' avatar");
    }
    this.options = options;
    this.avatar = avatar;
    this.frames = frames;
    this.store = store;
    this.poser = new AvatarPoser(avatar, options.poseDrivenOffsets());
    TrainingOptions.Background bg = options.background();
    this.settings =
        RenderSettings.defaults()
            .withBackground(bg.red(), bg.green(), bg.blue())
            .withThreads(options.threads());
    this.params = poser.initialParameters(options.seed());
    this.grads = params.zerosLike();
    this.adam =
        new Adam(
            params.optimizerGroups(grads, options.learningRate()),
            Adam.Settings.PAPER,
            options.schedule());
    this.schedule =
        new FrameSchedule(options.seed(), options.photoFraction(), frames.syntheticCount());
    this.regularizer = new MeshRegularizer(avatar.adjacency());
    this.photometric = new PhotometricLoss(frames.width(), frames.height());
    this.perceptual = options.weights().perceptual() > 0 ? perceptual : null;
    int n = avatar.count();
    int pixels = frames.width() * frames.height();
    this.dGaussians = new GaussianGradients(n, options.avatar().shDegree(), 0);
    this.dColor = new float[pixels * 3];
    this.dAlpha = new float[pixels];
    this.offsetMeans = new float[n * 3];
    this.dOffsetMeans = new float[n * 3];
    this.dOffsets = new float[n * poser.offsetField().outputs()];
    this.dc = new float[n * 3];
    this.dDc = new float[n * 3];

    TrainingFrame photo = frames.photo();
    this.seams =
        SeamDetector.detect(
            rasterizer,
            poser.pose(params, photo.params()).gaussians(),
            avatar.canonicalMeans(),
            photo.camera(),
            settings,
            options.seamThreshold(),
            options.seamDilation());
    this.seamWeights = SeamDetector.weights(seams, options.seamWeight());
    if (workFolder != null) {
      Files.createDirectories(workFolder);
      ImageIo.writePng(
          workFolder.resolve(SEAMS_FILE),
          SeamDetector.overlay(photo.target(), seams, photo.width(), photo.height()));
    }
    this.fingerprint =
        fingerprint(options, avatar, frames, this.perceptual == null ? "" : perceptual.sha256());
    Optional<byte[]> saved = store.load(CHECKPOINT_NAME);
    if (saved.isPresent()) {
      restore(CheckpointCodec.decode(saved.get()));
    }
  }

  /**
   * Trains from the current iteration to {@link TrainingOptions#iterations()}, or until a stop
   * request or an interrupt (the state is saved first, and the summary says it is not complete).
   * Reports each iteration to {@code progress} with the loss and the latest photo PSNR.
   */
  public TrainingResult train(ProgressListener progress) throws IOException {
    long total = options.iterations();
    long first = iteration;
    long start = System.nanoTime();
    boolean stopped = false;
    while (iteration < total) {
      if (stopRequested.get() || Thread.currentThread().isInterrupted()) {
        stopped = true;
        break;
      }
      step();
      iteration++;
      // Progress first: a listener that announces checkpoints then reports this iteration's.
      progress.progress(iteration, total, message(total));
      if (checkpointRequested.getAndSet(false)
          || iteration % options.checkpointInterval() == 0
          || iteration == total) {
        saveCheckpoint();
      }
    }
    if (savedIteration != iteration) {
      saveCheckpoint();
    }
    double wall = (System.nanoTime() - start) * 1e-9;
    long ran = iteration - first;
    TrainingSummary summary =
        new TrainingSummary(
            iteration,
            total,
            !stopped && iteration == total,
            history.recentLoss(LOSS_WINDOW),
            photoPsnr(),
            wall,
            ran == 0 ? Double.NaN : wall / ran);
    return new TrainingResult(avatar, params, summary, history);
  }

  /** Asks for a checkpoint after the current iteration; callable from any thread. */
  public void requestCheckpoint() {
    checkpointRequested.set(true);
  }

  /**
   * Asks {@link #train} to save and return after the current iteration; callable from any thread.
   */
  public void requestStop() {
    stopRequested.set(true);
  }

  /** One iteration at {@link #iteration}: forward, loss, backward, Adam step, history. */
  private void step() {
    TrainingFrame frame = frames.get(schedule.frame(iteration));
    adam.zeroGradients();
    PosedAvatar posed = poser.pose(params, frame.params());
    Rendering r = rasterizer.render(posed.gaussians(), frame.camera(), settings);
    Arrays.fill(dColor, 0f);
    Arrays.fill(dAlpha, 0f);
    PhotometricLoss.Value colour =
        photometric.evaluate(
            r.color(), frame.target(), frame.photo() ? seamWeights : null, dColor, 1.0);
    double maskWeight = options.weights().mask();
    double maskLoss = maskWeight * Losses.maskL1(r.alpha(), frame.mask(), dAlpha, maskWeight);
    double perceptualLoss = 0;
    if (perceptual != null) {
      double w = options.weights().perceptual();
      perceptualLoss =
          w
              * perceptual.evaluate(
                  r.color(), frame.target(), frame.width(), frame.height(), dColor, w);
    }
    double psnr = frame.photo() ? maskedPsnr(r.color(), frame) : Double.NaN;
    rasterizer.backward(r, new RenderingGradient(dColor, dAlpha, null, null), dGaussians);
    double reg = regularise(posed);
    poser.backward(posed, params, dGaussians, poser.poseDrivenOffsets() ? dOffsets : null, grads);
    adam.step();
    history.add(colour.loss() + maskLoss + perceptualLoss + reg, psnr);
  }

  /**
   * Adds the regularisers' gradients (into {@link #grads} and {@link #dOffsets}) and returns their
   * value.
   */
  private double regularise(PosedAvatar posed) {
    TrainingOptions.LossWeights w = options.weights();
    double reg = 0;
    reg += regularizer.magnitude(params.meanOffset(), 3, w.offsetMagnitude(), grads.meanOffset());
    reg += regularizer.laplacian(params.meanOffset(), 3, w.offsetLaplacian(), grads.meanOffset());
    if (poser.poseDrivenOffsets()) {
      int outs = poser.offsetField().outputs();
      MeshRegularizer.gather(posed.offsets(), outs, 0, 3, offsetMeans);
      Arrays.fill(dOffsetMeans, 0f);
      reg += regularizer.magnitude(offsetMeans, 3, w.offsetMagnitude(), dOffsetMeans);
      reg += regularizer.laplacian(offsetMeans, 3, w.offsetLaplacian(), dOffsetMeans);
      Arrays.fill(dOffsets, 0f);
      MeshRegularizer.scatterAdd(dOffsetMeans, 3, dOffsets, outs, 0);
    }
    reg +=
        regularizer.laplacian(
            params.logScale(), params.scaleDimensions(), w.scaleLaplacian(), grads.logScale());
    if (w.colorLaplacian() > 0) {
      int row = params.shCoefficients() * 3;
      MeshRegularizer.gather(params.sh(), row, 0, 3, dc);
      Arrays.fill(dDc, 0f);
      reg += regularizer.laplacian(dc, 3, w.colorLaplacian(), dDc);
      MeshRegularizer.scatterAdd(dDc, 3, grads.sh(), row, 0);
    }
    return reg;
  }

  /** PSNR over the frame's person mask (the whole image when the mask is empty). */
  private static double maskedPsnr(float[] color, TrainingFrame frame) {
    double coverage = 0;
    for (float m : frame.mask()) {
      coverage += m;
    }
    return Losses.psnr(color, frame.target(), coverage > 0 ? frame.mask() : null);
  }

  /** PSNR of the current avatar rendered at the photo, dB. */
  public double photoPsnr() {
    TrainingFrame photo = frames.photo();
    Rendering r =
        rasterizer.render(poser.pose(params, photo.params()).gaussians(), photo.camera(), settings);
    return maskedPsnr(r.color(), photo);
  }

  private String message(long total) {
    double psnr = history.latestPhotoPsnr();
    return String.format(
        Locale.ROOT,
        "iteration %d/%d, loss %.5f%s",
        iteration,
        total,
        history.recentLoss(LOSS_WINDOW),
        Double.isNaN(psnr) ? "" : String.format(Locale.ROOT, ", photo PSNR %.2f dB", psnr));
  }

  /** Saves the whole state now (also called by {@link #train} on its schedule). */
  public void saveCheckpoint() throws IOException {
    CheckpointState s = new CheckpointState();
    s.putLong("fingerprint", fingerprint);
    s.putLong("seed", options.seed());
    s.putLong("iteration", iteration);
    s.putLong("adam.step", adam.stepCount());
    List<ParameterGroup> groups = adam.groups();
    for (int g = 0; g < groups.size(); g++) {
      String name = groups.get(g).name();
      s.putFloats("param." + name, groups.get(g).values());
      s.putFloats("adam.m." + name, adam.firstMoment(g));
      s.putFloats("adam.v." + name, adam.secondMoment(g));
    }
    s.putFloats("history.loss", history.loss());
    s.putFloats("history.photoPsnr", history.photoPsnr());
    store.save(CHECKPOINT_NAME, CheckpointCodec.encode(s));
    savedIteration = iteration;
  }

  private void restore(CheckpointState s) {
    long saved = s.longValue("fingerprint");
    if (saved != fingerprint) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          "checkpoint '"
              + CHECKPOINT_NAME
              + "' belongs to another training run (fingerprint "
              + Long.toHexString(saved)
              + ", this run "
              + Long.toHexString(fingerprint)
              + "): the options, the dataset or the body differ; remove it to start over");
    }
    long at = s.longValue("iteration");
    long steps = s.longValue("adam.step");
    if (at < 0 || at > options.iterations() || steps != at) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          "checkpoint '" + CHECKPOINT_NAME + "': iteration " + at + " with " + steps + " steps");
    }
    List<ParameterGroup> groups = adam.groups();
    for (int g = 0; g < groups.size(); g++) {
      String name = groups.get(g).name();
      s.copyFloatsInto("param." + name, groups.get(g).values());
      s.copyFloatsInto("adam.m." + name, adam.firstMoment(g));
      s.copyFloatsInto("adam.v." + name, adam.secondMoment(g));
    }
    float[] loss = s.floats("history.loss");
    float[] psnr = s.floats("history.photoPsnr");
    if (loss.length != at || psnr.length != at) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          "checkpoint '" + CHECKPOINT_NAME + "': history does not cover its " + at + " iterations");
    }
    adam.setStepCount(steps);
    history = new TrainingHistory(loss, psnr);
    iteration = at;
    savedIteration = at;
  }

  /**
   * SHA-256 (first 8 bytes) over everything that decides the run's numbers: the options (less
   * threads and checkpoint interval, which do not change them), the avatar's canonical means and
   * every frame's id, camera, parameters, target and mask.
   */
  static long fingerprint(
      TrainingOptions options, CanonicalAvatar avatar, TrainingFrames frames, String lpipsSha256) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
    TrainingOptions neutral = options.withThreads(1).withCheckpointInterval(1);
    sha.update((FINGERPRINT_VERSION + neutral + lpipsSha256).getBytes(StandardCharsets.UTF_8));
    update(sha, avatar.canonicalMeans());
    update(sha, frames.photo());
    for (TrainingFrame f : frames.synthetic()) {
      update(sha, f);
    }
    return ByteBuffer.wrap(sha.digest()).getLong();
  }

  private static void update(MessageDigest sha, TrainingFrame f) {
    sha.update((f.id() + (f.photo() ? "p" : "t")).getBytes(StandardCharsets.UTF_8));
    PinholeCamera c = f.camera();
    update(
        sha,
        new double[] {c.width(), c.height(), c.fx(), c.fy(), c.cx(), c.cy()},
        c.worldToCamera());
    SmplxParams p = f.params();
    update(sha, p.betas(), p.fullPose(), p.transl(), p.expression());
    update(sha, f.target());
    update(sha, f.mask());
  }

  private static void update(MessageDigest sha, double[]... arrays) {
    for (double[] a : arrays) {
      ByteBuffer b = ByteBuffer.allocate(8 + a.length * 8).order(ByteOrder.LITTLE_ENDIAN);
      b.putLong(a.length);
      for (double v : a) {
        b.putDouble(v);
      }
      sha.update(b.array());
    }
  }

  private static void update(MessageDigest sha, float[] a) {
    ByteBuffer b = ByteBuffer.allocate(8 + a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(a.length);
    for (float v : a) {
      b.putFloat(v);
    }
    sha.update(b.array());
  }

  /** Iterations done. */
  public long iteration() {
    return iteration;
  }

  public TrainingOptions options() {
    return options;
  }

  public CanonicalAvatar avatar() {
    return avatar;
  }

  /** The poser (with the options' pose-driven-offset switch). */
  public AvatarPoser poser() {
    return poser;
  }

  /** The live parameters. */
  public AvatarParameters parameters() {
    return params;
  }

  public TrainingFrames frames() {
    return frames;
  }

  public TrainingHistory history() {
    return history;
  }

  /** {@code [H*W]} the photo's seam pixels (dilated). */
  public boolean[] seams() {
    return seams.clone();
  }

  /** {@code [H*W]} the photo's colour-loss weights. */
  public float[] seamWeights() {
    return seamWeights.clone();
  }

  /** The run's fingerprint (see the class comment). */
  public long fingerprint() {
    return fingerprint;
  }

  @Override
  public void close() {
    rasterizer.close();
  }
}
