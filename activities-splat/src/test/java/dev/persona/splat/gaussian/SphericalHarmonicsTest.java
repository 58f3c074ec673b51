package dev.persona.splat.gaussian;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SphericalHarmonicsTest {
  /**
   * The 16 basis functions are orthonormal on the unit sphere: integral Y_i Y_j = delta_ij. Product
   * midpoint rule, uniform in z = cos(theta) (area-uniform) and in phi; for these polynomials of
   * degree <= 6 its error is below 1e-5, so 1e-4 catches any wrong constant (the smallest, 0.315,
   * would need an error of 3e-5 relative to slip through).
   */
  @Test
  void basisIsOrthonormal() {
    int nz = 400;
    int nphi = 800;
    double[] y = new double[16];
    double[] gram = new double[256];
    double weight = 4 * Math.PI / (nz * (double) nphi);
    for (int i = 0; i < nz; i++) {
      double z = -1 + (i + 0.5) * 2.0 / nz;
      double rho = Math.sqrt(1 - z * z);
      for (int j = 0; j < nphi; j++) {
        double phi = (j + 0.5) * 2 * Math.PI / nphi;
        SphericalHarmonics.basis(3, rho * Math.cos(phi), rho * Math.sin(phi), z, y);
        for (int a = 0; a < 16; a++) {
          for (int b = a; b < 16; b++) {
            gram[a * 16 + b] += y[a] * y[b] * weight;
          }
        }
      }
    }
    for (int a = 0; a < 16; a++) {
      for (int b = a; b < 16; b++) {
        assertEquals(a == b ? 1 : 0, gram[a * 16 + b], 1e-4, "<Y" + a + ", Y" + b + ">");
      }
    }
  }

  /**
   * Basis gradients against central differences of the polynomials (step 1e-6: truncation error
   * ~1e-12 for cubics, rounding ~1e-10); 1e-7 absolute.
   */
  @Test
  void basisGradientMatchesFiniteDifferences() {
    Random r = new Random(3);
    double[] grad = new double[48];
    double[] up = new double[16];
    double[] down = new double[16];
    double h = 1e-6;
    for (int trial = 0; trial < 20; trial++) {
      double[] d = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
      SphericalHarmonics.basisGradient(3, d[0], d[1], d[2], grad);
      for (int axis = 0; axis < 3; axis++) {
        double[] p = d.clone();
        p[axis] += h;
        SphericalHarmonics.basis(3, p[0], p[1], p[2], up);
        p[axis] -= 2 * h;
        SphericalHarmonics.basis(3, p[0], p[1], p[2], down);
        for (int k = 0; k < 16; k++) {
          assertEquals((up[k] - down[k]) / (2 * h), grad[k * 3 + axis], 1e-7, "dY" + k);
        }
      }
    }
  }

  /** The colour VJP is the transpose of the colour's linear dependence on the coefficients. */
  @Test
  void colorVjpMatchesTheForward() {
    Random r = new Random(4);
    float[] sh = new float[2 * 16 * 3];
    for (int i = 0; i < sh.length; i++) {
      sh[i] = (float) r.nextGaussian();
    }
    double[] basis = new double[16];
    double[] basisGradient = new double[48];
    double[] d = {0.3, -0.5, 0.81};
    double len = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    SphericalHarmonics.basis(3, d[0] / len, d[1] / len, d[2] / len, basis);
    SphericalHarmonics.basisGradient(3, d[0] / len, d[1] / len, d[2] / len, basisGradient);
    double[] v = {0.7, -1.1, 0.4};
    float[] vSh = new float[sh.length];
    double[] vDir = new double[3];
    SphericalHarmonics.colorVjp(3, sh, 48, basis, basisGradient, v, vSh, vDir);
    double[] rgb = new double[3];
    for (int k = 0; k < 16; k++) {
      for (int c = 0; c < 3; c++) {
        assertEquals(basis[k] * v[c], vSh[48 + k * 3 + c], 1e-6);
        assertEquals(0f, vSh[k * 3 + c], "other Gaussian untouched");
      }
    }
    // dL/d(direction) against central differences of v . colour(u), u held unnormalised.
    double h = 1e-6;
    double[] u = {d[0] / len, d[1] / len, d[2] / len};
    for (int axis = 0; axis < 3; axis++) {
      double[] p = u.clone();
      p[axis] += h;
      SphericalHarmonics.basis(3, p[0], p[1], p[2], basis);
      SphericalHarmonics.color(3, sh, 48, basis, rgb);
      double plus = v[0] * rgb[0] + v[1] * rgb[1] + v[2] * rgb[2];
      p[axis] -= 2 * h;
      SphericalHarmonics.basis(3, p[0], p[1], p[2], basis);
      SphericalHarmonics.color(3, sh, 48, basis, rgb);
      double minus = v[0] * rgb[0] + v[1] * rgb[1] + v[2] * rgb[2];
      assertEquals((plus - minus) / (2 * h), vDir[axis], 1e-6);
    }
  }
}
