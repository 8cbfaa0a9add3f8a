#include "podium/vision/overlay.hpp"

#include <cmath>
#include <cstdio>
#include <opencv2/imgproc.hpp>

#include "podium/core/error.hpp"
#include "podium/vision/render.hpp"

namespace podium::vision {
namespace {

const cv::Scalar kLabel(255, 255, 255), kArc(255, 230, 60);

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

}  // namespace

void blur_heads(cv::Mat& rgb, const std::vector<Person>& people, double min_score) {
  static constexpr std::string_view kHead[] = {"nose",      "left_eye",   "right_eye",  "left_ear",
                                               "right_ear", "mouth_left", "mouth_right"};
  for (const Person& p : people) {
    std::vector<cv::Point2f> pts;
    for (std::string_view name : kHead) {
      const int i = index_of(p.layout, name);
      if (i >= 0 && usable(p.keypoints[static_cast<std::size_t>(i)], min_score)) {
        const Keypoint& k = p.keypoints[static_cast<std::size_t>(i)];
        pts.emplace_back(static_cast<float>(k.x), static_cast<float>(k.y));
      }
    }
    if (pts.empty()) continue;
    const cv::Rect2f span = cv::boundingRect(pts);
    // A head is about a fifth of the shoulder-to-hip box; never smaller than the eye-ear span.
    const double body = std::max(p.box.width, p.box.height);
    const double radius = std::max({0.6 * std::max(span.width, span.height), 0.12 * body, 6.0});
    const cv::Point2f c(span.x + span.width / 2, span.y + span.height / 2);
    const cv::Rect roi = cv::Rect(cvRound(c.x - radius), cvRound(c.y - radius), cvRound(2 * radius),
                                  cvRound(2 * radius)) &
                         cv::Rect(0, 0, rgb.cols, rgb.rows);
    if (roi.empty()) continue;
    cv::Mat patch = rgb(roi);
    cv::Mat blurred;
    const int k = std::max(3, (cvRound(radius) / 2) | 1);
    cv::GaussianBlur(patch, blurred, cv::Size(k, k), 0);
    cv::GaussianBlur(blurred, blurred, cv::Size(k, k), 0);
    cv::Mat mask(roi.size(), CV_8U, cv::Scalar(0));
    cv::ellipse(mask, cv::Point(cvRound(c.x) - roi.x, cvRound(c.y) - roi.y),
                cv::Size(cvRound(radius * 0.85), cvRound(radius)), 0, 0, 360, cv::Scalar(255),
                cv::FILLED);
    blurred.copyTo(patch, mask);
  }
}

void render_overlay(const std::string& video_path, const AnalyzeResult& result,
                    const AnalyzeOptions& analyze, const std::string& out_path,
                    const OverlayOptions& options) {
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
  for (Frame f; in.next(f);) {
    std::vector<Person> drawn;
    std::vector<Person> heads;  // raw and cleaned: blur wherever a head was seen
    std::vector<std::pair<const TrackSeries*, std::size_t>> here;
    for (std::size_t t = 0; t < result.tracks.size(); ++t) {
      const TrackSeries& s = result.tracks[t];
      std::size_t& i = cursor[t];
      while (i < s.frames.size() && s.frames[i] < f.index)
        ++i;
      if (i >= s.frames.size() || s.frames[i] != f.index) continue;
      Person p;
      p.layout = s.layout;
      p.keypoints = s.smoothed[i];
      p.box = keypoint_box(p.keypoints, options.min_score);
      for (const Keypoint& k : p.keypoints)
        p.score += k.score / static_cast<double>(p.keypoints.size());
      Person raw = p;
      raw.keypoints = s.raw[i];
      heads.push_back(p);
      heads.push_back(std::move(raw));
      drawn.push_back(std::move(p));
      here.emplace_back(&s, i);
    }
    if (options.anonymize) blur_heads(f.rgb, heads, options.min_score);
    // Skeletons only: the track id below replaces draw_people's box and rank label.
    std::vector<Person> skeletons = drawn;
    for (Person& p : skeletons)
      p.box = cv::Rect2d();
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
        const std::string label = "id " + std::to_string(s->id);
        cv::putText(f.rgb, label, cv::Point(cvRound(p.box.x), cvRound(p.box.br().y) + 14 * thick),
                    cv::FONT_HERSHEY_SIMPLEX, 0.5 * thick, kLabel, thick, cv::LINE_AA);
      }
    }
    out.write(f.rgb);
  }
  out.finish();
}

}  // namespace podium::vision
