#include "podium/action/classifier.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "classifier_card.hpp"
#include "input.hpp"
#include "podium/action/balance.hpp"
#include "podium/action/prototypes.hpp"
#include "podium/core/calendar.hpp"
#include "podium/core/error.hpp"
#include "podium/core/json.hpp"
#include "podium/core/option.hpp"
#include "podium/core/random.hpp"
#include "podium/learn/model_container.hpp"
#include "podium/learn/torch/training.hpp"
#include "podium/learn/training.hpp"
#include "stgcn.hpp"

namespace podium::action {

struct ActionClassifier::Impl {
  ClassifierOptions options;
  vision::Layout layout = vision::Layout::Coco17;
  std::vector<std::string> classes;
  std::vector<int> parents;  // the bone stream's
  StgcnNet joints{nullptr};
  StgcnNet bones{nullptr};  // null without the bone stream
  nlohmann::json card;

  void build() {
    const StgcnOptions net{.channels = options.channels,
                           .dropout = options.dropout,
                           .classes = static_cast<std::int64_t>(classes.size())};
    const torch::Tensor a = spatial_partitions(layout);
    joints = StgcnNet(net, a);
    if (options.bones) bones = StgcnNet(net, a);
    parents = skeleton_tree(layout).parent;
  }
  std::vector<torch::Tensor> parameters() const {
    std::vector<torch::Tensor> p = joints->parameters();
    if (bones) {
      const std::vector<torch::Tensor> b = bones->parameters();
      p.insert(p.end(), b.begin(), b.end());
    }
    return p;
  }
  void train_mode(bool on) {
    joints->train(on);
    if (bones) bones->train(on);
  }
  // [N, 3, T, V] joint stream of normalised sequences.
  torch::Tensor input(std::span<const PoseSequence* const> batch) const {
    std::vector<torch::Tensor> items;
    items.reserve(batch.size());
    for (const PoseSequence* s : batch)
      items.push_back(joint_input(*s, options.frames));
    return torch::stack(items);
  }
  torch::Tensor bone_stream(const torch::Tensor& x) const {
    std::vector<torch::Tensor> b;
    for (std::int64_t i = 0; i < x.size(0); ++i)
      b.push_back(bone_input(x[i], parents));
    return torch::stack(b);
  }
  torch::Tensor logits(const torch::Tensor& x) {
    torch::Tensor out = joints->forward(x);
    return bones ? (out + bones->forward(bone_stream(x))) / 2 : out;
  }
  torch::Tensor embed(const torch::Tensor& x) {
    torch::Tensor out = joints->embed(x);
    return bones ? torch::cat({out, bones->embed(bone_stream(x))}, 1) : out;
  }
  // The one normalised sequence's network input, after the layout check.
  torch::Tensor one(const PoseSequence& s) const {
    if (s.layout != layout) {
      throw Error(ErrorKind::Model, Place{.source = s.id, .field = "layout"},
                  std::string(vision::layout_info(s.layout).name) + ": the model reads " +
                      std::string(vision::layout_info(layout).name));
    }
    const PoseSequence n = normalize(s, options.normalize);
    const PoseSequence* batch[] = {&n};
    return input(batch);
  }
};

namespace {

constexpr const char* kKind = "stgcn-action";
// One frame has no motion to learn from.
constexpr std::size_t kClassifierMinFrames = 2;
// Keeps the augmentation's seeds apart from the shuffles' and the balancing's.
constexpr std::uint64_t kClassifierAugmentSalt = 0xA5A5'0F0F'3C3C'9696ULL;

// The saved bytes: the card, the joint stream's torch archive, then the bone stream's.
std::string pack_classifier(const ActionClassifier::Impl& impl) {
  std::string payload = learn::save_module(*impl.joints);
  const std::string bones = impl.bones ? learn::save_module(*impl.bones) : std::string();
  nlohmann::json card = impl.card;
  card["joint_stream_bytes"] = payload.size();
  payload.append(bones);
  return learn::pack_model(card, payload);
}

void validate(const ClassifierOptions& o) {
  const char* owner = "action classifier";
  require_option(o.frames >= 4 && o.frames <= 4096, owner, "frames", o.frames,
                 "must be within 4..4096");
  require_option(o.max_epochs >= 1, owner, "max_epochs", o.max_epochs, "must be >= 1");
  require_option(o.patience >= 0, owner, "patience", o.patience, "must be >= 0 (0: never stop)");
  require_option(o.batch >= 1, owner, "batch", o.batch, "must be >= 1");
  require_option(o.learning_rate > 0 && std::isfinite(o.learning_rate), owner, "learning_rate",
                 o.learning_rate, "must be finite and > 0");
  require_option(o.weight_decay >= 0 && std::isfinite(o.weight_decay), owner, "weight_decay",
                 o.weight_decay, "must be finite and >= 0");
  require_option(o.validation_fraction > 0 && o.validation_fraction < 1, owner,
                 "validation_fraction", o.validation_fraction, "must be within (0, 1)");
  validate(StgcnOptions{.channels = o.channels, .dropout = o.dropout});
}

// Indices of the validation sequences: whole groups held out (by sequence with one group).
std::vector<std::size_t> validation_rows(std::span<const PoseSequence> data, double fraction,
                                         std::mt19937_64& rng) {
  std::map<std::string, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < data.size(); ++i)
    groups[data[i].group].push_back(i);
  std::vector<std::size_t> rows;
  if (groups.size() < 2) {
    rows = learn::split_holdout(data.size(), fraction, rng).held_out;
    return rows;
  }
  std::vector<const std::vector<std::size_t>*> members;
  for (const auto& [name, list] : groups)
    members.push_back(&list);
  for (std::size_t g : learn::split_holdout(members.size(), fraction, rng).held_out)
    rows.insert(rows.end(), members[g]->begin(), members[g]->end());
  std::sort(rows.begin(), rows.end());
  return rows;
}

}  // namespace

