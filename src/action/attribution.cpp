#include "podium/action/attribution.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "podium/core/xml.hpp"

namespace podium::action {
namespace {

constexpr double kHeatmapLeftPx = 150;  // keypoint names
constexpr double kHeatmapTopPx = 80;    // title lines
constexpr double kHeatmapRowPx = 18;
constexpr double kHeatmapWidthPx = 720;  // of the cells together
constexpr double kHeatmapBarPx = 16;
constexpr int kHeatmapTicks = 6;

std::string heatmap_number(double v, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  return buffer;
}

// Diverging: white at 0, red (ColorBrewer RdBu's ends) towards +1, blue towards -1.
std::string heatmap_colour(double unit) {
  unit = std::clamp(unit, -1.0, 1.0);
  const double w = std::fabs(unit);
  const double end[3] = {unit >= 0 ? 178.0 : 33.0, unit >= 0 ? 24.0 : 102.0,
                         unit >= 0 ? 43.0 : 172.0};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x",
                static_cast<int>(std::lround(255 + w * (end[0] - 255))),
                static_cast<int>(std::lround(255 + w * (end[1] - 255))),
                static_cast<int>(std::lround(255 + w * (end[2] - 255))));
  return buffer;
}

}  // namespace

const char* baseline_name(AttributionBaseline baseline) {
  return baseline == AttributionBaseline::Zero ? "zero" : "mean_pose";
}

double ActionAttribution::completeness_error() const {
  double sum = 0;
  for (const double v : values)
    sum += v;
  return std::fabs(sum - (score - baseline_score));
}

std::vector<double> ActionAttribution::per_keypoint() const {
  std::vector<double> out(keypoints, 0.0);
  for (std::size_t i = 0; i < values.size(); ++i)
    out[i % keypoints] += values[i];
  return out;
}

std::vector<double> ActionAttribution::per_frame() const {
  std::vector<double> out(frames, 0.0);
  for (std::size_t i = 0; i < values.size(); ++i)
    out[i / keypoints] += values[i];
  return out;
}

nlohmann::json attribution_json(const ActionAttribution& a) {
  const vision::LayoutInfo& info = vision::layout_info(a.layout);
  nlohmann::json names = nlohmann::json::array();
  for (const std::string_view k : info.keypoints)
    names.push_back(std::string(k));
  nlohmann::json frames = nlohmann::json::array();
  nlohmann::json values = nlohmann::json::array();
  for (std::size_t t = 0; t < a.frames; ++t) {
    frames.push_back({{"index", t},
                      {"source_frame", a.source_frame[t]},
                      {"seconds", a.fps > 0 ? nlohmann::json(a.source_frame[t] / a.fps)
                                            : nlohmann::json(nullptr)}});
    values.push_back(
        std::vector<double>(a.values.begin() + static_cast<std::ptrdiff_t>(t * a.keypoints),
                            a.values.begin() + static_cast<std::ptrdiff_t>((t + 1) * a.keypoints)));
  }
  const double expected = a.score - a.baseline_score;
  const double error = a.completeness_error();
  return {{"sequence", a.sequence},
          {"label", a.label},
          {"layout", std::string(info.name)},
          {"fps", a.fps},
          {"classes", a.classes},
          {"probabilities", a.probabilities},
          {"target", a.classes.at(a.target)},
          {"baseline", baseline_name(a.baseline)},
          {"steps", a.steps},
          {"score", a.score},
          {"baseline_score", a.baseline_score},
          {"completeness",
           {{"sum", a.joint_stream + a.bone_stream},
            {"expected", expected},
            {"error", error},
            {"relative", expected != 0 ? error / std::fabs(expected) : 0.0}}},
          {"streams", {{"joints", a.joint_stream}, {"bones", a.bone_stream}}},
          {"keypoints", names},
          {"frames", frames},
          {"values", values},
          {"per_keypoint", a.per_keypoint()},
          {"per_frame", a.per_frame()}};
}

