package dev.persona.core.body.makehuman;

import dev.persona.core.body.SmplxJoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the MakeHuman game-engine rig ({@code rigs/standard/rig.game_engine.json}, 53 bones) becomes
 * SMPL-X's 55 joints. A joint sits where MakeHuman places the bone whose rotation it takes over:
 * that bone's head, the centroid of a joint cube; the bone's skinning weights become the joint's.
 * Both trees have the same parent structure for these bones. The table is also in {@code
 * docs/makehuman-import.md}.
 *
 * <table>
 *   <caption>SMPL-X joint from the MakeHuman rig (left side; the right mirrors it, _r and
 *   joint-r-*)</caption>
 *   <tr><th>SMPL-X joint</th><th>MakeHuman bone</th><th>joint cube (bone head)</th></tr>
 *   <tr><td>pelvis</td><td>pelvis (+ Root's weights)</td><td>joint-pelvis</td></tr>
 *   <tr><td>left_hip</td><td>thigh_l</td><td>joint-l-upper-leg</td></tr>
 *   <tr><td>spine1, spine2, spine3</td><td>spine_01, spine_02, spine_03</td>
 *       <td>joint-spine-4, -3, -2</td></tr>
 *   <tr><td>left_knee</td><td>calf_l</td><td>joint-l-knee</td></tr>
 *   <tr><td>left_ankle</td><td>foot_l</td><td>joint-l-ankle</td></tr>
 *   <tr><td>left_foot</td><td>ball_l</td><td>joint-l-foot-1</td></tr>
 *   <tr><td>neck</td><td>neck_01</td><td>joint-neck</td></tr>
 *   <tr><td>left_collar</td><td>clavicle_l</td><td>joint-l-clavicle</td></tr>
 *   <tr><td>head</td><td>head</td><td>joint-head</td></tr>
 *   <tr><td>left_shoulder</td><td>upperarm_l</td><td>joint-l-shoulder</td></tr>
 *   <tr><td>left_elbow</td><td>lowerarm_l</td><td>joint-l-elbow</td></tr>
 *   <tr><td>left_wrist</td><td>hand_l</td><td>joint-l-hand</td></tr>
 *   <tr><td>jaw</td><td>none (moves with head, no weights)</td><td>joint-jaw</td></tr>
 *   <tr><td>left_eye_smplhf</td><td>none (moves with head, no weights)</td>
 *       <td>joint-l-eye</td></tr>
 *   <tr><td>left_index1..3</td><td>index_01_l..03_l</td><td>joint-l-finger-2-1..3</td></tr>
 *   <tr><td>left_middle1..3</td><td>middle_01_l..03_l</td><td>joint-l-finger-3-1..3</td></tr>
 *   <tr><td>left_pinky1..3</td><td>pinky_01_l..03_l</td><td>joint-l-finger-5-1..3</td></tr>
 *   <tr><td>left_ring1..3</td><td>ring_01_l..03_l</td><td>joint-l-finger-4-1..3</td></tr>
 *   <tr><td>left_thumb1..3</td><td>thumb_01_l..03_l</td><td>joint-l-finger-1-1..3</td></tr>
 * </table>
 *
 * <p>No counterpart: the rig's {@code Root} bone (at the ground cube; no weights in the file, any
 * would go to the pelvis). SMPL-X's jaw and eyes have cubes but no bone, so jaw and eye rotations
 * move those joints (with the head when it turns) but no vertices: the head's weights cover the
 * face. MakeHuman's other cubes (toes, eyelids, tongue, scapulae, finger tips, eye targets, top of
 * head, ground) only mark bone tails or belong to other rigs.
 */
public final class MakeHumanSmplxMap {
  private MakeHumanSmplxMap() {}

  /**
   * Where one SMPL-X joint comes from.
   *
   * @param smplxJoint SMPL-X joint name ({@link SmplxJoints#NAMES})
   * @param bone the MakeHuman bone it stands for, or {@code null} (jaw, eyes)
   * @param cube the joint cube that places it
   * @param carrier the bone that moves a bone-less joint's cube in the T-pose bake ({@code head}),
   *     or {@code null}
   */
  public record JointSource(String smplxJoint, String bone, String cube, String carrier) {
    public boolean hasBone() {
      return bone != null;
    }
  }

  /** Rig bones without an SMPL-X joint of their own, and the joint that takes their weights. */
  public static final Map<String, String> MERGED_BONES = Map.of("Root", "pelvis");

  /** The 55 SMPL-X joints in SMPL-X order. */
  public static final List<JointSource> JOINTS = table();

  private static List<JointSource> table() {
    List<JointSource> t = new ArrayList<>();
    bone(t, "pelvis", "pelvis", "joint-pelvis");
    bone(t, "left_hip", "thigh_l", "joint-l-upper-leg");
    bone(t, "right_hip", "thigh_r", "joint-r-upper-leg");
    bone(t, "spine1", "spine_01", "joint-spine-4");
    bone(t, "left_knee", "calf_l", "joint-l-knee");
    bone(t, "right_knee", "calf_r", "joint-r-knee");
    bone(t, "spine2", "spine_02", "joint-spine-3");
    bone(t, "left_ankle", "foot_l", "joint-l-ankle");
    bone(t, "right_ankle", "foot_r", "joint-r-ankle");
    bone(t, "spine3", "spine_03", "joint-spine-2");
    bone(t, "left_foot", "ball_l", "joint-l-foot-1");
    bone(t, "right_foot", "ball_r", "joint-r-foot-1");
    bone(t, "neck", "neck_01", "joint-neck");
    bone(t, "left_collar", "clavicle_l", "joint-l-clavicle");
    bone(t, "right_collar", "clavicle_r", "joint-r-clavicle");
    bone(t, "head", "head", "joint-head");
    bone(t, "left_shoulder", "upperarm_l", "joint-l-shoulder");
    bone(t, "right_shoulder", "upperarm_r", "joint-r-shoulder");
    bone(t, "left_elbow", "lowerarm_l", "joint-l-elbow");
    bone(t, "right_elbow", "lowerarm_r", "joint-r-elbow");
    bone(t, "left_wrist", "hand_l", "joint-l-hand");
    bone(t, "right_wrist", "hand_r", "joint-r-hand");
    t.add(new JointSource("jaw", null, "joint-jaw", "head"));
    t.add(new JointSource("left_eye_smplhf", null, "joint-l-eye", "head"));
    t.add(new JointSource("right_eye_smplhf", null, "joint-r-eye", "head"));
    for (String side : new String[] {"l", "r"}) {
      String smplxSide = side.equals("l") ? "left_" : "right_";
      // SMPL-X hand order: index, middle, pinky, ring, thumb; MakeHuman numbers fingers from the
      // thumb (1) to the pinky (5).
      String[][] fingers = {
        {"index", "2"}, {"middle", "3"}, {"pinky", "5"}, {"ring", "4"}, {"thumb", "1"}
      };
      for (String[] finger : fingers) {
        for (int k = 1; k <= 3; k++) {
          bone(
              t,
              smplxSide + finger[0] + k,
              finger[0] + "_0" + k + "_" + side,
              "joint-" + side + "-finger-" + finger[1] + "-" + k);
        }
      }
    }
    return List.copyOf(t);
  }

  private static void bone(List<JointSource> t, String joint, String bone, String cube) {
    t.add(new JointSource(joint, bone, cube, null));
  }
}
