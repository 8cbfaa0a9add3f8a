// podium actions explain: a trained action model and pose sequences in; per sequence (or the one
// --sequence names) integrated gradients of a class (--class, default the predicted one) over
// keypoints x time out, as DIR/<name>.json and DIR/<name>.svg (action/attribution.hpp), where
// <name> is the sequence id with every character outside [A-Za-z0-9._-] replaced by '_'. Every
// attribution is computed before anything is written, so bad input (an unknown sequence or class,
// a sequence the model cannot read, two ids with one file name) writes nothing; each file is
// written atomically. Prints a line per sequence (--json: only that, as JSON). Runs in
// podium_cli_action_torch (actions_torch.hpp).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "actions_torch.hpp"
#include "podium/action/attribution.hpp"
#include "podium/action/classifier.hpp"
#include "podium/action/explain.hpp"
#include "podium/action/read_sequences.hpp"
#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/nn/model.hpp"

namespace {

std::string explain_file_name(const std::string& id) {
  std::string out = id;
  for (char& c : out) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
    if (!keep) c = '_';
  }
  // "." and ".." name folders, not files.
  if (out.empty() || out == "." || out == "..") out.insert(0, "sequence");
  return out;
}

// The keypoint with the largest summed attribution towards the class.
std::string explain_top_keypoint(const podium::action::ActionAttribution& a) {
  const std::vector<double> k = a.per_keypoint();
  const auto top = static_cast<std::size_t>(std::max_element(k.begin(), k.end()) - k.begin());
  return std::string(podium::vision::layout_info(a.layout).keypoints[top]);
}

}  // namespace

extern "C" void podium_actions_explain(const podium::app::ActionsExplainArgs& a) {
  using namespace podium;
  namespace fs = std::filesystem;
  nn::set_threads(a.threads);
  const action::ActionClassifier model = action::ActionClassifier::load(read_file(a.model));
  const std::vector<action::PoseSequence> all = action::read_sequences(a.data);
  std::vector<const action::PoseSequence*> chosen;
  for (const action::PoseSequence& s : all)
    if (a.sequence.empty() || s.id == a.sequence) chosen.push_back(&s);
  if (chosen.empty()) {
    throw Error(ErrorKind::InvalidInput,
                Place{.source = a.data, .field = "--sequence", .value = a.sequence},
                a.sequence.empty() ? "holds no sequence" : "no sequence has this id");
  }
  const action::ExplainOptions options{.target = a.klass,
                                       .steps = a.steps,
                                       .baseline = a.baseline == "zero"
                                                       ? action::AttributionBaseline::Zero
                                                       : action::AttributionBaseline::MeanPose};

  struct Explained {
    action::ActionAttribution attribution;
    std::string name;
  };
  std::vector<Explained> done;
  std::set<std::string> names;
  for (const action::PoseSequence* s : chosen) {
    Explained e{.attribution = action::explain(model, *s, options),
                .name = explain_file_name(s->id)};
    if (!names.insert(e.name).second) {
      throw Error(ErrorKind::InvalidInput, Place{.source = a.data, .field = "id", .value = s->id},
                  "has the file name '" + e.name +
                      "' of another sequence: explain it alone "
                      "with --sequence");
    }
    done.push_back(std::move(e));
  }

  std::error_code ec;
  fs::create_directories(a.out, ec);
  if (ec) throw Error(ErrorKind::Io, a.out + ": cannot create the output folder: " + ec.message());
  nlohmann::json out = nlohmann::json::array();
  if (!a.json) {
    std::printf("%-40s %-16s %6s %9s %10s  %s\n", "sequence", "class", "p", "sum", "error",
                "top keypoint");
  }
  for (const Explained& e : done) {
    const action::ActionAttribution& t = e.attribution;
    const std::string base = (fs::path(a.out) / e.name).string();
    write_file_atomic(base + ".json", action::attribution_json(t).dump(1) + "\n");
    write_file_atomic(base + ".svg", action::attribution_svg(t));
    const std::string& target = t.classes[t.target];
    if (a.json) {
      out.push_back({{"sequence", t.sequence},
                     {"class", target},
                     {"probability", t.probabilities[t.target]},
                     {"sum", t.score - t.baseline_score},
                     {"completeness_error", t.completeness_error()},
                     {"top_keypoint", explain_top_keypoint(t)},
                     {"json", base + ".json"},
                     {"svg", base + ".svg"}});
    } else {
      std::printf("%-40s %-16s %6.3f %9.4f %10.2e  %s\n", t.sequence.c_str(), target.c_str(),
                  t.probabilities[t.target], t.score - t.baseline_score, t.completeness_error(),
                  explain_top_keypoint(t).c_str());
    }
  }
  if (a.json) {
    std::printf("%s\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else {
    std::printf("wrote %zu explanations (.json and .svg) to %s\n", done.size(), a.out.c_str());
  }
}
