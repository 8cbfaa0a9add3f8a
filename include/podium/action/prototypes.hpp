// Nearest-prototype classification on embeddings (few-shot learning): a class is the mean of its
// examples' embeddings, and an embedding belongs to the class whose prototype is nearest. Pure
// arithmetic on float vectors; few_shot.hpp feeds it the deep classifier's embeddings.
//
// Contract:
// - make_prototype: the element-wise mean of >= 1 embeddings of one length; a prototype keeps
//   its label and the number of examples behind it.
// - Metric::Cosine scores cos(e, p) in [-1, 1] (the angle only: a prototype from few examples
//   has the direction of the class better than its length); Metric::Euclidean scores -|e - p|.
//   Higher is nearer. A zero vector's cosine with anything is 0. Scores are measured about
//   `origin` when one is given (the embedding and every prototype minus it; empty: about 0):
//   pooled ReLU features are all positive, so about 0 every cosine is high and close to the
//   others, and about the mean embedding they spread (SimpleShot's centring, Wang et al. 2019).
//   Euclidean distances do not depend on it.
// - probabilities: softmax of score / temperature over the prototypes, in their order: a
//   confidence, not a calibrated probability. temperature > 0.
// - Every embedding and prototype must have the same length and finite values, labels must be
//   distinct and non-empty: else Error(InvalidInput) naming the label (or the prototype index).
//
//   std::vector<Prototype> p = {make_prototype("serve", serve_embeddings), ...};
//   std::vector<double> s = prototype_scores(p, embedding, Metric::Cosine);
//   card["prototypes"] = prototypes_json(p);
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "podium/core/json.hpp"

namespace podium::action {

enum class Metric { Cosine, Euclidean };

std::string_view metric_name(Metric metric);  // "cosine", "euclidean"
Metric metric_named(std::string_view name);   // Error(InvalidInput) for another name

struct Prototype {
  std::string label;
  std::vector<float> centre;
  std::size_t examples = 0;
};

Prototype make_prototype(const std::string& label, std::span<const std::vector<float>> embeddings);

// Checks the rules above for a set of prototypes (the loader's check too).
void validate(std::span<const Prototype> prototypes);

std::vector<double> prototype_scores(std::span<const Prototype> prototypes,
                                     std::span<const float> embedding, Metric metric,
                                     std::span<const float> origin = {});
std::vector<double> prototype_probabilities(std::span<const Prototype> prototypes,
                                            std::span<const float> embedding, Metric metric,
                                            double temperature, std::span<const float> origin = {});
// The mean of the prototypes' centres, each prototype once (an origin for the scores).
std::vector<float> mean_of_prototypes(std::span<const Prototype> prototypes);

// [{"label": "serve", "examples": 5, "centre": [...]}, ...]; floats print as the shortest text
// that reads back the same. prototypes_from_json checks the rules above and says where (`at`).
nlohmann::json prototypes_json(std::span<const Prototype> prototypes);
std::vector<Prototype> prototypes_from_json(const nlohmann::json& v, const json::Where& at);

}  // namespace podium::action
