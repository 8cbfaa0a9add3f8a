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
#include "podium/action/few_shot.hpp"
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

// Test accuracy of a few-shot model, or of a plain classifier, over every class of `test`.
template <class Model>
double accuracy(const Model& m, const std::vector<PoseSequence>& test) {
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

// Per fold: a base model on the training videos without `held_out`; then for k in {5, 10} and
// `draws` seeded draws of k held-out-class clips from the training videos: the base extended by
// their prototype (cosine and Euclidean), and a model trained from scratch on the base's training
// sequences plus the same k clips (all the few-shot model saw, trained from random weights with
// the same options). Test: every clip of the test video, all four classes.
void run_few_shot(const std::vector<Fold>& folds, const ClassifierOptions& options,
                  const std::string& held_out, int draws) {
  std::printf("held-out class: %s\n", held_out.c_str());
  std::printf("%-16s %3s %5s %8s %8s %8s %8s %8s %8s %8s\n", "test video", "k", "draw", "base*",
              "cosine", "cos@0", "euclid", "scratch", "new:cos", "new:scr");
  std::map<std::string, std::vector<double>> sums;
  for (const Fold& f : folds) {
    std::vector<PoseSequence> base_train, pool;
    for (const PoseSequence& s : f.train)
      (s.label == held_out ? pool : base_train).push_back(s);
    if (pool.size() < 10) {
      throw podium::Error(podium::ErrorKind::InvalidInput,
                          std::string(f.test_group)
                              .append("'s fold: ")
                              .append(std::to_string(pool.size()))
                              .append(" clips of ")
                              .append(held_out)
                              .append(" in the training videos, 10 needed"));
    }
    const auto t0 = std::chrono::steady_clock::now();
    const ActionClassifier base = ActionClassifier::train(base_train, options);
    std::vector<PoseSequence> test_known;
    for (const PoseSequence& s : f.test)
      if (s.label != held_out) test_known.push_back(s);
    const double base_known = accuracy(base, test_known);
    std::printf(
        "%-16s base trained in %.0f s (%zu clips); base on its %zu-class test clips: %.3f\n",
        f.test_group.c_str(), seconds_since(t0), base_train.size(), base.classes().size(),
        base_known);
    const std::string base_bytes = base.save();
    for (const std::size_t k : {std::size_t{5}, std::size_t{10}}) {
      for (int d = 0; d < draws; ++d) {
        podium::Rng rng(options.seed + 1000 * k + static_cast<std::uint64_t>(d));
        std::vector<PoseSequence> shuffled = pool;
        for (std::size_t i = shuffled.size(); i > 1; --i)
          std::swap(shuffled[i - 1], shuffled[rng.below(i)]);
        const std::vector<PoseSequence> few(shuffled.begin(),
                                            shuffled.begin() + static_cast<std::ptrdiff_t>(k));
        const auto extended = [&](podium::action::Metric metric, bool centre) {
          return podium::action::FewShotClassifier::extend(ActionClassifier::load(base_bytes), few,
                                                           {.metric = metric, .centre = centre});
        };
        const auto cosine = extended(podium::action::Metric::Cosine, true);
        const auto cosine_0 = extended(podium::action::Metric::Cosine, false);
        const auto euclid = extended(podium::action::Metric::Euclidean, false);
        std::vector<PoseSequence> scratch_train = base_train;
        scratch_train.insert(scratch_train.end(), few.begin(), few.end());
        const ActionClassifier scratch = ActionClassifier::train(scratch_train, options);
        std::vector<PoseSequence> test_new;
        for (const PoseSequence& s : f.test)
          if (s.label == held_out) test_new.push_back(s);
        const double a_cos = accuracy(cosine, f.test), a_cos0 = accuracy(cosine_0, f.test),
                     a_euc = accuracy(euclid, f.test), a_scr = accuracy(scratch, f.test),
                     a_new = accuracy(cosine, test_new), a_scr_new = accuracy(scratch, test_new);
        std::printf("%-16s %3zu %5d %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f\n",
                    f.test_group.c_str(), k, d, base_known, a_cos, a_cos0, a_euc, a_scr, a_new,
                    a_scr_new);
        std::fflush(stdout);
        auto& v = sums[std::to_string(k)];
        v.resize(6);
        v[0] += a_cos;
        v[1] += a_cos0;
        v[2] += a_euc;
        v[3] += a_scr;
        v[4] += a_new;
        v[5] += a_scr_new;
      }
    }
  }
  const double n = static_cast<double>(folds.size()) * draws;
  for (const auto& [k, v] : sums) {
    std::printf(
        "mean k=%-2s  cosine %.3f  euclid %.3f  scratch %.3f  held-out class recall "
        "(cosine) %.3f\n",
        k.c_str(), v[0] / n, v[1] / n, v[2] / n, v[3] / n);
  }
  std::printf(
      "base*: the base model on the test video's clips of its own classes; cosine: about "
      "the base prototypes' mean; cos@0: about 0; new: recall of the held-out class\n");
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
  std::string held_out = "serve";
  int draws = 3;
  auto* few_shot = app.add_subcommand("fewshot", "A held-out class from 5 and 10 examples");
  few_shot->add_option("--held-out", held_out, "The class kept out of the base model");
  few_shot->add_option("--draws", draws, "Seeded draws of the k examples per fold");
  CLI11_PARSE(app, argc, argv);
  try {
    const std::vector<Fold> folds =
        folds_by_group(podium::action::import_tennis_shots(data).sequences);
    if (augment->parsed()) run_augment(folds, options);
    if (few_shot->parsed()) run_few_shot(folds, options, held_out, draws);
  } catch (const podium::Error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
  return 0;
}
