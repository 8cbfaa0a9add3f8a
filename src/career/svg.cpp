#include "podium/career/svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/core/xml.hpp"

namespace podium::career {
namespace {

constexpr double kWidth = 760, kHeight = 500;
constexpr double kLeft = 80, kRight = 20, kTop = 50, kBottom = 60;
constexpr int kCurveSteps = 120;
constexpr double kPointClipQuantile = 0.99;

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// A "nice" tick step (1, 2 or 5 x 10^k) giving about `target` ticks over span.
double tick_step(double span, int target) {
  const double raw = span / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * mag) return m * mag;
  return 10.0 * mag;
}

struct Frame {
  double x0, x1, y0, y1;
  double px(double x) const { return kLeft + (x - x0) / (x1 - x0) * (kWidth - kLeft - kRight); }
  double py(double y) const {
    return kHeight - kBottom - (y - y0) / (y1 - y0) * (kHeight - kTop - kBottom);
  }
};

std::string axes(const Frame& f, const std::string& y_label) {
  std::string s;
  const double bottom = kHeight - kBottom, right = kWidth - kRight;
  s += "<g stroke=\"#333\" fill=\"none\"><line x1=\"" + fmt(kLeft) + "\" y1=\"" + fmt(bottom) +
       "\" x2=\"" + fmt(right) + "\" y2=\"" + fmt(bottom) + "\"/><line x1=\"" + fmt(kLeft) +
       "\" y1=\"" + fmt(kTop) + "\" x2=\"" + fmt(kLeft) + "\" y2=\"" + fmt(bottom) + "\"/></g>\n";
  s += "<g font-family=\"sans-serif\" font-size=\"12\" fill=\"#333\">\n";
  const double xs = tick_step(f.x1 - f.x0, 8);
  for (double x = std::ceil(f.x0 / xs) * xs; x <= f.x1 + 1e-9; x += xs) {
    s += "<line x1=\"" + fmt(f.px(x)) + "\" y1=\"" + fmt(bottom) + "\" x2=\"" + fmt(f.px(x)) +
         "\" y2=\"" + fmt(bottom + 5) + "\" stroke=\"#333\"/><text x=\"" + fmt(f.px(x)) +
         "\" y=\"" + fmt(bottom + 19) + "\" text-anchor=\"middle\">" +
         fmt(x).substr(0, fmt(x).find('.')) + "</text>\n";
  }
  const double ys = tick_step(f.y1 - f.y0, 6);
  for (double y = std::ceil(f.y0 / ys) * ys; y <= f.y1 + 1e-9; y += ys) {
    char label[32];
    std::snprintf(label, sizeof label, "%g", std::abs(y) < ys * 1e-6 ? 0.0 : y);
    s += "<line x1=\"" + fmt(kLeft - 5) + "\" y1=\"" + fmt(f.py(y)) + "\" x2=\"" + fmt(kLeft) +
         "\" y2=\"" + fmt(f.py(y)) + "\" stroke=\"#333\"/><text x=\"" + fmt(kLeft - 8) + "\" y=\"" +
         fmt(f.py(y) + 4) + "\" text-anchor=\"end\">" + label + "</text>\n";
  }
  s += "<text x=\"" + fmt((kLeft + right) / 2) + "\" y=\"" + fmt(kHeight - 15) +
       "\" text-anchor=\"middle\">age on 1 July (years)</text>\n";
  s += "<text transform=\"translate(18," + fmt((kTop + bottom) / 2) +
       ") rotate(-90)\" text-anchor=\"middle\">" + xml_escape(y_label) + "</text>\n</g>\n";
  return s;
}

std::string polyline(const Frame& f, const Polynomial& p, double lo, double hi,
                     const std::string& style) {
  std::string pts;
  for (int i = 0; i <= kCurveSteps; ++i) {
    const double a = lo + (hi - lo) * i / kCurveSteps;
    pts += fmt(f.px(a)) + "," + fmt(f.py(std::clamp(p(a), f.y0, f.y1))) + " ";
  }
  return "<polyline fill=\"none\" " + style + " points=\"" + pts + "\"/>\n";
}

// The pointwise band of a curve as a closed polygon, clipped to the frame.
std::string svg_band(const Frame& f, const PeakInterval& p, const std::string& colour) {
  std::string pts;
  for (std::size_t i = 0; i < p.band_age.size(); ++i)
    pts += fmt(f.px(p.band_age[i])) + "," + fmt(f.py(std::min(p.band_high[i], f.y1))) + " ";
  for (std::size_t i = p.band_age.size(); i-- > 0;)
    pts += fmt(f.px(p.band_age[i])) + "," + fmt(f.py(std::max(p.band_low[i], f.y0))) + " ";
  return "<polygon fill=\"" + colour + "\" fill-opacity=\"0.2\" stroke=\"none\" points=\"" + pts +
         "\"/>\n";
}

// The joint model's curve of one group (read at its reference season), its band and peak.
std::string svg_joint(const Frame& f, const JointGroupResult& g, const std::string& colour) {
  std::string s;
  if (!g.peak.band_low.empty()) s += svg_band(f, g.peak, colour);
  std::string pts;
  for (std::size_t i = 0; i < g.peak.band_age.size(); ++i)
    pts += fmt(f.px(g.peak.band_age[i])) + "," +
           fmt(f.py(std::clamp(g.peak.band_fit[i], f.y0, f.y1))) + " ";
  s += "<polyline fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"3.5\" points=\"" + pts +
       "\"/>\n";
  const double py = f.py(std::clamp(g.peak.peak.value, f.y0, f.y1));
  s += "<rect x=\"" + fmt(f.px(g.peak.peak.age) - 5) + "\" y=\"" + fmt(py - 5) +
       "\" width=\"10\" height=\"10\" fill=\"" + colour + "\"/>\n";
  return s;
}

}  // namespace

