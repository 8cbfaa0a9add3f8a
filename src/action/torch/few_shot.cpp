#include "podium/action/few_shot.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "podium/core/error.hpp"
#include "podium/core/json.hpp"
#include "podium/core/option.hpp"
#include "podium/learn/model_container.hpp"

namespace podium::action {
namespace {

constexpr const char* kFewShotKind = "stgcn-action-prototypes";

void validate_few_shot(const FewShotOptions& o) {
  require_option(o.temperature > 0 && std::isfinite(o.temperature), "few-shot", "temperature",
                 o.temperature, "must be finite and > 0");
}

std::vector<Prototype> base_prototypes(const ActionClassifier& base) {
  const nlohmann::json* p = json::optional_member(base.card(), "prototypes");
  if (p == nullptr) {
    throw Error(ErrorKind::Model,
                "few-shot: the base model keeps no class prototypes (trained before podium kept "
                "them): train it again with `podium actions train`");
  }
  return prototypes_from_json(*p, json::Where("action model card").key("prototypes"));
}

}  // namespace

FewShotClassifier::FewShotClassifier(ActionClassifier base, std::vector<Prototype> prototypes,
                                     FewShotOptions options, nlohmann::json card)
    : base_(std::move(base)),
      prototypes_(std::move(prototypes)),
      options_(options),
      card_(std::move(card)) {
  for (const Prototype& p : prototypes_)
    classes_.push_back(p.label);
  if (options_.centre) {
    std::vector<Prototype> known;
    for (const Prototype& p : prototypes_) {
      const std::vector<std::string>& base_classes = base_.classes();
      if (std::find(base_classes.begin(), base_classes.end(), p.label) != base_classes.end())
        known.push_back(p);
    }
    origin_ = mean_of_prototypes(known);
  }
}

FewShotClassifier FewShotClassifier::extend(ActionClassifier base,
                                            std::span<const PoseSequence> examples,
                                            const FewShotOptions& options) {
  validate_few_shot(options);
  std::vector<Prototype> prototypes = base_prototypes(base);
  const std::vector<std::string>& known = base.classes();
  if (examples.empty()) throw Error(ErrorKind::InvalidInput, "few-shot: no examples");
  std::map<std::string, std::vector<std::vector<float>>> added;
  for (const PoseSequence& s : examples) {
    if (s.label.empty())
      throw Error(ErrorKind::InvalidInput, Place{.source = s.id, .field = "label"}, "is empty");
    if (std::find(known.begin(), known.end(), s.label) != known.end()) {
      throw Error(ErrorKind::InvalidInput, Place{.source = s.id, .field = "label"},
                  "'" + s.label + "' is a class of the base model already");
    }
    if (s.layout != base.layout()) {
      throw Error(ErrorKind::InvalidInput, Place{.source = s.id, .field = "layout"},
                  std::string(vision::layout_info(s.layout).name) + ": the base model reads " +
                      std::string(vision::layout_info(base.layout()).name));
    }
    added[s.label].push_back(base.embedding(s));
  }
  nlohmann::json counts = nlohmann::json::object();
  for (const auto& [label, embeddings] : added) {
    prototypes.push_back(make_prototype(label, embeddings));
    counts[label] = embeddings.size();
  }
  validate(prototypes);
  nlohmann::json card = {{"kind", kFewShotKind},     {"base_classes", known},
                         {"added", counts},          {"metric", metric_name(options.metric)},
                         {"centre", options.centre}, {"temperature", options.temperature}};
  return FewShotClassifier(std::move(base), std::move(prototypes), options, std::move(card));
}

std::string FewShotClassifier::save() const {
  nlohmann::json card = card_;
  card["prototypes"] = prototypes_json(prototypes_);
  return learn::pack_model(card, base_.save());
}

FewShotClassifier FewShotClassifier::load(std::string_view bytes) {
  learn::SavedModel m = learn::unpack_model(bytes, kFewShotKind);
  const json::Where card("few-shot model card");
  FewShotOptions o;
  o.metric = metric_named(
      json::string_value(json::member(m.card, card.key("metric")), card.key("metric")));
  o.centre = json::boolean(json::member(m.card, card.key("centre")), card.key("centre"));
  o.temperature =
      json::number(json::member(m.card, card.key("temperature")), card.key("temperature"));
  if (!(o.temperature > 0)) card.key("temperature").fail("must be > 0");
  std::vector<Prototype> prototypes =
      prototypes_from_json(json::member(m.card, card.key("prototypes")), card.key("prototypes"));
  ActionClassifier base = ActionClassifier::load(m.payload);
  const std::size_t width = base.card()["options"]["channels"].back().get<std::size_t>() *
                            (base.card()["options"]["bones"].get<bool>() ? 2 : 1);
  if (prototypes.front().centre.size() != width) {
    card.key("prototypes")
        .fail(std::to_string(prototypes.front().centre.size()) +
              " values per prototype, the base model embeds in " + std::to_string(width));
  }
  m.card.erase("prototypes");
  return FewShotClassifier(std::move(base), std::move(prototypes), o, std::move(m.card));
}

bool FewShotClassifier::is_saved(std::string_view bytes) {
  try {
    learn::unpack_model(bytes, kFewShotKind);
    return true;
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::Model) return false;
    throw;
  }
}

const std::vector<std::string>& FewShotClassifier::classes() const {
  return classes_;
}

std::vector<double> FewShotClassifier::scores(const PoseSequence& sequence) const {
  return prototype_scores(prototypes_, base_.embedding(sequence), options_.metric, origin_);
}

std::vector<double> FewShotClassifier::probabilities(const PoseSequence& sequence) const {
  return prototype_probabilities(prototypes_, base_.embedding(sequence), options_.metric,
                                 options_.temperature, origin_);
}

}  // namespace podium::action
