package dev.persona.core.raster;

import dev.persona.core.InvalidInputException;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.image.Image;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rasterizes a triangle mesh seen by a pinhole camera into per-pixel triangle ids,
 * perspective-correct barycentrics, depth, coverage, and optionally interpolated vertex attributes
 * and texture colour (see {@link RasterResult}).
 *
 * <p>The pipeline, per frame:
 *
 * <ol>
 *   <li>Vertices go to camera space and get a clip code against five planes: the near plane {@code
 *       z = near} and four guard-band planes 8192 samples outside the image borders (the guard band
 *       bounds the fixed-point coordinates below; nothing inside the image is affected by it).
 *   <li>Triangles wholly outside one plane are dropped; triangles crossing a plane are clipped
 *       (Sutherland–Hodgman) into a convex polygon and fanned into sub-triangles. Each new vertex
 *       is interpolated from the edge's inside end towards its outside end, so two triangles
 *       sharing the edge produce the identical point and stay crack-free. Sub-triangle vertices
 *       remember their barycentric weights on the source triangle, so outputs always refer to the
 *       source triangle's vertices.
 *   <li>Vertices are projected and snapped to a fixed-point grid of 1/256 sample. Coverage uses
 *       integer edge functions with the top-left fill rule (Direct3D's rule): a sample exactly on
 *       an edge shared by two triangles belongs to exactly one of them, so a closed mesh renders
 *       without cracks or double coverage.
 *   <li>Visibility: each covered sample keeps the triangle with the largest interpolated {@code
 *       1/z} (screen-space linear, so exact under perspective); on equal {@code 1/z} the triangle
 *       submitted first wins.
 *   <li>Resolve: for the winning triangle only, perspective-correct barycentrics {@code b_i = (λ_i
 *       / z_i) / Σ_j (λ_j / z_j)} with λ the screen-space barycentrics, then depth, attributes and
 *       texture colour.
 * </ol>
 *
 * <p>Work is split into bands of {@value #BAND_ROWS} image rows, each with its bin of the triangles
 * that touch it (in submission order). Threads take whole bands, so every pixel is computed by one
 * thread from the same inputs in the same order: the output is bit-identical for any thread count.
 *
 * <p>A rasterizer keeps its working buffers between calls (reuse it across frames; buffers grow to
 * the largest frame seen) and is not thread-safe: use one per thread. With {@code samples = k > 1},
 * each pixel is sampled on a regular k x k grid; see {@link RasterResult} for how samples combine.
 */
public final class MeshRasterizer {
  /** Fractional bits of the fixed-point sample coordinates (Direct3D also uses 8). */
  static final int SUBPIXEL_BITS = 8;

  private static final int SUBPIXEL = 1 << SUBPIXEL_BITS;
  private static final int HALF_SUBPIXEL = SUBPIXEL / 2;

  /**
   * The largest sample grid side (image side x samples). With the guard band this keeps snapped
   * coordinates below 2^24 units, so edge-function products stay below 2^50: exact in a long and
   * exactly convertible to double.
   */
  static final int MAX_GRID = 32768;

  /** Guard band beyond each image border, in samples. */
  private static final int GUARD_BAND = 8192;

  /** Image rows per band: small enough to balance threads, large enough to amortise binning. */
  static final int BAND_ROWS = 16;

  private static final int PLANE_COUNT = 5;
  private static final int MAX_POLYGON = 3 + PLANE_COUNT;

  /** Polygon vertex layout in the clipping scratch: camera x, y, z, then three corner weights. */
  private static final int POLY_STRIDE = 6;

  private static final double[] IDENTITY = {1, 0, 0, 0, 1, 0, 0, 0, 1};

  private final RasterOptions options;
  private final int samples;

  /** Sample indices (row-major within the pixel) sorted by distance to the pixel centre. */
  private final int[] sampleOrder;

  // Per-frame state, written by the single-threaded set-up and only read by the band workers.
  private RasterMesh mesh;
  private int width;
  private int height;
  private int gridWidth;
  private int gridHeight;
  private int bandCount;
  private int bandSampleRows;
  private double fx;
  private double fy;
  private double cx;
  private double cy;
  private double near;
  private double guardLeft;
  private double guardRight;
  private double guardTop;
  private double guardBottom;
  private double fixedScale;

  /** {@code [V*3]} camera-space positions, metres. */
  private double[] cameraPoints = new double[0];

  /** {@code [V]} bit p set when the vertex is outside plane p. */
  private int[] clipCodes = new int[0];

  /** {@code [V*2]} snapped sample-grid positions, valid where the clip code is 0. */
  private int[] fixedPoints = new int[0];

  /** {@code [V]} 1/z, valid where the clip code is 0. */
  private double[] inverseDepths = new double[0];

  // Sub-triangles: the drawable triangles after culling and clipping, counter-clockwise on screen
  // (positive area in y-down coordinates), structure of arrays.
  private int subCount;

  /** {@code [S]} source triangle index. */
  private int[] subSource = new int[0];

  /** {@code [S*6]} snapped (x, y) of the three vertices. */
  private int[] subPoints = new int[0];

  /** {@code [S*3]} 1/z of the three vertices. */
  private double[] subInverseDepths = new double[0];

  /** {@code [S]} 1 / (twice the snapped area). */
  private double[] subInverseArea = new double[0];

  /** {@code [S*9]} row j: barycentric weights of vertex j on the source triangle's corners. */
  private double[] subCorners = new double[0];

  /** {@code [S*4]} covered sample range: min x, max x, min y, max y (inclusive, on the grid). */
  private int[] subBounds = new int[0];

  /** {@code [bands+1]} start of each band's run in {@link #binItems}. */
  private int[] binStart = new int[0];

  private int[] binCursor = new int[0];
  private int[] binItems = new int[0];

  private final double[] polygonA = new double[(MAX_POLYGON + 1) * POLY_STRIDE];
  private final double[] polygonB = new double[(MAX_POLYGON + 1) * POLY_STRIDE];
  private final int[] polygonFixed = new int[MAX_POLYGON * 2];
  private final double[] polygonInverseDepth = new double[MAX_POLYGON];

  private Worker[] workers = new Worker[0];

  public MeshRasterizer(RasterOptions options) {
    this.options = options;
    this.samples = options.samples();
    this.sampleOrder = centreFirstOrder(samples);
  }

  public RasterOptions options() {
    return options;
  }

  /**
   * Rasterizes into a new result. See {@link #rasterize(RasterMesh, PinholeCamera, RasterResult)}.
   */
  public RasterResult rasterize(RasterMesh mesh, PinholeCamera camera) {
    return rasterize(mesh, camera, null);
  }

  /**
   * Rasterizes {@code mesh} as seen by {@code camera} at the camera's image size.
   *
   * @param reuse a previous result to overwrite when it has the same size, attribute channels and
   *     colour channels (steady-state frames then allocate nothing); {@code null} or a mismatch
   *     allocates a new result
   * @return the result ({@code reuse} itself when it was reused)
   * @throws InvalidInputException TOO_LARGE when the sample grid exceeds {@value #MAX_GRID} per
   *     side; MALFORMED when the camera has non-finite parameters
   */
  public RasterResult rasterize(RasterMesh mesh, PinholeCamera camera, RasterResult reuse) {
    int attributeChannels = mesh.attributeChannels();
    int colorChannels = mesh.colorChannels();
    checkCamera(camera, Math.max(3, Math.max(attributeChannels, colorChannels)));
    RasterResult result =
        reuse != null
                && reuse.hasShape(camera.width(), camera.height(), attributeChannels, colorChannels)
            ? reuse
            : new RasterResult(camera.width(), camera.height(), attributeChannels, colorChannels);
    this.mesh = mesh;
    try {
      setUpFrame(camera);
      transformVertices(camera);
      buildSubTriangles();
      binSubTriangles();
      runBands(result);
    } finally {
      this.mesh = null;
    }
    return result;
  }

  private void checkCamera(PinholeCamera camera, int maxChannels) {
    long gridW = (long) camera.width() * samples;
    long gridH = (long) camera.height() * samples;
    if (gridW > MAX_GRID || gridH > MAX_GRID) {
      throw new InvalidInputException(
          InvalidInputException.Reason.TOO_LARGE,
          "raster: "
              + camera.width()
              + "x"
              + camera.height()
              + " pixels at "
              + samples
              + "x"
              + samples
              + " samples exceeds "
              + MAX_GRID
              + " samples per side");
    }
    if ((long) camera.width() * camera.height() * maxChannels > Integer.MAX_VALUE - 8) {
      throw new InvalidInputException(
          InvalidInputException.Reason.TOO_LARGE,
          "raster: " + camera.width() + "x" + camera.height() + " output does not fit an array");
    }
    boolean finite =
        Double.isFinite(camera.fx())
            && Double.isFinite(camera.fy())
            && Double.isFinite(camera.cx())
            && Double.isFinite(camera.cy());
    for (int i = 0; i < 12; i++) {
      finite &= Double.isFinite(camera.worldToCamera(i / 4, i % 4));
    }
    if (!finite) {
      throw new InvalidInputException(
          InvalidInputException.Reason.MALFORMED, "raster: camera has non-finite values " + camera);
    }
  }

  private void setUpFrame(PinholeCamera camera) {
    width = camera.width();
    height = camera.height();
    gridWidth = width * samples;
    gridHeight = height * samples;
    bandCount = Math.ceilDiv(height, BAND_ROWS);
    bandSampleRows = BAND_ROWS * samples;
    fx = camera.fx();
    fy = camera.fy();
    cx = camera.cx();
    cy = camera.cy();
    near = options.nearPlane();
    double guardPixels = (double) GUARD_BAND / samples;
    guardLeft = cx + guardPixels;
    guardRight = width + guardPixels - cx;
    guardTop = cy + guardPixels;
    guardBottom = height + guardPixels - cy;
    fixedScale = (double) samples * SUBPIXEL;
  }

  // ---------------------------------------------------------------------------------------------
  // Set-up: transform, clip, project, bin (single-threaded, O(V + F)).

  private void transformVertices(PinholeCamera camera) {
    float[] vertices = mesh.vertices();
    int vertexCount = mesh.vertexCount();
    if (clipCodes.length < vertexCount) {
      cameraPoints = new double[vertexCount * 3];
      clipCodes = new int[vertexCount];
      fixedPoints = new int[vertexCount * 2];
      inverseDepths = new double[vertexCount];
    }
    double m00 = camera.worldToCamera(0, 0);
    double m01 = camera.worldToCamera(0, 1);
    double m02 = camera.worldToCamera(0, 2);
    double m03 = camera.worldToCamera(0, 3);
    double m10 = camera.worldToCamera(1, 0);
    double m11 = camera.worldToCamera(1, 1);
    double m12 = camera.worldToCamera(1, 2);
    double m13 = camera.worldToCamera(1, 3);
    double m20 = camera.worldToCamera(2, 0);
    double m21 = camera.worldToCamera(2, 1);
    double m22 = camera.worldToCamera(2, 2);
    double m23 = camera.worldToCamera(2, 3);
    for (int v = 0; v < vertexCount; v++) {
      double x = vertices[v * 3];
      double y = vertices[v * 3 + 1];
      double z = vertices[v * 3 + 2];
      double cxv = m00 * x + m01 * y + m02 * z + m03;
      double cyv = m10 * x + m11 * y + m12 * z + m13;
      double czv = m20 * x + m21 * y + m22 * z + m23;
      cameraPoints[v * 3] = cxv;
      cameraPoints[v * 3 + 1] = cyv;
      cameraPoints[v * 3 + 2] = czv;
      int code = 0;
      for (int plane = 0; plane < PLANE_COUNT; plane++) {
        if (planeDistance(plane, cxv, cyv, czv) < 0) {
          code |= 1 << plane;
        }
      }
      clipCodes[v] = code;
      if (code == 0) {
        fixedPoints[v * 2] = snapX(cxv, czv);
        fixedPoints[v * 2 + 1] = snapY(cyv, czv);
        inverseDepths[v] = 1.0 / czv;
      }
    }
  }

  /**
   * Signed distance-like value of a camera-space point to clip plane {@code plane}, non-negative on
   * the visible side: 0 near plane, 1-4 guard band left, right, top, bottom (each a plane through
   * the camera centre, {@code u = fx x / z + cx >= -guard} multiplied through by z).
   */
  private double planeDistance(int plane, double x, double y, double z) {
    return switch (plane) {
      case 0 -> z - near;
      case 1 -> fx * x + guardLeft * z;
      case 2 -> guardRight * z - fx * x;
      case 3 -> fy * y + guardTop * z;
      default -> guardBottom * z - fy * y;
    };
  }

  /** Snapped sample-grid x of a camera-space point in front of the near plane. */
  private int snapX(double x, double z) {
    return (int) Math.round((fx * x / z + cx) * fixedScale);
  }

  private int snapY(double y, double z) {
    return (int) Math.round((fy * y / z + cy) * fixedScale);
  }

  private void buildSubTriangles() {
    int[] triangles = mesh.triangles();
    int triangleCount = mesh.triangleCount();
    subCount = 0;
    ensureSubCapacity(triangleCount);
    for (int f = 0; f < triangleCount; f++) {
      int a = triangles[f * 3];
      int b = triangles[f * 3 + 1];
      int c = triangles[f * 3 + 2];
      int codeA = clipCodes[a];
      int codeB = clipCodes[b];
      int codeC = clipCodes[c];
      if ((codeA & codeB & codeC) != 0) {
        continue;
      }
      if ((codeA | codeB | codeC) == 0) {
        emit(
            f,
            fixedPoints[a * 2],
            fixedPoints[a * 2 + 1],
            inverseDepths[a],
            fixedPoints[b * 2],
            fixedPoints[b * 2 + 1],
            inverseDepths[b],
            fixedPoints[c * 2],
            fixedPoints[c * 2 + 1],
            inverseDepths[c],
            IDENTITY,
            0,
            3,
            6);
      } else {
        clipAndEmit(f, a, b, c, codeA | codeB | codeC);
      }
    }
  }

  private void clipAndEmit(int f, int a, int b, int c, int planesCrossed) {
    double[] source = polygonA;
    double[] target = polygonB;
    loadCorner(source, 0, a, 0);
    loadCorner(source, 1, b, 1);
    loadCorner(source, 2, c, 2);
    int n = 3;
    for (int plane = 0; plane < PLANE_COUNT && n >= 3; plane++) {
      // Planes no corner is outside of cannot cut the triangle (its points are convex
      // combinations).
      if ((planesCrossed & (1 << plane)) != 0) {
        n = clipPolygon(source, n, plane, target);
        double[] swap = source;
        source = target;
        target = swap;
      }
    }
    if (n < 3) {
      return;
    }
    for (int i = 0; i < n; i++) {
      int o = i * POLY_STRIDE;
      double z = source[o + 2];
      polygonFixed[i * 2] = snapX(source[o], z);
      polygonFixed[i * 2 + 1] = snapY(source[o + 1], z);
      polygonInverseDepth[i] = 1.0 / z;
    }
    for (int i = 1; i + 1 < n; i++) {
      emit(
          f,
          polygonFixed[0],
          polygonFixed[1],
          polygonInverseDepth[0],
          polygonFixed[i * 2],
          polygonFixed[i * 2 + 1],
          polygonInverseDepth[i],
          polygonFixed[i * 2 + 2],
          polygonFixed[i * 2 + 3],
          polygonInverseDepth[i + 1],
          source,
          3,
          i * POLY_STRIDE + 3,
          (i + 1) * POLY_STRIDE + 3);
    }
  }

  private void loadCorner(double[] polygon, int slot, int vertex, int corner) {
    int o = slot * POLY_STRIDE;
    polygon[o] = cameraPoints[vertex * 3];
    polygon[o + 1] = cameraPoints[vertex * 3 + 1];
    polygon[o + 2] = cameraPoints[vertex * 3 + 2];
    polygon[o + 3] = corner == 0 ? 1 : 0;
    polygon[o + 4] = corner == 1 ? 1 : 0;
    polygon[o + 5] = corner == 2 ? 1 : 0;
  }

  /** Sutherland–Hodgman against one plane; returns the output vertex count. */
  private int clipPolygon(double[] source, int n, int plane, double[] target) {
    int m = 0;
    for (int i = 0; i < n; i++) {
      int current = i * POLY_STRIDE;
      int next = ((i + 1) % n) * POLY_STRIDE;
      double dCurrent =
          planeDistance(plane, source[current], source[current + 1], source[current + 2]);
      double dNext = planeDistance(plane, source[next], source[next + 1], source[next + 2]);
      boolean currentInside = dCurrent >= 0;
      if (currentInside) {
        System.arraycopy(source, current, target, m * POLY_STRIDE, POLY_STRIDE);
        m++;
      }
      if (currentInside != (dNext >= 0)) {
        // Always interpolate from the inside end: the neighbour sharing this edge walks it the
        // other way round and must compute the bit-identical point.
        int in = currentInside ? current : next;
        int out = currentInside ? next : current;
        double dIn = currentInside ? dCurrent : dNext;
        double dOut = currentInside ? dNext : dCurrent;
        double t = dIn / (dIn - dOut);
        int o = m * POLY_STRIDE;
        for (int k = 0; k < POLY_STRIDE; k++) {
          target[o + k] = source[in + k] + t * (source[out + k] - source[in + k]);
        }
        m++;
      }
    }
    return m;
  }

  /**
   * Culls by facing, bounds, orients counter-clockwise on screen and stores one sub-triangle.
   * {@code corners} holds each vertex's three source-corner weights at the given offsets.
   */
  private void emit(
      int source,
      int x0,
      int y0,
      double iz0,
      int x1,
      int y1,
      double iz1,
      int x2,
      int y2,
      double iz2,
      double[] corners,
      int corner0,
      int corner1,
      int corner2) {
    long area = (long) (x1 - x0) * (y2 - y0) - (long) (y1 - y0) * (x2 - x0);
    if (area == 0) {
      return;
    }
    // y points down on screen, so a triangle counter-clockwise as seen by the camera (front-facing,
    // see CullMode) has negative area here.
    boolean front = area < 0;
    CullMode cull = options.cull();
    if ((cull == CullMode.BACK && !front) || (cull == CullMode.FRONT && front)) {
      return;
    }
    int minX = Math.max(0, Math.ceilDiv(Math.min(x0, Math.min(x1, x2)) - HALF_SUBPIXEL, SUBPIXEL));
    int maxX =
        Math.min(
            gridWidth - 1, Math.floorDiv(Math.max(x0, Math.max(x1, x2)) - HALF_SUBPIXEL, SUBPIXEL));
    int minY = Math.max(0, Math.ceilDiv(Math.min(y0, Math.min(y1, y2)) - HALF_SUBPIXEL, SUBPIXEL));
    int maxY =
        Math.min(
            gridHeight - 1,
            Math.floorDiv(Math.max(y0, Math.max(y1, y2)) - HALF_SUBPIXEL, SUBPIXEL));
    if (minX > maxX || minY > maxY) {
      return;
    }
    int s = subCount;
    if (s == subSource.length) {
      ensureSubCapacity(s * 2 + 16);
    }
    boolean swap = area < 0;
    int p = s * 6;
    subPoints[p] = x0;
    subPoints[p + 1] = y0;
    subPoints[p + 2] = swap ? x2 : x1;
    subPoints[p + 3] = swap ? y2 : y1;
    subPoints[p + 4] = swap ? x1 : x2;
    subPoints[p + 5] = swap ? y1 : y2;
    subInverseDepths[s * 3] = iz0;
    subInverseDepths[s * 3 + 1] = swap ? iz2 : iz1;
    subInverseDepths[s * 3 + 2] = swap ? iz1 : iz2;
    subInverseArea[s] = 1.0 / Math.abs(area);
    int w = s * 9;
    System.arraycopy(corners, corner0, subCorners, w, 3);
    System.arraycopy(corners, swap ? corner2 : corner1, subCorners, w + 3, 3);
    System.arraycopy(corners, swap ? corner1 : corner2, subCorners, w + 6, 3);
    subBounds[s * 4] = minX;
    subBounds[s * 4 + 1] = maxX;
    subBounds[s * 4 + 2] = minY;
    subBounds[s * 4 + 3] = maxY;
    subSource[s] = source;
    subCount = s + 1;
  }

  private void ensureSubCapacity(int capacity) {
    if (subSource.length >= capacity) {
      return;
    }
    subSource = Arrays.copyOf(subSource, capacity);
    subPoints = Arrays.copyOf(subPoints, capacity * 6);
    subInverseDepths = Arrays.copyOf(subInverseDepths, capacity * 3);
    subInverseArea = Arrays.copyOf(subInverseArea, capacity);
    subCorners = Arrays.copyOf(subCorners, capacity * 9);
    subBounds = Arrays.copyOf(subBounds, capacity * 4);
  }

  /** Counting sort of sub-triangles into bands, keeping submission order within each band. */
  private void binSubTriangles() {
    if (binStart.length < bandCount + 1) {
      binStart = new int[bandCount + 1];
      binCursor = new int[bandCount];
    }
    Arrays.fill(binStart, 0, bandCount + 1, 0);
    for (int s = 0; s < subCount; s++) {
      int last = subBounds[s * 4 + 3] / bandSampleRows;
      for (int band = subBounds[s * 4 + 2] / bandSampleRows; band <= last; band++) {
        binStart[band + 1]++;
      }
    }
    for (int band = 0; band < bandCount; band++) {
      binStart[band + 1] += binStart[band];
    }
    int total = binStart[bandCount];
    if (binItems.length < total) {
      binItems = new int[Math.max(total, binItems.length * 2)];
    }
    System.arraycopy(binStart, 0, binCursor, 0, bandCount);
    for (int s = 0; s < subCount; s++) {
      int last = subBounds[s * 4 + 3] / bandSampleRows;
      for (int band = subBounds[s * 4 + 2] / bandSampleRows; band <= last; band++) {
        binItems[binCursor[band]++] = s;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Bands: visibility then resolve, in parallel over bands.

  private void runBands(RasterResult result) {
    int workerCount = Math.min(options.threads(), bandCount);
    if (workers.length < workerCount) {
      Worker[] grown = Arrays.copyOf(workers, workerCount);
      for (int i = workers.length; i < workerCount; i++) {
        grown[i] = new Worker();
      }
      workers = grown;
    }
    AtomicInteger nextBand = new AtomicInteger();
    if (workerCount == 1) {
      workers[0].run(result, nextBand);
      return;
    }
    Thread[] threads = new Thread[workerCount - 1];
    Throwable[] failures = new Throwable[workerCount];
    for (int i = 1; i < workerCount; i++) {
      Worker worker = workers[i];
      int slot = i;
      threads[i - 1] =
          Thread.ofPlatform()
              .name("raster-band-" + i)
              .daemon()
              .start(
                  () -> {
                    try {
                      worker.run(result, nextBand);
                    } catch (Throwable t) {
                      failures[slot] = t;
                    }
                  });
    }
    try {
      workers[0].run(result, nextBand);
    } catch (RuntimeException | Error e) {
      failures[0] = e;
    }
    boolean interrupted = false;
    for (Thread thread : threads) {
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          // Workers finish in bounded time; wait for them so no thread writes after we return.
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    for (Throwable failure : failures) {
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      if (failure != null) {
        throw new IllegalStateException("raster worker failed", failure);
      }
    }
  }

  private static boolean isTopLeft(long dx, long dy) {
    // Counter-clockwise on a y-down screen: left edges run upwards, top edges run rightwards.
    return dy < 0 || (dy == 0 && dx > 0);
  }

  /** One thread's share of the band pass, with its own scratch buffers. */
  private final class Worker {
    /** {@code [bandSampleRows * gridWidth]} winning sub-triangle per sample, -1 where empty. */
    private int[] sampleTriangles = new int[0];

    /** {@code [bandSampleRows * gridWidth]} 1/z of the winner, 0 where empty. */
    private float[] sampleInverseDepths = new float[0];

    private final double[] weights = new double[3];
    private double[] attributeSum = new double[0];
    private final double[] colorSum = new double[4];
    private final float[] texel = new float[4];

    void run(RasterResult result, AtomicInteger nextBand) {
      int size = bandSampleRows * gridWidth;
      if (sampleTriangles.length < size) {
        sampleTriangles = new int[size];
        sampleInverseDepths = new float[size];
      }
      if (attributeSum.length < mesh.attributeChannels()) {
        attributeSum = new double[mesh.attributeChannels()];
      }
      for (int band = nextBand.getAndIncrement();
          band < bandCount;
          band = nextBand.getAndIncrement()) {
        rasterBand(band);
        resolveBand(band, result);
      }
    }

    /** Fills the band's sample buffers with the nearest sub-triangle per sample. */
    private void rasterBand(int band) {
      int rowStart = band * bandSampleRows;
      int rowEnd = Math.min(gridHeight, rowStart + bandSampleRows);
      int[] triangles = sampleTriangles;
      float[] depths = sampleInverseDepths;
      Arrays.fill(triangles, 0, (rowEnd - rowStart) * gridWidth, -1);
      Arrays.fill(depths, 0, (rowEnd - rowStart) * gridWidth, 0f);
      for (int item = binStart[band], end = binStart[band + 1]; item < end; item++) {
        int s = binItems[item];
        int p = s * 6;
        long x0 = subPoints[p];
        long y0 = subPoints[p + 1];
        long x1 = subPoints[p + 2];
        long y1 = subPoints[p + 3];
        long x2 = subPoints[p + 4];
        long y2 = subPoints[p + 5];
        // Edge j is the edge opposite vertex j; its function is λ_j times twice the area.
        long dx0 = x2 - x1;
        long dy0 = y2 - y1;
        long dx1 = x0 - x2;
        long dy1 = y0 - y2;
        long dx2 = x1 - x0;
        long dy2 = y1 - y0;
        long bias0 = isTopLeft(dx0, dy0) ? 0 : 1;
        long bias1 = isTopLeft(dx1, dy1) ? 0 : 1;
        long bias2 = isTopLeft(dx2, dy2) ? 0 : 1;
        double iz0 = subInverseDepths[s * 3];
        double iz1 = subInverseDepths[s * 3 + 1];
        double iz2 = subInverseDepths[s * 3 + 2];
        double inverseArea = subInverseArea[s];
        int minX = subBounds[s * 4];
        int maxX = subBounds[s * 4 + 1];
        int minY = Math.max(subBounds[s * 4 + 2], rowStart);
        int maxY = Math.min(subBounds[s * 4 + 3], rowEnd - 1);
        long px = (long) minX * SUBPIXEL + HALF_SUBPIXEL;
        long step0 = -dy0 * SUBPIXEL;
        long step1 = -dy1 * SUBPIXEL;
        long step2 = -dy2 * SUBPIXEL;
        for (int sy = minY; sy <= maxY; sy++) {
          long py = (long) sy * SUBPIXEL + HALF_SUBPIXEL;
          // Biased so that "covered" is e >= 0 on every edge: the top-left rule in integers.
          long e0 = dx0 * (py - y1) - dy0 * (px - x1) - bias0;
          long e1 = dx1 * (py - y2) - dy1 * (px - x2) - bias1;
          long e2 = dx2 * (py - y0) - dy2 * (px - x0) - bias2;
          int row = (sy - rowStart) * gridWidth;
          for (int sx = minX; sx <= maxX; sx++) {
            if ((e0 | e1 | e2) >= 0) {
              float inverseDepth =
                  (float)
                      (((e0 + bias0) * iz0 + (e1 + bias1) * iz1 + (e2 + bias2) * iz2)
                          * inverseArea);
              int index = row + sx;
              if (inverseDepth > depths[index]) {
                depths[index] = inverseDepth;
                triangles[index] = s;
              }
            }
            e0 += step0;
            e1 += step1;
            e2 += step2;
          }
        }
      }
    }

    /**
     * Perspective-correct barycentrics of sample (sx, sy) on sub-triangle s, mapped to the source
     * triangle's corners, into {@link #weights}; returns 1/z there.
     */
    private double sampleWeights(int s, int sx, int sy) {
      int p = s * 6;
      long x0 = subPoints[p];
      long y0 = subPoints[p + 1];
      long x1 = subPoints[p + 2];
      long y1 = subPoints[p + 3];
      long x2 = subPoints[p + 4];
      long y2 = subPoints[p + 5];
      long px = (long) sx * SUBPIXEL + HALF_SUBPIXEL;
      long py = (long) sy * SUBPIXEL + HALF_SUBPIXEL;
      // w_j = λ_j / z_j up to the common factor 2 * area, which cancels in the normalisation.
      double w0 = ((x2 - x1) * (py - y1) - (y2 - y1) * (px - x1)) * subInverseDepths[s * 3];
      double w1 = ((x0 - x2) * (py - y2) - (y0 - y2) * (px - x2)) * subInverseDepths[s * 3 + 1];
      double w2 = ((x1 - x0) * (py - y0) - (y1 - y0) * (px - x0)) * subInverseDepths[s * 3 + 2];
      double sum = w0 + w1 + w2;
      double b0 = w0 / sum;
      double b1 = w1 / sum;
      double b2 = w2 / sum;
      int c = s * 9;
      double[] corners = subCorners;
      weights[0] = b0 * corners[c] + b1 * corners[c + 3] + b2 * corners[c + 6];
      weights[1] = b0 * corners[c + 1] + b1 * corners[c + 4] + b2 * corners[c + 7];
      weights[2] = b0 * corners[c + 2] + b1 * corners[c + 5] + b2 * corners[c + 8];
      return sum * subInverseArea[s];
    }

    private void resolveBand(int band, RasterResult result) {
      int firstRow = band * BAND_ROWS;
      int lastRow = Math.min(height, firstRow + BAND_ROWS);
      int sampleRowStart = band * bandSampleRows;
      int k = samples;
      int perPixel = k * k;
      int channels = mesh.attributeChannels();
      int colorChannels = mesh.colorChannels();
      boolean accumulate = channels > 0 || colorChannels > 0;
      float[] meshAttributes = mesh.attributes();
      int[] meshTriangles = mesh.triangles();
      float[] uvs = mesh.uvs();
      int[] uvTriangles = mesh.uvTriangles();
      Image texture = mesh.texture();
      TextureWrap wrap = options.textureWrap();
      int[] outIds = result.triangleIds();
      float[] outBarycentrics = result.barycentrics();
      float[] outDepth = result.depth();
      float[] outCoverage = result.coverage();
      float[] outAttributes = result.attributes();
      float[] outColor = result.color();
      for (int y = firstRow; y < lastRow; y++) {
        for (int x = 0; x < width; x++) {
          int pixel = y * width + x;
          int covered = 0;
          for (int c = 0; c < channels; c++) {
            attributeSum[c] = 0;
          }
          for (int c = 0; c < colorChannels; c++) {
            colorSum[c] = 0;
          }
          for (int order = 0; order < perPixel; order++) {
            int sample = sampleOrder[order];
            int sx = x * k + sample % k;
            int sy = y * k + sample / k;
            int s = sampleTriangles[(sy - sampleRowStart) * gridWidth + sx];
            if (s < 0) {
              continue;
            }
            if (covered == 0) {
              double inverseDepth = sampleWeights(s, sx, sy);
              outIds[pixel] = subSource[s];
              outBarycentrics[pixel * 3] = (float) weights[0];
              outBarycentrics[pixel * 3 + 1] = (float) weights[1];
              outBarycentrics[pixel * 3 + 2] = (float) weights[2];
              outDepth[pixel] = (float) (1.0 / inverseDepth);
            } else if (accumulate) {
              sampleWeights(s, sx, sy);
            }
            covered++;
            if (!accumulate) {
              if (k == 1) {
                break;
              }
              continue;
            }
            int f = subSource[s];
            if (channels > 0) {
              int a0 = meshTriangles[f * 3] * channels;
              int a1 = meshTriangles[f * 3 + 1] * channels;
              int a2 = meshTriangles[f * 3 + 2] * channels;
              for (int c = 0; c < channels; c++) {
                attributeSum[c] +=
                    weights[0] * meshAttributes[a0 + c]
                        + weights[1] * meshAttributes[a1 + c]
                        + weights[2] * meshAttributes[a2 + c];
              }
            }
            if (colorChannels > 0) {
              int t0 = uvTriangles[f * 3] * 2;
              int t1 = uvTriangles[f * 3 + 1] * 2;
              int t2 = uvTriangles[f * 3 + 2] * 2;
              double u = weights[0] * uvs[t0] + weights[1] * uvs[t1] + weights[2] * uvs[t2];
              double v =
                  weights[0] * uvs[t0 + 1] + weights[1] * uvs[t1 + 1] + weights[2] * uvs[t2 + 1];
              TextureSampler.sample(texture, u, v, wrap, texel, 0);
              for (int c = 0; c < colorChannels; c++) {
                colorSum[c] += texel[c];
              }
            }
          }
          if (covered == 0) {
            outIds[pixel] = -1;
            outBarycentrics[pixel * 3] = 0;
            outBarycentrics[pixel * 3 + 1] = 0;
            outBarycentrics[pixel * 3 + 2] = 0;
            outDepth[pixel] = Float.POSITIVE_INFINITY;
            outCoverage[pixel] = 0;
          } else {
            outCoverage[pixel] = covered == perPixel ? 1f : (float) covered / perPixel;
          }
          double scale = covered == 0 ? 0 : 1.0 / covered;
          for (int c = 0; c < channels; c++) {
            outAttributes[pixel * channels + c] = (float) (attributeSum[c] * scale);
          }
          for (int c = 0; c < colorChannels; c++) {
            outColor[pixel * colorChannels + c] = (float) (colorSum[c] * scale);
          }
        }
      }
    }
  }

  /**
   * Sample indices of a k x k pixel grid (row-major) ordered by distance from the pixel centre,
   * ties in row-major order: the first covered one is the pixel's representative sample.
   */
  private static int[] centreFirstOrder(int k) {
    int n = k * k;
    int[] order = new int[n];
    int[] distance = new int[n];
    for (int i = 0; i < n; i++) {
      int dx = 2 * (i % k) + 1 - k;
      int dy = 2 * (i / k) + 1 - k;
      distance[i] = dx * dx + dy * dy;
      order[i] = i;
    }
    // Insertion sort: stable, and n is at most 64.
    for (int i = 1; i < n; i++) {
      int item = order[i];
      int j = i - 1;
      while (j >= 0 && distance[order[j]] > distance[item]) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = item;
    }
    return order;
  }
}
