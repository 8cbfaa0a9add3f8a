// Kinematics from 2-D keypoint sequences: joint and segment angles, unwrapping, angular velocity,
// range of motion. Left/right swap repair, metric scale and cadence follow the same contract in
// kinematics_swap.hpp, kinematics_scale.hpp and kinematics_cadence.hpp. Tables:
// docs/kinematics.md.
//
// Contract:
// - Points are image pixels: origin top-left, x right, y DOWN. Times are seconds (double) from the
//   start of the clip and must strictly increase; they may be irregular.
// - A missing keypoint is a Point2 with NaN coordinates; pose_frame() makes one from every
//   keypoint scoring below min_score. Any angle using a missing keypoint, or a segment shorter than
//   kMinSegmentLengthPx (coincident keypoints: direction undefined), is NaN. NaN propagates to
//   that sample only; unwrapping, velocities and statistics carry on around it.
// - Angles are degrees. A single-frame segment angle lies in (-180, 180]; a single-frame joint
//   angle lies in its joint's interval (see joint_angle), whose wrap point is a posture that joint
//   cannot take, so ordinary movement never jumps. The *_series() functions unwrap.
// - Joint angles are signed in the sagittal plane, which needs the athlete's Facing (one bit per
//   clip, estimate_facing() can guess it). Segment angles need no facing: they are measured as
//   seen on screen, anticlockwise from the horizontal pointing right.
// - Valid only for motion roughly parallel to the image plane (as Sports2D states for its own).
// - Pure functions: no I/O, no state, deterministic. Bad arguments throw
//   podium::Error(InvalidInput) naming the field, value and rule; an angle the layout cannot give
//   (ankle or foot on COCO-17, which has no foot keypoints) throws Error(Unsupported).
// - The header is OpenCV-free: Person is only declared here.
//
//   const PoseFrame f = pose_frame(person, 0.3);
//   const double knee = joint_angle(f, Joint::Knee, Side::Left, Facing::Right);  // 0 = straight
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "podium/vision/skeleton.hpp"

namespace podium::vision {

struct Person;  // podium/vision/person.hpp

// Below this length (pixels) a segment's direction is undefined and its angles are NaN.
inline constexpr double kMinSegmentLengthPx = 1e-6;

struct Point2 {
  double x = std::numeric_limits<double>::quiet_NaN();  // pixels, right
  double y = std::numeric_limits<double>::quiet_NaN();  // pixels, down
};
bool is_missing(Point2 p);  // true when either coordinate is not finite

// One person in one frame. points follow layout_info(layout).keypoints (any vision::Layout).
struct PoseFrame {
  Layout layout = Layout::Coco17;
  std::vector<Point2> points;
};

// Keypoints scoring below min_score (0..1) become missing. Throws Error(InvalidInput) for a bad
// min_score or a keypoint count that does not match the person's layout.
PoseFrame pose_frame(const Person& person, double min_score);

enum class Joint { Ankle, Knee, Hip, Shoulder, Elbow };
enum class Segment { Trunk, Thigh, Shank, Foot, UpperArm, Forearm };
// Where the athlete's front points on screen: Right = +x.
enum class Facing { Right, Left };

const char* joint_name(Joint joint);        // "ankle_dorsiflexion", "knee_flexion", ...
const char* segment_name(Segment segment);  // "trunk", "thigh", "shank", "foot", ...

// Signed sagittal joint angle of one side (Left or Right), degrees, in the joint's interval:
//   Ankle    (-180, 180]  dorsiflexion, BlazePose-33 only: knee-ankle vs heel-foot_index.
//            0 foot square to the shank, + toes towards the shin, - plantarflexion, -90 foot in
//            line with the shank (as in Sports2D). Wraps with the toes folded onto the shin.
//   Knee     (-90, 270]   flexion, hip-knee-ankle. 0 straight, + heel towards the buttock,
//            - hyperextension. Wraps at 90 of hyperextension.
//   Hip      (-135, 225]  flexion, knee-hip-shoulder. 0 thigh in line with the trunk, + knee
//            forward, - extension (-90 in a split). Wraps at 135 of extension.
//   Shoulder (-90, 270]   flexion, hip-shoulder-elbow. 0 arm hanging along the trunk,
//            + forward/up (180 overhead), - extension. Wraps with the arm horizontal behind.
//   Elbow    (-90, 270]   flexion, shoulder-elbow-wrist. 0 straight, + hand towards the
//            shoulder. Wraps at 90 of hyperextension.
// NaN when a keypoint is missing or a segment is degenerate. Mirroring the image and the facing
// together leaves every value unchanged.
double joint_angle(const PoseFrame& frame, Joint joint, Side side, Facing facing);

// Direction of a segment as seen on screen, anticlockwise from the horizontal pointing right
// (+x), in (-180, 180]: 90 points up the image, -90 down. Segments point away from the body's
// centre: Trunk hip->shoulder (Side::Centre: mid-hip -> mid-shoulder, needs both sides), Thigh
// hip->knee, Shank knee->ankle, Foot heel->foot_index (BlazePose-33 only), UpperArm
// shoulder->elbow, Forearm elbow->wrist. Standing upright: trunk 90, limbs -90.
double segment_angle(const PoseFrame& frame, Segment segment, Side side);

// Unwraps a degree series: the first finite value is kept, each later finite value is moved by
// whole turns to lie within 180 of the previous finite value, so the series is continuous and
// exceeds +-360 only by real rotation. Non-finite samples come out NaN and do not reset the
// reference (a gap is bridged from the last finite value; more than 180 degrees of real rotation
// inside a gap cannot be seen). Unwrapping an unwrapped series changes nothing.
std::vector<double> unwrap_degrees(std::span<const double> degrees);

// joint_angle()/segment_angle() for every frame, unwrapped. All frames must share one layout.
std::vector<double> joint_angle_series(std::span<const PoseFrame> frames, Joint joint, Side side,
                                       Facing facing);
std::vector<double> segment_angle_series(std::span<const PoseFrame> frames, Segment segment,
                                         Side side);

// Guesses the facing from the head: in side view the nose lies ahead of the ears. A frame votes
// when |nose.x - mean visible ear x| >= 0.1 torso lengths; the strict majority wins. nullopt when
// no frame votes or the vote ties (e.g. a frontal view).
std::optional<Facing> estimate_facing(std::span<const PoseFrame> frames);

// Angular velocity in deg/s, one value per sample. The series is unwrapped first. Interior
// samples use the second-order central difference for irregular steps (the forward and backward
// slopes, each weighted by the other step), exact for constant rates and for quadratics; the end
// samples, and samples next to a NaN, use the one-sided slope that exists; NaN when the sample or
// both neighbours are NaN. Throws Error(InvalidInput) for size mismatch or times_s not finite and
// strictly increasing.
std::vector<double> angular_velocity(std::span<const double> times_s,
                                     std::span<const double> degrees);

struct RangeOfMotion {
  double min_deg = std::numeric_limits<double>::quiet_NaN();
  double max_deg = std::numeric_limits<double>::quiet_NaN();
  double range_deg = std::numeric_limits<double>::quiet_NaN();  // max - min
  double p05_deg = std::numeric_limits<double>::quiet_NaN();    // linear-interpolated percentiles
  double p50_deg = std::numeric_limits<double>::quiet_NaN();
  double p95_deg = std::numeric_limits<double>::quiet_NaN();
  std::size_t samples = 0;  // finite samples used; 0 leaves everything NaN
};
// Statistics of the unwrapped series, ignoring NaN.
RangeOfMotion range_of_motion(std::span<const double> degrees);

}  // namespace podium::vision
