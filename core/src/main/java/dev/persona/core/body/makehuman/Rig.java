package dev.persona.core.body.makehuman;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A MakeHuman/MPFB skeleton ({@code rigs/standard/rig.*.json}): bones with a parent, a roll, and a
 * head and tail placed on the mesh. Each end names the mesh vertices whose centroid it sits at:
 * strategy {@code CUBE} a joint cube ({@code cube_name}, a {@code joint-*} vertex group), {@code
 * MEAN} a list of vertices, {@code VERTEX} one vertex. This is how MakeHuman fits one skeleton to
 * every body shape: the targets move the cubes with the body. The file's {@code default_position}s
 * (Blender space, for some default body) are ignored. Bones are held parent first.
 */
final class Rig {
  /** One bone: its ends as vertex sets of the base mesh, and its roll in radians (Blender's). */
  static final class Bone {
    final String name;
    final int parent;
    final int[] headVertices;
    final int[] tailVertices;
    final double roll;

    Bone(String name, int parent, int[] headVertices, int[] tailVertices, double roll) {
      this.name = name;
      this.parent = parent;
      this.headVertices = headVertices;
      this.tailVertices = tailVertices;
      this.roll = roll;
    }
  }

  private final List<Bone> bones;
  private final Map<String, Integer> index;

  private Rig(List<Bone> bones) {
    this.bones = List.copyOf(bones);
    this.index = new HashMap<>();
    for (int i = 0; i < bones.size(); i++) {
      index.put(bones.get(i).name, i);
    }
  }

  /** The bones, every parent before its children; {@link Bone#parent} is an index, -1 at roots. */
  List<Bone> bones() {
    return bones;
  }

  int size() {
    return bones.size();
  }

  /** Index of {@code name}, or -1 when the rig has no such bone. */
  int indexOf(String name) {
    return index.getOrDefault(name, -1);
  }

  /**
   * Reads a rig file, resolving cube names through {@code groups}.
   *
   * @throws dev.persona.core.InvalidInputException {@code NOT_FOUND} or {@code MALFORMED} naming
   *     the file (unknown parent, a cycle, an unknown cube or strategy, a vertex out of range)
   */
  static Rig read(Path file, VertexGroups groups, int vertexCount) {
    JsonNode root = AssetFiles.readJson(file);
    if (!root.isObject() || root.isEmpty()) {
      throw AssetFiles.malformed(file, "expected an object of bone name to bone");
    }
    Map<String, String> parentOf = new HashMap<>();
    Map<String, JsonNode> nodes = new HashMap<>();
    List<String> fileOrder = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : root.properties()) {
      JsonNode bone = entry.getValue();
      JsonNode parent = bone.get("parent");
      if (!bone.isObject() || parent == null || !parent.isTextual()) {
        throw AssetFiles.malformed(file, "bone " + entry.getKey() + " has no \"parent\" string");
      }
      parentOf.put(entry.getKey(), parent.asText());
      nodes.put(entry.getKey(), bone);
      fileOrder.add(entry.getKey());
    }
    for (Map.Entry<String, String> e : parentOf.entrySet()) {
      if (!e.getValue().isEmpty() && !parentOf.containsKey(e.getValue())) {
        throw AssetFiles.malformed(
            file, "bone " + e.getKey() + " has unknown parent " + e.getValue());
      }
    }
    // Parent-first order: repeatedly take bones whose parent is placed, in file order; a pass
    // that places nothing means a cycle.
    List<Bone> ordered = new ArrayList<>();
    Map<String, Integer> placed = new HashMap<>();
    while (placed.size() < fileOrder.size()) {
      int before = placed.size();
      for (String name : fileOrder) {
        String parent = parentOf.get(name);
        if (placed.containsKey(name) || !(parent.isEmpty() || placed.containsKey(parent))) {
          continue;
        }
        JsonNode bone = nodes.get(name);
        int[] head = endVertices(bone.get("head"), name + ".head", file, groups, vertexCount);
        int[] tail = endVertices(bone.get("tail"), name + ".tail", file, groups, vertexCount);
        double roll = AssetFiles.number(bone.get("roll"), name + ".roll", file);
        placed.put(name, ordered.size());
        ordered.add(new Bone(name, parent.isEmpty() ? -1 : placed.get(parent), head, tail, roll));
      }
      if (placed.size() == before) {
        throw AssetFiles.malformed(file, "the bone parents form a cycle");
      }
    }
    return new Rig(ordered);
  }

  private static int[] endVertices(
      JsonNode end, String what, Path file, VertexGroups groups, int vertexCount) {
    if (end == null || !end.isObject()) {
      throw AssetFiles.malformed(file, what + " must be an object");
    }
    String strategy = end.path("strategy").asText("");
    switch (strategy) {
      case "CUBE" -> {
        JsonNode cube = end.get("cube_name");
        if (cube == null || !cube.isTextual()) {
          throw AssetFiles.malformed(file, what + " has strategy CUBE but no cube_name");
        }
        return groups.vertices(cube.asText(), file);
      }
      case "MEAN" -> {
        JsonNode list = end.get("vertex_indices");
        if (list == null || !list.isArray() || list.isEmpty()) {
          throw AssetFiles.malformed(file, what + " has strategy MEAN but no vertex_indices");
        }
        int[] indices = new int[list.size()];
        for (int i = 0; i < indices.length; i++) {
          indices[i] = vertexIndex(list.get(i), what, file, vertexCount);
        }
        return indices;
      }
      case "VERTEX" -> {
        return new int[] {vertexIndex(end.get("vertex_index"), what, file, vertexCount)};
      }
      default ->
          throw AssetFiles.malformed(
              file, what + " has unsupported placement strategy \"" + strategy + "\"");
    }
  }

  private static int vertexIndex(JsonNode node, String what, Path file, int vertexCount) {
    if (node == null || !node.canConvertToInt()) {
      throw AssetFiles.malformed(file, what + " has a vertex index that is not an integer");
    }
    int i = node.asInt();
    if (i < 0 || i >= vertexCount) {
      throw AssetFiles.malformed(
          file, what + " refers to vertex " + i + " outside the mesh's " + vertexCount);
    }
    return i;
  }
}
