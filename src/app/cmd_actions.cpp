// podium actions import: a shared set, video analyze's keypoints.csv (with optional segment
// labels) or a sequence file -> podium's sequence format (docs/actions.md), written atomically,
// with a summary of sequences per label and per group (--json: that summary alone, as JSON).
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "actions_torch.hpp"
#include "commands.hpp"
#include "podium/action/datasets.hpp"
#include "podium/action/keypoints_csv.hpp"
#include "podium/action/read_sequences.hpp"
#include "podium/action/sequence_csv.hpp"
#include "podium/action/sequence_json.hpp"
#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/core/option.hpp"

namespace podium::app {
namespace {

namespace fs = std::filesystem;

struct ActionsImportArgs {
  std::string format;
  std::string data;
  std::string labels;
  std::string out;
  std::int64_t track = -1;
  bool json = false;
};

std::vector<action::PoseSequence> read_keypoints(const ActionsImportArgs& a) {
  const std::string name = action::keypoints_csv_name(a.data);
  std::optional<std::int64_t> track;
  if (a.track >= 0) track = a.track;
  auto tracks = action::parse_keypoints_csv(read_file(a.data), a.data, name, track);
  if (!a.labels.empty()) {
    const auto labels = action::parse_segment_labels(read_file(a.labels), a.labels);
    action::apply_segment_labels(tracks, labels, a.labels);
  }
  std::vector<action::PoseSequence> out;
  out.reserve(tracks.size());
  for (auto& t : tracks)
    out.push_back(std::move(t.sequence));
  return out;
}

std::vector<action::PoseSequence> read_input(const ActionsImportArgs& a) {
  if (a.format == "tennis") return action::import_tennis_shots(a.data).sequences;
  if (a.format == "posetrainer") return action::import_pose_trainer(a.data).sequences;
  if (a.format == "pushup") return action::import_pushup_form(a.data).sequences;
  if (a.format == "countix") return action::import_countix_fitness(a.data).sequences;
  if (a.format == "keypoints") return read_keypoints(a);
  return action::read_sequences(a.data);
}

void run_actions_import(const ActionsImportArgs& a) {
  const std::string ext = fs::path(a.out).extension().string();
  require_option(ext == ".json" || ext == ".csv", "", "--out", a.out, "must end in .json or .csv");
  require_option(a.labels.empty() || a.format == "keypoints", "", "--labels", a.labels,
                 "applies to --format keypoints only");
  require_option(a.track < 0 || a.format == "keypoints", "", "--track", a.track,
                 "applies to --format keypoints only");
  const std::vector<action::PoseSequence> sequences = read_input(a);
  const std::string bytes = ext == ".json" ? action::write_sequences_json(sequences)
                                           : action::write_sequences_csv(sequences);
  write_file_atomic(a.out, bytes);

  std::map<std::string, int> labels, groups;
  std::size_t frames = 0;
  for (const action::PoseSequence& s : sequences) {
    ++labels[s.label];
    ++groups[s.group];
    frames += s.frames;
  }
  if (a.json) {
    nlohmann::json j = {{"out", a.out},     {"format", a.format}, {"sequences", sequences.size()},
                        {"frames", frames}, {"labels", labels},   {"groups", groups}};
    std::printf("%s\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return;
  }
  std::printf("wrote %zu sequences (%zu frames) to %s\n", sequences.size(), frames, a.out.c_str());
  const auto table = [](const char* title, const std::map<std::string, int>& counts) {
    std::printf("%s:\n", title);
    for (const auto& [name, n] : counts)
      std::printf("  %-24s %d\n", name.empty() ? "(none)" : name.c_str(), n);
  };
  table("per label", labels);
  table("per group", groups);
}

// --folds: "group" is 0 (one fold per group), else an integer k >= 2 (make_folds checks k against
// the number of groups once the data is read).
int parse_evaluate_folds(const std::string& text) {
  if (text == "group") return 0;
  int k = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), k);
  if (ec != std::errc() || end != text.data() + text.size() || k < 2) {
    reject_option("", "--folds", text, "must be group or a whole number >= 2");
  }
  return k;
}

void add_actions_train_command(CLI::App& group) {
  auto a = std::make_shared<ActionsTrainArgs>();
  auto* train = group.add_subcommand(
      "train",
      "Train the deep action classifier (ST-GCN) on labelled pose sequences, or with --base add "
      "classes from a few examples each to a trained model (docs/actions.md)");
  train
      ->add_option("--data", a->data,
                   "Labelled pose sequences: podium's .csv or .json, a keypoints.csv with segment "
                   "labels imported, or a shared set's folder")
      ->required();
  train
      ->add_option("--out", a->out,
                   "The model file to write (atomically, also at every better "
                   "validation accuracy while training)")
      ->required();
  train->add_option("--base", a->base,
                    "A trained model: add the classes of --data as prototypes (few-shot) "
                    "instead of training");
  train->add_option("--frames", a->frames, "Frames each sequence is resampled to (32)");
  train->add_option("--epochs", a->epochs, "Most epochs (200)");
  train->add_option("--patience", a->patience,
                    "Stop after this many epochs without a better validation accuracy (20; 0: "
                    "never)");
  train->add_option("--batch", a->batch, "Sequences per mini-batch (16)");
  train->add_option("--lr", a->learning_rate, "Adam learning rate (0.001)");
  train->add_option("--seed", a->seed, "Seed of every random draw (42)");
  train->add_option("--validation", a->validation, "Share held out for validation, by group (0.2)");
  train->add_flag("--augment", a->augment,
                  "Draw every training sequence through augmentation each epoch (mirror, rotation, "
                  "scale, shear, time warp, crop, jitter, dropout)");
  train->add_flag("--balance", a->balance, "Oversample every class to the largest each epoch");
  train->add_option("--metric", a->metric, "With --base: cosine (default) or euclidean")
      ->check(CLI::IsMember({"cosine", "euclidean"}));
  train->add_option("--threads", a->threads, "CPU threads (1..256; 1 is bit-reproducible)")
      ->check(CLI::Range(1, 256));
  train->add_flag("--json", a->json, "Print only the summary, as JSON");
  train->callback([a] { run_in_action_torch("podium_actions_train", *a); });
}

}  // namespace

