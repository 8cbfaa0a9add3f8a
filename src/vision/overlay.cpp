#include "podium/vision/overlay.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <opencv2/imgproc.hpp>
#include <optional>

#include "podium/core/error.hpp"
#include "podium/vision/render.hpp"

namespace podium::vision {
namespace {

const cv::Scalar kLabel(255, 255, 255), kArc(255, 230, 60);
// Face boxes run brows to chin; grown by this the blur takes in forehead and hair.
constexpr double kFaceBlurScale = 1.5;
// A head square of this many head radii (about ten face widths) is where BlazeFace's back-camera
// model scores a face best: on sports2d/demo.mp4 a 32 px face scores 0.7-0.87 in squares of 8 to
// 19 face widths, 0.55 in one of 5; with 5 radii a quarter of the searches came back empty, with
// 8 a tenth (and those had no face in view).
constexpr double kHeadSquareRadii = 8.0;
constexpr int kHeadSquareMinPx = 64;
// Where an athlete's head is not seen in a frame (hidden, or the tracker lost them for a moment),
// their face is searched for where the head was seen up to this long before or after.
constexpr double kHintCarrySeconds = 0.5;

// Teams are told apart by a fixed palette (RGB; the kit colours themselves can be anything, two
// similar ones included); "other" (referees, officials) is grey.
constexpr std::array<std::array<double, 3>, 6> kTeamPalette = {
    {{255, 220, 0}, {230, 40, 230}, {0, 220, 230}, {120, 255, 60}, {255, 120, 40}, {90, 90, 255}}};

cv::Scalar team_colour(int team) {
  if (team == kOtherTeam) return {160, 160, 160};
  const auto& c = kTeamPalette[static_cast<std::size_t>(team) % kTeamPalette.size()];
  return {c[0], c[1], c[2]};
}

bool usable(const Keypoint& k, double min_score) {
  return k.score >= min_score && std::isfinite(k.x) && std::isfinite(k.y);
}

int index_of(Layout layout, std::string_view name) {
  const auto names = layout_info(layout).keypoints;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<int>(i);
  }
  return -1;
}

// An arc at `b` between the directions to `a` and `c`, labelled with `deg`.
void draw_arc(cv::Mat& rgb, const Keypoint& a, const Keypoint& b, const Keypoint& c, double deg,
              int thick) {
  const double r = std::max(
      8.0, 0.25 * std::min(std::hypot(a.x - b.x, a.y - b.y), std::hypot(c.x - b.x, c.y - b.y)));
  const double t0 = std::atan2(a.y - b.y, a.x - b.x) * 180 / CV_PI;
  double t1 = std::atan2(c.y - b.y, c.x - b.x) * 180 / CV_PI;
  // The short way round: the inside of the joint.
  if (t1 - t0 > 180) t1 -= 360;
  if (t0 - t1 > 180) t1 += 360;
  const cv::Point centre(cvRound(b.x), cvRound(b.y));
  cv::ellipse(rgb, centre, cv::Size(cvRound(r), cvRound(r)), 0, t0, t1, kArc, thick, cv::LINE_AA);
  char text[16];
  std::snprintf(text, sizeof text, "%.0f", deg);
  cv::putText(rgb, text, centre + cv::Point(cvRound(r) + 2, 0), cv::FONT_HERSHEY_SIMPLEX,
              0.35 * thick + 0.15, kArc, std::max(1, thick / 2), cv::LINE_AA);
}

// Blurs the ellipse with half-axes `half` about `centre`, in place (clipped to the image).
void blur_ellipse(cv::Mat& rgb, cv::Point2d centre, cv::Size2d half) {
  const cv::Rect roi = cv::Rect(cvRound(centre.x - half.width), cvRound(centre.y - half.height),
                                cvRound(2 * half.width), cvRound(2 * half.height)) &
                       cv::Rect(0, 0, rgb.cols, rgb.rows);
  if (roi.empty()) return;
  cv::Mat patch = rgb(roi);
  cv::Mat blurred;
  // Twice with a kernel of a quarter of the ellipse: features become unrecognisable.
  const int k = std::max(3, (cvRound(std::max(half.width, half.height)) / 2) | 1);
  cv::GaussianBlur(patch, blurred, cv::Size(k, k), 0);
  cv::GaussianBlur(blurred, blurred, cv::Size(k, k), 0);
  cv::Mat mask(roi.size(), CV_8U, cv::Scalar(0));
  cv::ellipse(mask, cv::Point(cvRound(centre.x) - roi.x, cvRound(centre.y) - roi.y),
              cv::Size(cvRound(half.width), cvRound(half.height)), 0, 0, 360, cv::Scalar(255),
              cv::FILLED);
  blurred.copyTo(patch, mask);
}

// Every face BlazeFace finds in the whole frame, then in a square around each head (hint) no face
// found so far covers: athletes in wide shots have faces under 1/20 of the frame, too small for
// the whole-frame pass, but a square of a few head sizes brings them to BlazeFace's scale.
std::vector<Face> find_faces(FaceDetector& detector, const cv::Mat& rgb,
                             const std::vector<HeadCircle>& hints) {
  std::vector<Face> faces = detector.detect(rgb);
  std::vector<cv::Rect> searched;
  for (const HeadCircle& head : hints) {
    const auto covers = [&](const cv::Rect2d& r) {
      return r.contains(cv::Point2d(head.x, head.y));
    };
    if (std::any_of(faces.begin(), faces.end(), [&](const Face& f) { return covers(f.box); }) ||
        std::any_of(searched.begin(), searched.end(), covers)) {
      continue;
    }
    const int side = std::max(kHeadSquareMinPx, cvRound(kHeadSquareRadii * head.radius));
    const cv::Rect square(cvRound(head.x - side / 2.0), cvRound(head.y - side / 2.0), side, side);
    searched.push_back(square);
    const std::vector<Face> found = detector.detect(rgb, square);
    faces.insert(faces.end(), found.begin(), found.end());
  }
  return faces;
}

// Sample i of a track as a Person (cleaned keypoints), and the same with the keypoints as detected.
std::pair<Person, Person> track_person(const TrackSeries& s, std::size_t i, double min_score) {
  Person p;
  p.layout = s.layout;
  p.keypoints = s.smoothed[i];
  p.box = keypoint_box(p.keypoints, min_score);
  for (const Keypoint& k : p.keypoints)
    p.score += k.score / static_cast<double>(p.keypoints.size());
  Person raw = p;
  raw.keypoints = s.raw[i];
  return {std::move(p), std::move(raw)};
}

// The head of a track's sample: from the cleaned keypoints, else the raw ones, else the top of
// the box.
std::optional<HeadCircle> track_head(const Person& cleaned, const Person& raw, double min_score) {
  auto head = head_circle(cleaned, min_score);
  if (head && head->from_keypoints) return head;
  const auto from_raw = head_circle(raw, min_score);
  return from_raw && (from_raw->from_keypoints || !head) ? from_raw : head;
}

struct SeenHead {
  double time_s = 0;
  HeadCircle head;
};

// Where the track's head was seen (cleaned keypoints, else raw), in time order.
std::vector<SeenHead> seen_heads(const TrackSeries& s, double min_score) {
  std::vector<SeenHead> out;
  for (std::size_t i = 0; i < s.frames.size(); ++i) {
    const auto [p, raw] = track_person(s, i, min_score);
    const auto head = track_head(p, raw, min_score);
    if (head) out.push_back({s.times_s[i], *head});
  }
  return out;
}

// The head seen nearest in time to time_s, if within kHintCarrySeconds.
std::optional<HeadCircle> nearest_head(const std::vector<SeenHead>& seen, double time_s) {
  const auto after = std::lower_bound(seen.begin(), seen.end(), time_s,
                                      [](const SeenHead& h, double t) { return h.time_s < t; });
  const SeenHead* best = nullptr;
  if (after != seen.end()) best = &*after;
  if (after != seen.begin() &&
      (!best || time_s - std::prev(after)->time_s < best->time_s - time_s)) {
    best = &*std::prev(after);
  }
  if (!best || std::abs(best->time_s - time_s) > kHintCarrySeconds) return std::nullopt;
  return best->head;
}

}  // namespace

