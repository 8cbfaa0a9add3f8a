// Experiments behind the deep action classifier's defaults, on the shared tennis strokes
// (docs/science.md): each prints a table of test accuracies over the three video folds (train on
// two source videos, test on the third), with everything seeded.
//
//   augment   ActionClassifier with no augmentation, the default augmentation, and the default
//             without mirroring (mirroring swaps sides: does it confuse forehand and backhand?).
//   fewshot   One class held out of training, added from 5 and 10 examples as a prototype
//             (action/prototypes.hpp), against training from scratch (see --help).
//
// Inside a fold's training videos the validation split is by sequence (every training sequence
// gets one group): with two groups a split by group would hold out a whole video, half the data.
//
//   build/bench/podium_action_experiments augment --data
//   ../shared/data/actions/tennis_shots_movenet
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "podium/action/classifier.hpp"
#include "podium/action/datasets.hpp"
#include "podium/core/error.hpp"
#include "podium/core/random.hpp"

namespace {

using podium::action::ActionClassifier;
using podium::action::ClassifierOptions;
using podium::action::PoseSequence;

struct Fold {
  std::string test_group;
  std::vector<PoseSequence> train, test;
};

std::vector<Fold> folds_by_group(const std::vector<PoseSequence>& all) {
  std::set<std::string> groups;
  for (const PoseSequence& s : all)
    groups.insert(s.group);
  std::vector<Fold> out;
  for (const std::string& g : groups) {
    Fold f{.test_group = g};
    for (const PoseSequence& s : all) {
      if (s.group == g) {
        f.test.push_back(s);
      } else {
        f.train.push_back(s);
        f.train.back().group.clear();  // validation by sequence inside the training videos
      }
    }
    out.push_back(std::move(f));
  }
  return out;
}

double accuracy(const ActionClassifier& m, const std::vector<PoseSequence>& test) {
  std::size_t right = 0;
  for (const PoseSequence& s : test) {
    const std::vector<double> p = m.probabilities(s);
    const auto best = static_cast<std::size_t>(std::max_element(p.begin(), p.end()) - p.begin());
    right += m.classes()[best] == s.label ? 1 : 0;
  }
  return static_cast<double>(right) / static_cast<double>(test.size());
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct Variant {
  const char* name;
  ClassifierOptions options;
};

void run_augment(const std::vector<Fold>& folds, const ClassifierOptions& base) {
  ClassifierOptions none = base, full = base, no_mirror = base;
  none.augment.reset();
  no_mirror.augment->mirror_probability = 0;
  const Variant variants[] = {{"none", none}, {"default", full}, {"no mirror", no_mirror}};
  std::printf("%-10s %-16s %8s %8s %8s %8s\n", "variant", "test video", "accuracy", "best ep",
              "epochs", "time s");
  for (const Variant& v : variants) {
    double sum = 0;
    for (const Fold& f : folds) {
      const auto t0 = std::chrono::steady_clock::now();
      int epochs = 0;
      const ActionClassifier m = ActionClassifier::train(
          f.train, v.options, [&](int epoch, int, double, double) { epochs = epoch + 1; });
      const double a = accuracy(m, f.test);
      sum += a;
      std::printf("%-10s %-16s %8.3f %8d %8d %8.1f\n", v.name, f.test_group.c_str(), a,
                  m.card()["best_epoch"].get<int>(), epochs, seconds_since(t0));
      std::fflush(stdout);
    }
    std::printf("%-10s %-16s %8.3f\n", v.name, "mean", sum / static_cast<double>(folds.size()));
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("Experiments behind the action classifier's defaults (tennis strokes)");
  app.require_subcommand(1);
  std::string data;
  ClassifierOptions options;
  app.add_option("--data", data, "tennis_shots_movenet's folder")->required();
  app.add_option("--epochs", options.max_epochs, "Most epochs");
  app.add_option("--patience", options.patience, "Early-stopping patience");
  app.add_option("--seed", options.seed, "Training seed");
  app.add_option("--threads", options.threads, "CPU threads");
  auto* augment = app.add_subcommand("augment", "No augmentation vs default vs no mirroring");
  CLI11_PARSE(app, argc, argv);
  try {
    const std::vector<Fold> folds =
        folds_by_group(podium::action::import_tennis_shots(data).sequences);
    if (augment->parsed()) run_augment(folds, options);
  } catch (const podium::Error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
  return 0;
}
