// podium actions evaluate: cross-validation of the action models on labelled pose sequences (the
// protocol of action/evaluation.hpp): the same folds for the ST-GCN, XGBoost on hand-crafted
// features and k-NN with DTW; per fold and overall accuracy, macro-F1, per-class precision and
// recall and the confusion matrix (--json: only that, as JSON); --importances adds the XGBoost
// baseline's feature importances. Runs in podium_cli_action_torch (actions_torch.hpp). The models'
// settings are fixed here, chosen once (docs/actions.md, "Evaluation protocol").
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "actions_torch.hpp"
#include "podium/action/baselines.hpp"
#include "podium/action/evaluation.hpp"
#include "podium/action/read_sequences.hpp"
#include "podium/action/stgcn_model.hpp"
#include "podium/nn/model.hpp"
#include "progress_line.hpp"

namespace {

using namespace podium;

constexpr std::size_t kEvaluateImportancesShown = 15;

// The settings every evaluation uses: chosen once, before any result was seen.
action::KnnOptions evaluate_knn_options() {
  return {.k = 1, .band_fraction = 0.1, .weighting = action::KnnWeighting::Uniform};
}

action::XgbBaselineOptions evaluate_xgb_options(const app::ActionsEvaluateArgs& a) {
  action::XgbBaselineOptions o;
  o.classifier.rounds = 200;
  o.classifier.tree.max_depth = 4;
  o.classifier.tree.eta = 0.1;
  o.classifier.tree.seed = a.seed;
  o.classifier.tree.nthread = a.threads;
  o.balanced = true;
  return o;
}

action::ClassifierOptions evaluate_stgcn_options(const app::ActionsEvaluateArgs& a) {
  action::ClassifierOptions o;
  // The classifier's defaults, as `actions train` has them; --augment as in `actions train`.
  if (a.augment) o.augment = action::training_augment();
  o.max_epochs = a.max_epochs;
  o.seed = a.seed;
  o.threads = a.threads;
  return o;
}

nlohmann::json evaluate_report_json(const action::ClassificationReport& r,
                                    const std::vector<std::string>& classes) {
  nlohmann::json per_class = nlohmann::json::object();
  for (std::size_t c = 0; c < classes.size(); ++c) {
    per_class[classes[c]] = {{"precision", r.precision[c]},
                             {"recall", r.recall[c]},
                             {"f1", r.f1[c]},
                             {"support", r.support[c]}};
  }
  nlohmann::json confusion = nlohmann::json::array();
  for (std::size_t t = 0; t < classes.size(); ++t) {
    confusion.push_back(std::vector<std::int64_t>(
        r.confusion.begin() + static_cast<std::ptrdiff_t>(t * classes.size()),
        r.confusion.begin() + static_cast<std::ptrdiff_t>((t + 1) * classes.size())));
  }
  return {{"sequences", r.examples},
          {"accuracy", r.accuracy},
          {"macro_f1", r.macro_f1},
          {"per_class", per_class},
          {"confusion", confusion}};
}

void evaluate_print_report(const action::ClassificationReport& r,
                           const std::vector<std::string>& classes) {
  std::printf("  overall: accuracy %.3f  macro-F1 %.3f  (%zu sequences)\n", r.accuracy, r.macro_f1,
              r.examples);
  std::printf("  confusion (rows true, columns predicted):\n  %-24s", "");
  for (std::size_t c = 0; c < classes.size(); ++c)
    std::printf(" %5zu", c);
  std::printf("   recall precision\n");
  for (std::size_t t = 0; t < classes.size(); ++t) {
    std::printf("  %2zu %-21s", t, classes[t].c_str());
    for (std::size_t p = 0; p < classes.size(); ++p)
      std::printf(" %5lld", static_cast<long long>(r.confusion[t * classes.size() + p]));
    std::printf("   %6.3f %9.3f\n", r.recall[t], r.precision[t]);
  }
}

std::vector<std::string> evaluate_kinds(const std::string& model) {
  if (model == "all") return {"knn-dtw", "xgboost", "stgcn"};
  return {model};
}

}  // namespace

