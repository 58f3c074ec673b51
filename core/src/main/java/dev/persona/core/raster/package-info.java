/**
 * A CPU triangle-mesh rasterizer: per-pixel triangle ids, perspective-correct barycentrics, depth,
 * coverage, interpolated vertex attributes and texture colour for a mesh seen by a {@link
 * dev.persona.core.camera.PinholeCamera}.
 *
 * <p>{@link dev.persona.core.raster.MeshRasterizer} is the fast kernel (fixed-point edge functions
 * with the top-left fill rule, near-plane clipping, banded multi-threading with bit-identical
 * results); {@link dev.persona.core.raster.ReferenceRasterizer} is the slow, obviously correct ray
 * caster that tests compare it with. {@link dev.persona.core.raster.Shading} turns interpolated
 * normals into human-viewable renders.
 */
package dev.persona.core.raster;