std::string attribution_svg(const ActionAttribution& a) {
  const vision::LayoutInfo& info = vision::layout_info(a.layout);
  double largest = 0;
  for (const double v : a.values)
    largest = std::max(largest, std::fabs(v));
  const double scale = largest > 0 ? largest : 1;
  const double cell = kHeatmapWidthPx / static_cast<double>(std::max<std::size_t>(a.frames, 1));
  const double grid_bottom = kHeatmapTopPx + kHeatmapRowPx * static_cast<double>(a.keypoints);
  const double width = kHeatmapLeftPx + kHeatmapWidthPx + 110;
  const double height = grid_bottom + 56;
  const auto px = [](double v) { return heatmap_number(v, 2); };

  std::string s;
  s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
      .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"")
      .append(px(width))
      .append("\" height=\"")
      .append(px(height))
      .append("\" font-family=\"sans-serif\" font-size=\"12\">\n")
      .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
  const std::string target = a.classes.empty() ? std::string() : a.classes.at(a.target);
  std::string title = a.sequence;
  title.append(": why '").append(target).append("' (p = ");
  title.append(heatmap_number(a.probabilities.empty() ? 0.0 : a.probabilities.at(a.target), 3));
  title.append(")");
  if (!a.label.empty()) title.append(", labelled '").append(a.label).append("'");
  std::string method = "integrated gradients of the class logit from the ";
  method.append(baseline_name(a.baseline))
      .append(" baseline, ")
      .append(std::to_string(a.steps))
      .append(" steps; red for the class, blue against");
  std::string check = "sum ";
  check.append(heatmap_number(a.score - a.baseline_score, 4))
      .append(" = logit ")
      .append(heatmap_number(a.score, 4))
      .append(" - baseline logit ")
      .append(heatmap_number(a.baseline_score, 4))
      .append(", completeness error ")
      .append(heatmap_number(a.completeness_error(), 6));
  s.append("<text x=\"8\" y=\"22\" font-size=\"15\" font-weight=\"bold\">")
      .append(xml_escape(title))
      .append("</text>\n<text x=\"8\" y=\"42\">")
      .append(xml_escape(method))
      .append("</text>\n<text x=\"8\" y=\"58\">")
      .append(xml_escape(check))
      .append("</text>\n");

  for (std::size_t k = 0; k < a.keypoints; ++k) {
    const double y = kHeatmapTopPx + kHeatmapRowPx * static_cast<double>(k);
    const std::string name = k < info.keypoints.size() ? std::string(info.keypoints[k]) : "";
    s.append("<text x=\"")
        .append(px(kHeatmapLeftPx - 6))
        .append("\" y=\"")
        .append(px(y + kHeatmapRowPx - 5))
        .append("\" text-anchor=\"end\">")
        .append(xml_escape(name))
        .append("</text>\n");
    for (std::size_t t = 0; t < a.frames; ++t) {
      const double v = a.values[t * a.keypoints + k];
      s.append("<rect x=\"")
          .append(px(kHeatmapLeftPx + cell * static_cast<double>(t)))
          .append("\" y=\"")
          .append(px(y))
          .append("\" width=\"")
          .append(px(cell))
          .append("\" height=\"")
          .append(px(kHeatmapRowPx))
          .append("\" fill=\"")
          .append(heatmap_colour(v / scale))
          .append("\"><title>")
          .append(xml_escape(name))
          .append(", frame ")
          .append(heatmap_number(t < a.source_frame.size() ? a.source_frame[t] : 0.0, 1))
          .append(": ")
          .append(heatmap_number(v, 5))
          .append("</title></rect>\n");
    }
  }

  // Time axis: seconds when the fps is known, source frames otherwise.
  const bool seconds = a.fps > 0;
  const int ticks = static_cast<int>(std::min<std::size_t>(kHeatmapTicks, a.frames));
  for (int i = 0; i < ticks; ++i) {
    const std::size_t t = ticks > 1 ? (a.frames - 1) * static_cast<std::size_t>(i) /
                                          static_cast<std::size_t>(ticks - 1)
                                    : 0;
    const double x = kHeatmapLeftPx + cell * (static_cast<double>(t) + 0.5);
    const double at = t < a.source_frame.size() ? a.source_frame[t] : 0.0;
    s.append("<line x1=\"")
        .append(px(x))
        .append("\" y1=\"")
        .append(px(grid_bottom))
        .append("\" x2=\"")
        .append(px(x))
        .append("\" y2=\"")
        .append(px(grid_bottom + 5))
        .append("\" stroke=\"black\"/>\n<text x=\"")
        .append(px(x))
        .append("\" y=\"")
        .append(px(grid_bottom + 18))
        .append("\" text-anchor=\"middle\">")
        .append(seconds ? heatmap_number(at / a.fps, 2) : heatmap_number(at, 0))
        .append("</text>\n");
  }
  s.append("<text x=\"")
      .append(px(kHeatmapLeftPx + kHeatmapWidthPx / 2))
      .append("\" y=\"")
      .append(px(grid_bottom + 38))
      .append("\" text-anchor=\"middle\">")
      .append(seconds ? "time (s)" : "frame of the sequence (fps not known)")
      .append("</text>\n");

  // Colour bar: +largest at the top, -largest at the bottom.
  const double bar_x = kHeatmapLeftPx + kHeatmapWidthPx + 24;
  const double bar_h = grid_bottom - kHeatmapTopPx;
  constexpr int kBarSteps = 21;
  for (int i = 0; i < kBarSteps; ++i) {
    const double unit = 1.0 - 2.0 * i / (kBarSteps - 1);
    s.append("<rect x=\"")
        .append(px(bar_x))
        .append("\" y=\"")
        .append(px(kHeatmapTopPx + bar_h * i / kBarSteps))
        .append("\" width=\"")
        .append(px(kHeatmapBarPx))
        .append("\" height=\"")
        .append(px(bar_h / kBarSteps + 0.5))
        .append("\" fill=\"")
        .append(heatmap_colour(unit))
        .append("\"/>\n");
  }
  const auto bar_label = [&](double y, const std::string& text) {
    s.append("<text x=\"")
        .append(px(bar_x + kHeatmapBarPx + 4))
        .append("\" y=\"")
        .append(px(y))
        .append("\">")
        .append(xml_escape(text))
        .append("</text>\n");
  };
  bar_label(kHeatmapTopPx + 10, std::string("+").append(heatmap_number(largest, 3)));
  bar_label(kHeatmapTopPx + bar_h / 2 + 4, "0");
  bar_label(grid_bottom, std::string("-").append(heatmap_number(largest, 3)));
  s.append("</svg>\n");
  return s;
}

}  // namespace podium::action