extern "C" void podium_actions_evaluate(const podium::app::ActionsEvaluateArgs& a) {
  nn::set_threads(a.threads);
  const std::vector<action::PoseSequence> sequences = action::read_sequences(a.data);
  const std::vector<action::Fold> folds =
      action::make_folds(sequences, {.folds = a.folds, .seed = a.seed});
  const bool show = ::isatty(STDERR_FILENO) != 0 && !a.json;

  nlohmann::json out = {{"data", a.data},
                        {"sequences", sequences.size()},
                        {"classes", action::class_names(sequences)},
                        {"seed", a.seed}};
  nlohmann::json fold_list = nlohmann::json::array();
  for (const action::Fold& f : folds) {
    std::set<std::string> groups;
    for (const std::size_t i : f.test)
      groups.insert(sequences[i].group);
    fold_list.push_back(
        {{"train", f.train.size()}, {"test", f.test.size()}, {"test_groups", groups}});
  }
  out["folds"] = fold_list;
  if (!a.json) {
    std::printf("%zu sequences, %zu classes, %zu folds (%s)\n", sequences.size(),
                out["classes"].size(), folds.size(),
                a.folds == 0 ? "one per group" : "over groups, stratified by label");
    for (std::size_t f = 0; f < folds.size(); ++f) {
      const auto& groups = fold_list[f]["test_groups"];
      std::string test_groups;
      if (groups.size() == 1) {
        test_groups.append("group ").append(groups[0].get<std::string>());
      } else {
        test_groups.append(std::to_string(groups.size())).append(" groups");
      }
      std::printf("  fold %zu: train %zu, test %zu (%s)\n", f, folds[f].train.size(),
                  folds[f].test.size(), test_groups.c_str());
    }
  }

  nlohmann::json models = nlohmann::json::array();
  for (const std::string& kind : evaluate_kinds(a.model)) {
    // A new line per fold: the ST-GCN's epochs count from 0 again in every fold.
    std::optional<app::ProgressLine> line;
    std::size_t fold = 0, fold_count = 0;
    std::unique_ptr<action::ActionModel> model;
    if (kind == "knn-dtw") model = action::make_knn_dtw_model(evaluate_knn_options());
    if (kind == "xgboost") model = action::make_xgboost_model(evaluate_xgb_options(a));
    if (kind == "stgcn") {
      model = action::make_stgcn_model(
          evaluate_stgcn_options(a), [&](int epoch, int max_epochs, double loss, double accuracy) {
            std::string extra = "fold ";
            extra.append(std::to_string(fold + 1))
                .append("/")
                .append(std::to_string(fold_count))
                .append("  loss ")
                .append(std::to_string(loss).substr(0, 5))
                .append("  val ")
                .append(std::to_string(accuracy).substr(0, 5));
            line->update("epoch", epoch + 1, max_epochs, extra);
          });
    }
    const action::Evaluation e =
        action::evaluate(*model, sequences, folds, [&](std::size_t f, std::size_t n) {
          fold = f;
          fold_count = n;
          if (line) line->done();
          line.emplace(show);
          line->update("fold", static_cast<std::int64_t>(f), static_cast<std::int64_t>(n), kind,
                       true);
        });
    if (line) line->done();
    nlohmann::json per_fold = nlohmann::json::array();
    for (const action::FoldResult& r : e.folds)
      per_fold.push_back(evaluate_report_json(r.report, e.classes));
    models.push_back({{"model", kind},
                      {"overall", evaluate_report_json(e.overall, e.classes)},
                      {"folds", per_fold}});
    if (!a.json) {
      std::printf("\n%s\n", kind.c_str());
      for (std::size_t f = 0; f < e.folds.size(); ++f) {
        std::printf("  fold %zu: accuracy %.3f  macro-F1 %.3f  (%zu sequences)\n", f,
                    e.folds[f].report.accuracy, e.folds[f].report.macro_f1,
                    e.folds[f].report.examples);
      }
      evaluate_print_report(e.overall, e.classes);
    }
  }
  out["models"] = models;

  if (a.importances) {
    const std::vector<action::FeatureImportance> imp =
        action::xgboost_importances(sequences, evaluate_xgb_options(a));
    nlohmann::json list = nlohmann::json::array();
    for (const action::FeatureImportance& i : imp)
      list.push_back(
          {{"feature", i.feature}, {"gain", i.gain}, {"mean_abs_shap", i.mean_abs_shap}});
    out["importances"] = list;
    if (!a.json) {
      std::printf(
          "\nxgboost feature importances (trained on all %zu sequences), top %zu by mean "
          "|SHAP|:\n  %-32s %13s %10s\n",
          sequences.size(), kEvaluateImportancesShown, "feature", "mean |SHAP|", "gain");
      for (std::size_t i = 0; i < imp.size() && i < kEvaluateImportancesShown; ++i)
        std::printf("  %-32s %13.4f %10.3f\n", imp[i].feature.c_str(), imp[i].mean_abs_shap,
                    imp[i].gain);
    }
  }
  if (a.json)
    std::printf("%s\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}
