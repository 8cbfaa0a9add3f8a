// podium actions train: labelled pose sequences in, a trained deep action classifier out, written
// atomically to --out at every better validation accuracy (an interrupted run leaves the best
// model so far) and once more at the end; or, with --base, a trained model plus a few examples of
// new classes in, a few-shot model out (few_shot.hpp). A progress line on a terminal, a summary at
// the end (--json: only the summary, as JSON). Runs in podium_cli_action_torch
// (actions_torch.hpp). The card's date is SOURCE_DATE_EPOCH's when set, so that two runs can be
// compared byte for byte.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "actions_torch.hpp"
#include "podium/action/classifier.hpp"
#include "podium/action/few_shot.hpp"
#include "podium/action/read_sequences.hpp"
#include "podium/core/file.hpp"
#include "podium/core/option.hpp"
#include "progress_line.hpp"

namespace podium::app {
namespace {

// SOURCE_DATE_EPOCH (reproducible-builds.org): the card's date, else nullopt (today).
std::optional<double> train_source_date() {
  const char* v = std::getenv("SOURCE_DATE_EPOCH");
  if (v == nullptr || *v == '\0') return std::nullopt;
  char* end = nullptr;
  const double s = std::strtod(v, &end);
  require_option(*end == '\0' && s >= 0 && s < 1e11, "", "SOURCE_DATE_EPOCH", std::string(v),
                 "must be seconds since 1970");
  return s;
}

action::ClassifierOptions train_options(const ActionsTrainArgs& a) {
  action::ClassifierOptions o;
  if (a.frames) o.frames = *a.frames;
  if (a.epochs) o.max_epochs = *a.epochs;
  if (a.patience) o.patience = *a.patience;
  if (a.batch) o.batch = *a.batch;
  if (a.learning_rate) o.learning_rate = *a.learning_rate;
  if (a.seed) o.seed = *a.seed;
  if (a.validation) o.validation_fraction = *a.validation;
  if (a.no_augment) o.augment.reset();
  o.balance = a.balance;
  o.threads = a.threads;
  o.trained_utc_s = train_source_date();
  return o;
}

void print_train_json(const nlohmann::json& j) {
  std::printf("%s\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}

void run_few_shot(const ActionsTrainArgs& a) {
  const auto given = [&](bool set, const char* name) {
    if (set) reject_option("", name, "given", "does not apply with --base (nothing is trained)");
  };
  given(a.frames.has_value(), "--frames");
  given(a.epochs.has_value(), "--epochs");
  given(a.patience.has_value(), "--patience");
  given(a.batch.has_value(), "--batch");
  given(a.learning_rate.has_value(), "--lr");
  given(a.seed.has_value(), "--seed");
  given(a.validation.has_value(), "--validation");
  given(a.no_augment, "--no-augment");
  given(a.balance, "--balance");
  action::ActionClassifier base = action::ActionClassifier::load(read_file(a.base));
  const std::vector<action::PoseSequence> examples = action::read_sequences(a.data);
  action::FewShotOptions o;
  if (!a.metric.empty()) o.metric = action::metric_named(a.metric);
  const action::FewShotClassifier m =
      action::FewShotClassifier::extend(std::move(base), examples, o);
  write_file_atomic(a.out, m.save());
  nlohmann::json summary = {{"out", a.out},
                            {"base", a.base},
                            {"classes", m.classes()},
                            {"added", m.card()["added"]},
                            {"metric", m.card()["metric"]}};
  if (a.json) {
    print_train_json(summary);
    return;
  }
  std::printf("added %zu classes to %s's %zu, wrote %s (nearest %s prototype)\n",
              m.card()["added"].size(), a.base.c_str(), m.base().classes().size(), a.out.c_str(),
              std::string(action::metric_name(o.metric)).c_str());
  for (const auto& [label, n] : m.card()["added"].items())
    std::printf("  %-24s %d examples\n", label.c_str(), n.get<int>());
}

void run_train(const ActionsTrainArgs& a) {
  if (!a.base.empty()) {
    run_few_shot(a);
    return;
  }
  require_option(a.metric.empty(), "", "--metric", a.metric, "applies with --base only");
  action::ClassifierOptions o = train_options(a);
  const std::vector<action::PoseSequence> sequences = action::read_sequences(a.data);
  o.checkpoint = [&a](const std::string& bytes, int) { write_file_atomic(a.out, bytes); };
  ProgressLine line(::isatty(STDERR_FILENO) != 0 && !a.json);
  const auto t0 = std::chrono::steady_clock::now();
  int epochs = 0;
  const action::ActionClassifier m = action::ActionClassifier::train(
      sequences, o, [&](int epoch, int max_epochs, double loss, double accuracy) {
        epochs = epoch + 1;
        char extra[64];
        std::snprintf(extra, sizeof extra, "loss %.3f  val acc %.3f", loss, accuracy);
        line.update("epoch", epoch + 1, max_epochs, extra, epoch + 1 == max_epochs);
      });
  line.done();
  write_file_atomic(a.out, m.save());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const nlohmann::json& card = m.card();
  const int best = card["best_epoch"];
  const double accuracy = card["validation_accuracy"][static_cast<std::size_t>(best)];
  nlohmann::json summary = {{"out", a.out},
                            {"classes", m.classes()},
                            {"layout", card["layout"]},
                            {"per_class", card["data"]["per_class"]},
                            {"training", card["data"]["training"]},
                            {"validation", card["data"]["validation"]},
                            {"epochs", epochs},
                            {"best_epoch", best},
                            {"validation_accuracy", accuracy},
                            {"augment", o.augment.has_value()},
                            {"seconds", seconds}};
  if (a.json) {
    print_train_json(summary);
    return;
  }
  std::printf("trained on %d sequences (%d for validation), %zu classes:\n",
              card["data"]["sequences"].get<int>(), card["data"]["validation"].get<int>(),
              m.classes().size());
  for (const auto& [label, n] : card["data"]["per_class"].items())
    std::printf("  %-24s %d\n", label.c_str(), n.get<int>());
  std::printf("best epoch %d of %d, validation accuracy %.3f, %.1f s; wrote %s\n", best + 1, epochs,
              accuracy, seconds, a.out.c_str());
}

}  // namespace
}  // namespace podium::app

extern "C" void podium_actions_train(const podium::app::ActionsTrainArgs& a) {
  podium::app::run_train(a);
}