ActionClassifier::ActionClassifier(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ActionClassifier::ActionClassifier(ActionClassifier&&) noexcept = default;
ActionClassifier& ActionClassifier::operator=(ActionClassifier&&) noexcept = default;
ActionClassifier::~ActionClassifier() = default;

ActionClassifier ActionClassifier::train(std::span<const PoseSequence> sequences,
                                         const ClassifierOptions& options,
                                         const TrainingProgress& progress) {
  validate(options);
  if (options.augment) validate(*options.augment);
  if (sequences.size() < 2) {
    throw Error(ErrorKind::InvalidInput, "action classifier: " + std::to_string(sequences.size()) +
                                             " sequences: training needs at least 2");
  }
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->options.checkpoint = nullptr;  // the model keeps no caller's callback
  impl->layout = sequences.front().layout;
  std::set<std::string> labels;
  std::vector<PoseSequence> data;
  data.reserve(sequences.size());
  for (const PoseSequence& s : sequences) {
    if (s.label.empty())
      throw Error(ErrorKind::InvalidInput, Place{.source = s.id, .field = "label"}, "is empty");
    if (s.layout != impl->layout) {
      throw Error(ErrorKind::InvalidInput, Place{.source = s.id, .field = "layout"},
                  std::string(vision::layout_info(s.layout).name) + " differs from the first " +
                      "sequence's " + std::string(vision::layout_info(impl->layout).name));
    }
    if (s.frames < kClassifierMinFrames) {
      throw Error(ErrorKind::InvalidInput, Place{.source = s.id, .field = "frames"},
                  std::to_string(s.frames) + " frames: a sequence to learn from needs at least " +
                      std::to_string(kClassifierMinFrames));
    }
    labels.insert(s.label);
    data.push_back(normalize(s, options.normalize));
  }
  if (labels.size() < 2) {
    throw Error(ErrorKind::InvalidInput, "action classifier: every sequence is labelled '" +
                                             *labels.begin() +
                                             "': training needs at least 2 classes");
  }
  impl->classes.assign(labels.begin(), labels.end());
  std::mt19937_64 rng = learn::seed_training(options.seed, options.threads);
  impl->build();

  const std::vector<std::size_t> held = validation_rows(data, options.validation_fraction, rng);
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < data.size(); ++i)
    if (!std::binary_search(held.begin(), held.end(), i)) kept.push_back(i);
  const auto label_of = [&](std::size_t i) {
    return static_cast<std::int64_t>(
        std::lower_bound(impl->classes.begin(), impl->classes.end(), data[i].label) -
        impl->classes.begin());
  };
  // Every sequence's network input once; epochs take their batches from it (augmented epochs
  // build their training inputs afresh, validation always comes from here).
  std::vector<const PoseSequence*> everything;
  std::vector<std::int64_t> label_index;
  for (std::size_t i = 0; i < data.size(); ++i) {
    everything.push_back(&data[i]);
    label_index.push_back(label_of(i));
  }
  const torch::Tensor all_x = impl->input(everything);
  const torch::Tensor all_y = torch::tensor(label_index, torch::kLong);
  const auto rows_tensor = [](std::span<const std::size_t> rows) {
    return torch::tensor(std::vector<std::int64_t>(rows.begin(), rows.end()), torch::kLong);
  };
  const torch::Tensor val_x = all_x.index_select(0, rows_tensor(held));
  const torch::Tensor val_y = all_y.index_select(0, rows_tensor(held));
  std::vector<std::string> kept_labels;
  for (std::size_t i : kept)
    kept_labels.push_back(data[i].label);

  nlohmann::json per_class = nlohmann::json::object();
  for (const PoseSequence& s : data)
    per_class[s.label] = per_class.value(s.label, 0) + 1;
  const double trained_utc_s = options.trained_utc_s.value_or(
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count());
  learn::EarlyStopping stop(options.patience);
  // Each class's mean embedding under the current weights (few_shot.hpp), from every sequence.
  const auto class_prototypes = [&] {
    torch::NoGradGuard no_grad;
    const torch::Tensor e = impl->embed(all_x).contiguous();
    std::vector<Prototype> out;
    for (std::size_t c = 0; c < impl->classes.size(); ++c) {
      std::vector<std::vector<float>> members;
      for (std::size_t i = 0; i < data.size(); ++i) {
        if (label_index[i] != static_cast<std::int64_t>(c)) continue;
        const torch::Tensor row = e[static_cast<std::int64_t>(i)];
        members.emplace_back(row.data_ptr<float>(), row.data_ptr<float>() + row.numel());
      }
      out.push_back(make_prototype(impl->classes[c], members));
    }
    return prototypes_json(out);
  };
  const auto card_now = [&] {
    return nlohmann::json{{"kind", kKind},
                          {"classes", impl->classes},
                          {"layout", vision::layout_info(impl->layout).name},
                          {"options", classifier_options_json(options)},
                          {"data",
                           {{"sequences", data.size()},
                            {"per_class", per_class},
                            {"training", kept.size()},
                            {"validation", held.size()}}},
                          {"validation_accuracy", stop.curve()},
                          {"best_epoch", stop.best_epoch()},
                          {"trained_utc", iso_from_day(day_of_utc(trained_utc_s))},
                          {"prototypes", class_prototypes()}};
  };

  torch::optim::Adam adam =
      learn::make_adam(impl->parameters(), options.learning_rate, options.weight_decay);
  learn::BestWeights best_joints, best_bones;
  for (int epoch = 0; epoch < options.max_epochs; ++epoch) {
    const auto epoch_index = static_cast<std::uint64_t>(epoch);
    // This epoch's training rows: `kept` reshuffled, or a balanced plan over it.
    std::vector<std::size_t> order;
    if (options.balance) {
      for (std::size_t n : oversample_plan(kept_labels, Rng(options.seed, epoch_index).next()))
        order.push_back(kept[n]);
    } else {
      std::shuffle(kept.begin(), kept.end(), rng);
      order = kept;
    }
    torch::Tensor epoch_x, epoch_y;
    if (options.augment) {
      // One seed per place in the epoch's order: a sequence drawn twice (balancing) gets two.
      std::vector<torch::Tensor> items;
      items.reserve(order.size());
      std::vector<std::int64_t> ys;
      const std::uint64_t epoch_seed =
          Rng(options.seed ^ kClassifierAugmentSalt, epoch_index).next();
      for (std::size_t n = 0; n < order.size(); ++n) {
        const std::size_t row = order[n];
        const std::uint64_t seed = Rng(epoch_seed, n).next();
        items.push_back(joint_input(augment(data[row], *options.augment, seed), options.frames));
        ys.push_back(label_index[row]);
      }
      epoch_x = torch::stack(items);
      epoch_y = torch::tensor(ys, torch::kLong);
    } else {
      const torch::Tensor at = rows_tensor(order);
      epoch_x = all_x.index_select(0, at);
      epoch_y = all_y.index_select(0, at);
    }
    impl->train_mode(true);
    double loss_sum = 0;
    std::size_t batches = 0;
    const auto n = static_cast<std::int64_t>(order.size());
    for (std::int64_t b = 0; b < n; b += options.batch) {
      const std::int64_t end = std::min(n, b + options.batch);
      if (end - b < 2) continue;  // batch norm needs two samples
      adam.zero_grad();
      torch::Tensor loss = torch::nn::functional::cross_entropy(
          impl->logits(epoch_x.slice(0, b, end)), epoch_y.slice(0, b, end));
      loss.backward();
      adam.step();
      loss_sum += loss.item<double>();
      ++batches;
    }
    impl->train_mode(false);
    double accuracy = 0;
    {
      torch::NoGradGuard no_grad;
      accuracy = impl->logits(val_x).argmax(1).eq(val_y).to(torch::kDouble).mean().item<double>();
    }
    const auto verdict = stop.record(epoch, accuracy);
    if (verdict == learn::EarlyStopping::Verdict::Best) {
      best_joints.keep(*impl->joints);
      if (impl->bones) best_bones.keep(*impl->bones);
      if (options.checkpoint) {
        impl->card = card_now();
        options.checkpoint(pack_classifier(*impl), epoch);
      }
    }
    if (progress) progress(epoch, options.max_epochs, batches ? loss_sum / batches : 0, accuracy);
    if (verdict == learn::EarlyStopping::Verdict::Stop) break;
  }
  best_joints.restore(*impl->joints);
  if (impl->bones) best_bones.restore(*impl->bones);
  impl->train_mode(false);
  impl->card = card_now();
  return ActionClassifier(std::move(impl));
}

