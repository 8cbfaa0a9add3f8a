// The actions commands that need libtorch or OpenCV (train, evaluate, predict, explain, count) run
// in podium_cli_action_torch, a second plugin that the actions plugin loads on first use
// (core/plugin.hpp): `actions import` and `actions --help` start without either library. The
// actions plugin parses each command's options into its argument struct declared here and calls
// the extern "C" entry of the same name in podium_cli_action_torch; both are built together, so
// the struct's layout is the same on both sides.
//
//   run_in_action_torch("podium_actions_predict", args);  // args: ActionsPredictArgs
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "podium/core/plugin.hpp"

namespace podium::app {

struct ActionsPredictArgs {
  std::string model;
  std::string data;
  bool json = false;
  int threads = 1;
  // Segmentation (action/segment.hpp): a window turns predict into segments; "" classifies
  // whole sequences. Windows and strides are frames ("45") or seconds ("1.5s").
  std::string window;
  std::string stride;
  std::size_t min_frames = 1;
  double background = 0;
};

struct ActionsExplainArgs {
  std::string model;
  std::string data;
  std::string sequence;  // "": every sequence
  std::string klass;     // "": the predicted class
  int steps = 64;
  std::string baseline = "mean_pose";
  std::string out;
  bool json = false;
  int threads = 1;
};

struct ActionsCountArgs {
  std::string input;  // a video, or pose sequences (read_sequences)
  std::string model;  // a pose model for a video; empty: VideoSequenceOptions::model
  bool json = false;
  int threads = 1;
};

struct ActionsEvaluateArgs {
  std::string data;
  std::string model = "all";  // stgcn, xgboost, knn-dtw or all
  int folds = 0;              // 0: one per group (--folds group), else k folds over groups
  std::uint64_t seed = 42;
  int threads = 1;
  int max_epochs = 200;
  bool augment = false;  // the ST-GCN trains with augmentation (actions train --augment)
  bool json = false;
  bool importances = false;
};

// Unset options take ClassifierOptions' defaults; with `base` only data, out, threads and json
// apply (the others are refused).
struct ActionsTrainArgs {
  std::string data;
  std::string out;
  std::string base;
  std::optional<std::int64_t> frames;
  std::optional<int> epochs;
  std::optional<int> patience;
  std::optional<std::int64_t> batch;
  std::optional<double> learning_rate;
  std::optional<std::uint64_t> seed;
  std::optional<double> validation;
  bool augment = false;
  bool balance = false;
  std::string metric;  // with base: cosine (default) or euclidean
  bool json = false;
  int threads = 1;
};

template <class Args>
void run_in_action_torch(const char* entry, const Args& args) {
  using Entry = void (*)(const Args&);
  reinterpret_cast<Entry>(plugin_symbol("podium_cli_action_torch", entry))(args);
}

}  // namespace podium::app