void blur_heads(cv::Mat& rgb, const std::vector<Person>& people, double min_score) {
  for (const Person& p : people) {
    const auto head = head_circle(p, min_score);
    if (head && head->from_keypoints) {
      blur_ellipse(rgb, {head->x, head->y}, {0.85 * head->radius, head->radius});
    }
  }
}

void blur_faces(cv::Mat& rgb, const std::vector<Face>& faces) {
  for (const Face& f : faces) {
    const cv::Point2d c(f.box.x + f.box.width / 2, f.box.y + f.box.height / 2);
    blur_ellipse(rgb, c, {kFaceBlurScale * f.box.width / 2, kFaceBlurScale * f.box.height / 2});
  }
}

void render_overlay(const std::string& video_path, const AnalyzeResult& result,
                    const AnalyzeOptions& analyze, const std::string& out_path,
                    const OverlayOptions& options) {
  // Loaded once, before anything is written: a missing model fails the call up front.
  std::optional<FaceDetector> detector;
  if (options.anonymize) detector = FaceDetector::create({.models_dir = analyze.models_dir});
  VideoReader in = VideoReader::open(video_path, analyze.start_s, analyze.end_s);
  const VideoInfo& info = in.info();
  double fps = info.fps;
  if (!(fps > 0)) {
    const double span = result.last_time_s - result.first_time_s;
    fps = result.frames > 1 && span > 0 ? (result.frames - 1) / span : 25;
  }
  VideoWriter out = VideoWriter::create(out_path, info.width, info.height, fps);
  const int thick = std::max(1, std::min(info.width, info.height) / 240);
  // Per track, the next sample to draw (frames come in order).
  std::vector<std::size_t> cursor(result.tracks.size(), 0);
  std::vector<std::vector<SeenHead>> seen(result.tracks.size());
  std::size_t heads_cursor = 0;  // into result.heads, which is in frame order
  if (detector) {
    for (std::size_t t = 0; t < result.tracks.size(); ++t)
      seen[t] = seen_heads(result.tracks[t], options.min_score);
  }
  for (Frame f; in.next(f);) {
    std::vector<Person> drawn;
    std::vector<Person> heads;  // raw and cleaned: blur wherever a head was seen
    std::vector<std::pair<const TrackSeries*, std::size_t>> here;
    std::vector<HeadCircle> hints;  // where to look for faces too small for the whole frame
    for (std::size_t t = 0; t < result.tracks.size(); ++t) {
      const TrackSeries& s = result.tracks[t];
      std::size_t& i = cursor[t];
      while (i < s.frames.size() && s.frames[i] < f.index)
        ++i;
      std::optional<HeadCircle> hint;
      if (i < s.frames.size() && s.frames[i] == f.index) {
        auto [p, raw] = track_person(s, i, options.min_score);
        hint = track_head(p, raw, options.min_score);
        heads.push_back(p);
        heads.push_back(std::move(raw));
        drawn.push_back(std::move(p));
        here.emplace_back(&s, i);
      }
      if (!hint && detector) hint = nearest_head(seen[t], f.time_s);
      if (hint) hints.push_back(*hint);
    }
    // Everyone the analysis found in this frame, reported athlete or bystander.
    while (heads_cursor < result.heads.size() && result.heads[heads_cursor].frame < f.index)
      ++heads_cursor;
    const std::vector<HeadCircle> no_heads;
    const std::vector<HeadCircle>& everyone =
        heads_cursor < result.heads.size() && result.heads[heads_cursor].frame == f.index
            ? result.heads[heads_cursor].heads
            : no_heads;
    if (detector) {
      hints.insert(hints.end(), everyone.begin(), everyone.end());
      // People found in a frame shortly before or after (the detector runs every few frames, so
      // someone walking in is found a little late): their faces are searched for here too.
      for (std::size_t k : {heads_cursor - 1, heads_cursor + 1, heads_cursor}) {
        if (k >= result.heads.size() || result.heads[k].frame == f.index) continue;
        if (std::abs(result.heads[k].time_s - f.time_s) > kHintCarrySeconds) continue;
        hints.insert(hints.end(), result.heads[k].heads.begin(), result.heads[k].heads.end());
      }
      // Detect on the untouched frame, then blur: faces first; then, as the fallback, the head
      // keypoints of the tracks and the head of everyone found whose face BlazeFace missed.
      const std::vector<Face> faces = find_faces(*detector, f.rgb, hints);
      blur_faces(f.rgb, faces);
      blur_heads(f.rgb, heads, options.min_score);
      for (const HeadCircle& h : everyone) {
        const bool has_face = std::any_of(faces.begin(), faces.end(), [&](const Face& face) {
          return face.box.contains(cv::Point2d(h.x, h.y));
        });
        if (!has_face) blur_ellipse(f.rgb, {h.x, h.y}, {0.85 * h.radius, h.radius});
      }
    }
    // Skeletons only: the track id below replaces draw_people's box and rank label.
    std::vector<Person> skeletons = drawn;
    for (Person& p : skeletons)
      p.box = Box{};
    draw_people(f.rgb, skeletons, options.min_score);
    for (std::size_t d = 0; d < drawn.size(); ++d) {
      const auto& [s, i] = here[d];
      const Person& p = drawn[d];
      for (const auto& [joint, a, b, c] :
           {std::tuple{"left_knee_flexion", "left_hip", "left_knee", "left_ankle"},
            std::tuple{"right_knee_flexion", "right_hip", "right_knee", "right_ankle"},
            std::tuple{"left_elbow_flexion", "left_shoulder", "left_elbow", "left_wrist"},
            std::tuple{"right_elbow_flexion", "right_shoulder", "right_elbow", "right_wrist"}}) {
        const int ia = index_of(p.layout, a), ib = index_of(p.layout, b),
                  ic = index_of(p.layout, c);
        if (ia < 0 || ib < 0 || ic < 0) continue;
        const Keypoint &ka = p.keypoints[static_cast<std::size_t>(ia)],
                       &kb = p.keypoints[static_cast<std::size_t>(ib)],
                       &kc = p.keypoints[static_cast<std::size_t>(ic)];
        if (!usable(ka, options.min_score) || !usable(kb, options.min_score) ||
            !usable(kc, options.min_score)) {
          continue;
        }
        for (const AngleSeries& angle : s->angles) {
          if (angle.name == joint && std::isfinite(angle.deg[i])) {
            draw_arc(f.rgb, ka, kb, kc, angle.deg[i], thick);
          }
        }
      }
      if (p.box.area() > 0) {
        std::string label = "id " + std::to_string(s->id);
        cv::Scalar colour = kLabel;
        if (!result.team.empty()) {
          const int team = result.team[static_cast<std::size_t>(s - result.tracks.data())];
          label.append(team == kOtherTeam ? " other" : " T" + std::to_string(team + 1));
          colour = team_colour(team);
          cv::rectangle(f.rgb, to_cv_rect(p.box), colour, thick, cv::LINE_AA);
        }
        cv::putText(f.rgb, label,
                    cv::Point(cvRound(p.box.x), cvRound(p.box.y + p.box.height) + 14 * thick),
                    cv::FONT_HERSHEY_SIMPLEX, 0.5 * thick, colour, thick, cv::LINE_AA);
      }
    }
    out.write(f.rgb);
  }
  out.finish();
}

}  // namespace podium::vision
