// podium actions predict: a trained action model (actions train) and pose sequences in; per
// sequence the predicted class, its probability and every class's probability out (--json: only
// that, as JSON). Runs in podium_cli_action_torch (actions_torch.hpp).
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>

#include "actions_torch.hpp"
#include "podium/action/classifier.hpp"
#include "podium/action/few_shot.hpp"
#include "podium/action/read_sequences.hpp"
#include "podium/core/file.hpp"
#include "podium/nn/model.hpp"

extern "C" void podium_actions_predict(const podium::app::ActionsPredictArgs& a) {
  using namespace podium;
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

  nlohmann::json out = nlohmann::json::array();
  std::size_t labelled = 0, matching = 0;
  if (!a.json) std::printf("%-40s %-20s %6s  %s\n", "sequence", "predicted", "p", "label");
  for (const action::PoseSequence& s : sequences) {
    const std::vector<double> p =
        few_shot ? few_shot->probabilities(s) : classifier->probabilities(s);
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