std::string peak_age_svg(const PeakAgeStudy& study, const std::string& type,
                         const std::string& y_label) {
  std::vector<const GroupCurve*> groups;
  for (const auto& g : study.curves)
    if (g.type == type) groups.push_back(&g);
  if (groups.empty())
    throw Error(ErrorKind::InvalidInput, "svg: no rider type named '" + type + "'");

  std::vector<double> ys;
  double x0 = INFINITY, x1 = -INFINITY, y0 = 0.0, y1 = -INFINITY;
  for (const GroupCurve* g : groups) {
    ys.insert(ys.end(), g->data.y.begin(), g->data.y.end());
    for (double a : g->data.age)
      x0 = std::min(x0, a), x1 = std::max(x1, a);
    for (double v : g->peak.band_high)
      y1 = std::max(y1, v);
    for (double v : g->peak.band_low)
      y0 = std::min(y0, v);
  }
  std::sort(ys.begin(), ys.end());
  const double clip =
      ys.empty() ? 1.0 : ys[static_cast<std::size_t>(kPointClipQuantile * (ys.size() - 1))];
  y1 = std::max(y1, clip);
  if (!std::isfinite(x0)) x0 = 18, x1 = 40;
  if (x1 - x0 < 1.0) x0 -= 0.5, x1 += 0.5;
  if (!(y1 > y0)) y1 = y0 + 1.0;
  const Frame f{std::floor(x0), std::ceil(x1), y0, y1 * 1.05};

  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fmt(kWidth) +
                  "\" height=\"" + fmt(kHeight) + "\" viewBox=\"0 0 " + fmt(kWidth) + " " +
                  fmt(kHeight) + "\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  s += "<text x=\"" + fmt(kLeft) + "\" y=\"28\" font-family=\"sans-serif\" font-size=\"16\">" +
       xml_escape(type) + ": age-performance curves, top and bottom 50 %</text>\n";
  s += axes(f, y_label);
  const char* colours[] = {"#c0392b", "#2471a3", "#27ae60", "#8e44ad"};
  int clipped = 0;
  for (std::size_t k = 0; k < groups.size(); ++k) {
    const GroupCurve& g = *groups[k];
    const std::string colour = colours[k % 4];
    s += "<g fill=\"" + colour + "\" fill-opacity=\"0.12\">";
    for (std::size_t i = 0; i < g.data.size(); ++i) {
      if (g.data.y[i] > clip) {
        ++clipped;
        continue;
      }
      s += "<circle cx=\"" + fmt(f.px(g.data.age[i])) + "\" cy=\"" + fmt(f.py(g.data.y[i])) +
           "\" r=\"1.6\"/>";
    }
    s += "</g>\n";
    if (!g.curve) continue;
    const double lo = g.data.peak_lo(), hi = g.data.peak_hi();
    if (!g.peak.band_low.empty()) s += svg_band(f, g.peak, colour);  // none for Mixed
    s += polyline(f, *g.curve, lo, hi, "stroke=\"" + colour + "\" stroke-width=\"2.5\"");
    if (g.mixed)
      s += polyline(f, g.mixed->fixed, lo, hi,
                    "stroke=\"" + colour + "\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"");
    const double py = f.py(std::clamp(g.peak.peak.value, f.y0, f.y1));
    if (std::isfinite(g.peak.low) && std::isfinite(g.peak.high)) {
      s += "<line x1=\"" + fmt(f.px(g.peak.low)) + "\" y1=\"" + fmt(py) + "\" x2=\"" +
           fmt(f.px(g.peak.high)) + "\" y2=\"" + fmt(py) + "\" stroke=\"" + colour +
           "\" stroke-width=\"2\"/>\n";
    }
    s += "<circle cx=\"" + fmt(f.px(g.peak.peak.age)) + "\" cy=\"" + fmt(py) +
         "\" r=\"5\" fill=\"" + (g.peak.peak.interior ? colour : std::string("white")) +
         "\" stroke=\"" + colour + "\"/>\n";
    char legend[160];
    std::snprintf(legend, sizeof legend,
                  "%s 50 %%: %d athletes, degree %d, peak %.1f [%.1f, %.1f]%s", g.group.c_str(),
                  g.athletes, g.degree, g.peak.peak.age, g.peak.low, g.peak.high,
                  g.peak.peak.interior ? "" : " (at range end)");
    s += "<text x=\"" + fmt(kWidth - kRight - 10) + "\" y=\"" + fmt(kTop + 16 + 18 * k) +
         "\" text-anchor=\"end\" font-family=\"sans-serif\" font-size=\"12\" fill=\"" + colour +
         "\">" + xml_escape(legend) + "</text>\n";
  }
  std::string joint_caption;
  if (study.joint) {
    std::size_t k = 0;
    for (const JointGroupResult& g : study.joint->curves) {
      if (g.type != type) continue;
      const std::string colour = colours[k % 4];
      s += svg_joint(f, g, colour);
      char legend[160];
      std::snprintf(legend, sizeof legend, "joint model, %s 50 %%: peak %.1f [%.1f, %.1f]",
                    g.group.c_str(), g.peak.peak.age, g.peak.low, g.peak.high);
      s += "<text x=\"" + fmt(kWidth - kRight - 10) + "\" y=\"" +
           fmt(kTop + 16 + 18 * (groups.size() + k)) +
           "\" text-anchor=\"end\" font-family=\"sans-serif\" font-size=\"12\" "
           "font-weight=\"bold\" fill=\"" +
           colour + "\">" + xml_escape(legend) + "</text>\n";
      ++k;
    }
    joint_caption = "thick with squares: joint model (season " +
                    std::to_string(study.joint->first_season + study.joint->fit.reference_season) +
                    "); ";
  }
  s += "<text x=\"" + fmt(kLeft) + "\" y=\"" + fmt(kHeight - 2) +
       "\" font-family=\"sans-serif\" font-size=\"10\" fill=\"#777\">" + joint_caption +
       "solid: polynomial with 95 % bootstrap band; dashed: mixed model; " +
       std::to_string(clipped) + " seasons above the 99th percentile not drawn</text>\n</svg>\n";
  return s;
}

}  // namespace podium::career
