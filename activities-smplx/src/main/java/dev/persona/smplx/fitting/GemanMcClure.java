package dev.persona.smplx.fitting;

/**
 * The Geman-McClure robust penalty SMPLify uses for 2D reprojection (Bogo et al. 2016, Eq. 2;
 * SMPLify-X, Pavlakos et al. 2019, Eq. 3), written on the squared residual {@code s = |e|^2}:
 * {@code rho(s) = sigma^2 s / (sigma^2 + s)}. Near zero it is {@code s} (least squares); far away
 * it saturates at {@code sigma^2}, so a landmark that is wrong by much more than {@code sigma}
 * pulls with a vanishing force instead of dragging the whole body.
 *
 * <p>The fitter minimises it by iteratively reweighted least squares: a residual {@code e} enters
 * the Gauss-Newton system as {@code sqrt(rho'(s)) e} with Jacobian {@code sqrt(rho'(s)) J}, whose
 * normal-equation gradient {@code 2 rho'(s) J^T e} is exactly the gradient of {@code rho(s)}.
 */
public final class GemanMcClure {
  private GemanMcClure() {}

  /** {@code rho(s) = sigma^2 s / (sigma^2 + s)}, with {@code s >= 0} the squared residual. */
  public static double rho(double s, double sigma) {
    double s2 = sigma * sigma;
    return s2 * s / (s2 + s);
  }

  /** {@code d rho / d s = sigma^4 / (sigma^2 + s)^2}: 1 at zero, falling as the residual grows. */
  public static double weight(double s, double sigma) {
    double s2 = sigma * sigma;
    double d = s2 + s;
    return s2 * s2 / (d * d);
  }
}