void add_actions_commands(CLI::App& group) {
  group.require_subcommand(1);
  auto args = std::make_shared<ActionsImportArgs>();
  auto* import =
      group.add_subcommand("import",
                           "Convert a shared set, keypoints.csv or a sequence file into podium's "
                           "pose-sequence format (docs/actions.md)");
  import
      ->add_option("--format", args->format,
                   "tennis, posetrainer, pushup, countix (a shared set's folder), keypoints "
                   "(video analyze's keypoints.csv) or sequences (podium's .csv or .json)")
      ->required()
      ->check(
          CLI::IsMember({"tennis", "posetrainer", "pushup", "countix", "keypoints", "sequences"}));
  import->add_option("--data", args->data, "The set's folder or the file to read")->required();
  import->add_option("--labels", args->labels,
                     "Segment labels CSV for --format keypoints (docs/actions.md)");
  import->add_option("--track", args->track, "Only this track of keypoints.csv");
  import->add_option("--out", args->out, "Output file: .json or .csv")->required();
  import->add_flag("--json", args->json, "Print only the summary, as JSON");
  import->callback([args] { run_actions_import(*args);
});

add_actions_train_command(group);
auto predict_args = std::make_shared<ActionsPredictArgs>();
auto* predict =
    group.add_subcommand("predict", "Classify pose sequences with a model from `actions train`");
predict->add_option("--model", predict_args->model, "The trained model file")->required();
predict
    ->add_option("--data", predict_args->data,
                 "Pose sequences: podium's .csv or .json, a keypoints.csv, or a shared set's "
                 "folder")
    ->required();
predict->add_option("--threads", predict_args->threads, "CPU threads (1..256)")
    ->check(CLI::Range(1, 256));
predict->add_flag("--json", predict_args->json, "Print only the predictions, as JSON");
predict->add_option("--window", predict_args->window,
                    "Segment each sequence with a sliding window of this many frames (45) or "
                    "seconds (1.5s): prints segments instead of one class");
predict->add_option("--stride", predict_args->stride,
                    "Window step, frames or seconds (default a quarter window)");
predict
    ->add_option("--min-frames", predict_args->min_frames,
                 "Merge shorter segments into a neighbour")
    ->check(CLI::Range(1, 1 << 20));
predict
    ->add_option("--background", predict_args->background,
                 "Label frames 'background' when no class reaches this probability")
    ->check(CLI::Range(0.0, 1.0));
predict->callback([predict_args] { run_in_action_torch("podium_actions_predict", *predict_args); });

auto explain_args = std::make_shared<ActionsExplainArgs>();
auto* explain = group.add_subcommand(
    "explain",
    "Integrated gradients of the deep model over keypoints x time: DIR/<id>.json and .svg");
explain->add_option("--model", explain_args->model, "The trained model file")->required();
explain->add_option("--data", explain_args->data, "Pose sequences (as for predict)")->required();
explain->add_option("--sequence", explain_args->sequence, "Only the sequence with this id");
explain->add_option("--class", explain_args->klass, "The class to explain (default: predicted)");
explain->add_option("--steps", explain_args->steps, "Integration steps (1..1024)")
    ->check(CLI::Range(1, 1024));
explain
    ->add_option("--baseline", explain_args->baseline,
                 "mean_pose (explains the motion) or zero (pose and motion)")
    ->check(CLI::IsMember({"mean_pose", "zero"}));
explain->add_option("--out", explain_args->out, "Output folder")->required();
explain->add_option("--threads", explain_args->threads, "CPU threads (1..256)")
    ->check(CLI::Range(1, 256));
explain->add_flag("--json", explain_args->json, "Print only the summary, as JSON");
explain->callback([explain_args] { run_in_action_torch("podium_actions_explain", *explain_args); });

auto count_args = std::make_shared<ActionsCountArgs>();
auto* count = group.add_subcommand(
    "count", "Count repetitions in a video (its most-observed athlete) or in pose sequences");
count
    ->add_option("input", count_args->input,
                 "A video, or pose sequences: podium's .csv or .json, a keypoints.csv, a shared "
                 "set's folder")
    ->required();
count->add_option("--model", count_args->model,
                  "Pose model for a video: movenet-thunder (default), movenet-lightning, "
                  "movenet-multipose, blazepose");
count->add_option("--threads", count_args->threads, "CPU threads of the pose model (1..256)")
    ->check(CLI::Range(1, 256));
count->add_flag("--json", count_args->json, "Print only the counts, as JSON");
count->callback([count_args] { run_in_action_torch("podium_actions_count", *count_args); });

auto evaluate_args = std::make_shared<ActionsEvaluateArgs>();
auto* evaluate = group.add_subcommand(
    "evaluate",
    "Cross-validate the action models (ST-GCN, XGBoost on features, k-NN with DTW) on the same "
    "folds: accuracy, macro-F1, confusion matrices (docs/actions.md)");
evaluate
    ->add_option("--data", evaluate_args->data,
                 "Labelled pose sequences: podium's .csv or .json, a keypoints.csv, or a shared "
                 "set's folder")
    ->required();
evaluate->add_option("--model", evaluate_args->model, "stgcn, xgboost, knn-dtw or all")
    ->check(CLI::IsMember({"stgcn", "xgboost", "knn-dtw", "all"}));
auto folds_text = std::make_shared<std::string>("group");
evaluate->add_option("--folds", *folds_text,
                     "group (one fold per group: leave one group out) or N >= 2 (N folds over "
                     "groups, stratified by label)");
evaluate->add_option("--seed", evaluate_args->seed, "Seed of the folds and the models (0..2^31-1)")
    ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{2147483647}));
evaluate->add_option("--threads", evaluate_args->threads, "CPU threads (1..256)")
    ->check(CLI::Range(1, 256));
evaluate->add_option("--max-epochs", evaluate_args->max_epochs, "ST-GCN training epochs at most")
    ->check(CLI::Range(1, 100000));
evaluate->add_flag("--json", evaluate_args->json, "Print only the results, as JSON");
evaluate->add_flag("--augment", evaluate_args->augment,
                   "Train the ST-GCN with augmentation, as actions train --augment");
evaluate->add_flag("--importances", evaluate_args->importances,
                   "Add the XGBoost baseline's feature importances (gain, mean |SHAP|)");
evaluate->callback([evaluate_args, folds_text] {
  evaluate_args->folds = parse_evaluate_folds(*folds_text);
  run_in_action_torch("podium_actions_evaluate", *evaluate_args);
});
}  // namespace podium::app

}  // namespace podium::app
