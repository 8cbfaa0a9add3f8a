// podium actions predict: a trained action model (actions train) and pose sequences in; per
// sequence the predicted class, its probability and every class's probability out (--json: only
// that, as JSON). With --window, each sequence is segmented by a sliding window instead
// (action/segment.hpp) and its segments are printed: start and end frames (end exclusive) and
// seconds when the fps is known, label, mean probability. Every option is checked against every
// sequence before the first one is read by the model. Runs in podium_cli_action_torch
// (actions_torch.hpp).
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>

#include "actions_torch.hpp"
#include "podium/action/classifier.hpp"
#include "podium/action/few_shot.hpp"
#include "podium/action/read_sequences.hpp"
#include "podium/action/segment.hpp"
#include "podium/core/file.hpp"
#include "podium/core/option.hpp"
#include "podium/nn/model.hpp"

namespace {

using namespace podium;

action::SegmentOptions segment_options(const app::ActionsPredictArgs& a,
                                       const action::PoseSequence& s) {
  action::SegmentOptions o{.window = action::frames_of(a.window, s.fps, "--window"),
                           .min_frames = a.min_frames,
                           .background_below = a.background};
  if (!a.stride.empty()) o.stride = action::frames_of(a.stride, s.fps, "--stride");
  require_option(o.stride <= o.window, "", "--stride", a.stride, "must not exceed --window");
  return o;
}

nlohmann::json seconds_or_null(std::int64_t frame, double fps) {
  return fps > 0 ? nlohmann::json(static_cast<double>(frame) / fps) : nlohmann::json(nullptr);
}

void predict_segments(const app::ActionsPredictArgs& a, const std::vector<std::string>& classes,
                      const action::WindowClassifier& classify,
                      const std::vector<action::PoseSequence>& sequences) {
  // Options are resolved per sequence (seconds depend on its fps), all before the first window.
  std::vector<action::SegmentOptions> options;
  for (const action::PoseSequence& s : sequences) {
    try {
      options.push_back(segment_options(a, s));
    } catch (const Error& e) {
      throw e.in_source(s.id);
    }
  }
  nlohmann::json out = nlohmann::json::array();
  if (!a.json) {
    std::printf("%-40s %7s %7s %8s %8s %-20s %6s\n", "sequence", "start", "end", "start_s", "end_s",
                "label", "p");
  }
  for (std::size_t i = 0; i < sequences.size(); ++i) {
    const action::PoseSequence& s = sequences[i];
    const action::Segmentation g = action::segment_sequence(s, classes, classify, options[i]);
    nlohmann::json segments = nlohmann::json::array();
    for (const action::PredictedSegment& p : g.segments) {
      if (a.json) {
        segments.push_back({{"start", p.start},
                            {"end", p.end},
                            {"start_s", seconds_or_null(p.start, s.fps)},
                            {"end_s", seconds_or_null(p.end, s.fps)},
                            {"label", p.label},
                            {"probability", p.probability}});
        continue;
      }
      const auto seconds = [&](std::int64_t f) {
        char buffer[32] = "-";
        if (s.fps > 0) std::snprintf(buffer, sizeof buffer, "%.2f", static_cast<double>(f) / s.fps);
        return std::string(buffer);
      };
      std::printf("%-40s %7lld %7lld %8s %8s %-20s %6.3f\n", s.id.c_str(),
                  static_cast<long long>(p.start), static_cast<long long>(p.end),
                  seconds(p.start).c_str(), seconds(p.end).c_str(), p.label.c_str(), p.probability);
    }
    if (a.json) {
      out.push_back({{"id", s.id},
                     {"frames", s.frames},
                     {"fps", s.fps},
                     {"window", options[i].window},
                     {"windows", g.windows},
                     {"segments", segments}});
    }
  }
  if (a.json) {
    std::printf("%s\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  }
}

}  // namespace

extern "C" void podium_actions_predict(const podium::app::ActionsPredictArgs& a) {
  using namespace podium;
  require_option(!a.window.empty() || (a.stride.empty() && a.min_frames == 1 && a.background == 0),
                 "", "--window", a.window, "is needed by --stride, --min-frames and --background");
  nn::set_threads(a.threads);
  // A trained classifier, or a few-shot model built on one (actions train --base).
  const std::string bytes = read_file(a.model);
  std::optional<action::FewShotClassifier> few_shot;
  std::optional<action::ActionClassifier> classifier;
  if (action::FewShotClassifier::is_saved(bytes)) {
    few_shot.emplace(action::FewShotClassifier::load(bytes));
  } else {
    classifier.emplace(action::ActionClassifier::load(bytes));
  }
  const std::vector<action::PoseSequence> sequences = action::read_sequences(a.data);
  const std::vector<std::string>& classes = few_shot ? few_shot->classes() : classifier->classes();
  const action::WindowClassifier probabilities = [&](const action::PoseSequence& s) {
    return few_shot ? few_shot->probabilities(s) : classifier->probabilities(s);
  };
  if (!a.window.empty()) {
    predict_segments(a, classes, probabilities, sequences);
    return;
  }

  nlohmann::json out = nlohmann::json::array();
  std::size_t labelled = 0, matching = 0;
  if (!a.json) std::printf("%-40s %-20s %6s  %s\n", "sequence", "predicted", "p", "label");
  for (const action::PoseSequence& s : sequences) {
    const std::vector<double> p = probabilities(s);
    const auto best = static_cast<std::size_t>(std::max_element(p.begin(), p.end()) - p.begin());
    if (!s.label.empty()) {
      ++labelled;
      matching += s.label == classes[best] ? 1 : 0;
    }
    if (a.json) {
      nlohmann::json probabilities = nlohmann::json::object();
      for (std::size_t c = 0; c < classes.size(); ++c)
        probabilities[classes[c]] = p[c];
      out.push_back({{"id", s.id},
                     {"label", s.label},
                     {"predicted", classes[best]},
                     {"probability", p[best]},
                     {"probabilities", probabilities}});
    } else {
      std::printf("%-40s %-20s %6.3f  %s\n", s.id.c_str(), classes[best].c_str(), p[best],
                  s.label.c_str());
    }
  }
  if (a.json) {
    std::printf("%s\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else if (labelled > 0) {
    std::printf("%zu of %zu labelled sequences predicted as labelled\n", matching, labelled);
  }
}