std::string ActionClassifier::save() const {
  return pack_classifier(*impl_);
}

const std::vector<std::string>& ActionClassifier::classes() const {
  return impl_->classes;
}
vision::Layout ActionClassifier::layout() const {
  return impl_->layout;
}
const nlohmann::json& ActionClassifier::card() const {
  return impl_->card;
}

std::vector<double> ActionClassifier::probabilities(const PoseSequence& sequence) const {
  torch::NoGradGuard no_grad;
  // In double, so that the probabilities sum to 1 to the last digit a caller prints.
  const torch::Tensor p =
      torch::softmax(impl_->logits(impl_->one(sequence)).to(torch::kDouble), 1)[0].contiguous();
  return {p.data_ptr<double>(), p.data_ptr<double>() + p.numel()};
}

std::vector<float> ActionClassifier::embedding(const PoseSequence& sequence) const {
  torch::NoGradGuard no_grad;
  const torch::Tensor e = impl_->embed(impl_->one(sequence))[0].contiguous();
  return {e.data_ptr<float>(), e.data_ptr<float>() + e.numel()};
}

ActionClassifier ActionClassifier::load(std::string_view bytes) {
  learn::SavedModel m = learn::unpack_model(bytes, kKind);
  auto impl = std::make_unique<Impl>();
  const json::Where card("action model card");
  const nlohmann::json& o = json::member(m.card, card.key("options"));
  const json::Where wo = card.key("options");
  ClassifierOptions& opt = impl->options;
  const json::Where wc = wo.key("channels");
  const nlohmann::json& channels = json::array(json::member(o, wc), wc, 64);
  opt.channels.clear();
  for (std::size_t i = 0; i < channels.size(); ++i)
    opt.channels.push_back(json::integer_in(channels[i], wc.index(i), 1, 1024));
  opt.frames = json::integer_in(json::member(o, wo.key("frames")), wo.key("frames"), 4, 4096);
  opt.bones = json::boolean(json::member(o, wo.key("bones")), wo.key("bones"));
  opt.dropout = json::number(json::member(o, wo.key("dropout")), wo.key("dropout"));
  opt.normalize.rotation = static_cast<Rotation>(json::integer_in(
      json::member(o, wo.key("normalize_rotation")), wo.key("normalize_rotation"), 0, 3));
  opt.normalize.angle_rad =
      json::number(json::member(o, wo.key("normalize_angle_rad")), wo.key("normalize_angle_rad"));
  validate(opt);
  const std::string& layout =
      json::string_value(json::member(m.card, card.key("layout")), card.key("layout"));
  const std::optional<vision::Layout> named = vision::layout_named(layout);
  if (!named) card.key("layout").fail("'" + layout + "' is not a layout podium knows");
  impl->layout = *named;
  impl->classes = learn::strings_from_card(m.card, "classes");
  if (impl->classes.size() < 2) card.key("classes").fail("a classifier needs at least 2 classes");
  const std::size_t joint_bytes = static_cast<std::size_t>(json::integer_in(
      json::member(m.card, card.key("joint_stream_bytes")), card.key("joint_stream_bytes"), 1,
      static_cast<std::int64_t>(m.payload.size())));
  impl->build();
  learn::load_module(*impl->joints, m.payload.substr(0, joint_bytes), "action model joint stream");
  if (impl->bones) {
    learn::load_module(*impl->bones, m.payload.substr(joint_bytes), "action model bone stream");
  }
  impl->train_mode(false);
  impl->card = std::move(m.card);
  return ActionClassifier(std::move(impl));
}

}  // namespace podium::action
