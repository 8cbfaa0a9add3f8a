#include "podium/action/prototypes.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"

namespace podium::action {
namespace {

void check_embedding(std::span<const float> e, std::size_t length, const std::string& where) {
  if (e.size() != length) {
    throw Error(ErrorKind::InvalidInput, where + ": embedding of " + std::to_string(e.size()) +
                                             " values, expected " + std::to_string(length));
  }
  if (!std::all_of(e.begin(), e.end(), [](float v) { return std::isfinite(v); }))
    throw Error(ErrorKind::InvalidInput, where + ": embedding holds a non-finite value");
}

double prototype_score(std::span<const float> p, std::span<const float> e, Metric metric,
                       std::span<const float> origin) {
  double dot = 0, pp = 0, ee = 0, d2 = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double o = origin.empty() ? 0.0 : origin[i];
    const double a = p[i] - o, b = e[i] - o;
    dot += a * b;
    pp += a * a;
    ee += b * b;
    d2 += (a - b) * (a - b);
  }
  if (metric == Metric::Euclidean) return -std::sqrt(d2);
  return pp > 0 && ee > 0 ? dot / std::sqrt(pp * ee) : 0.0;
}

}  // namespace

std::string_view metric_name(Metric metric) {
  return metric == Metric::Cosine ? "cosine" : "euclidean";
}

Metric metric_named(std::string_view name) {
  if (name == "cosine") return Metric::Cosine;
  if (name == "euclidean") return Metric::Euclidean;
  reject_option("prototypes", "metric", std::string(name), "must be cosine or euclidean");
}

Prototype make_prototype(const std::string& label, std::span<const std::vector<float>> embeddings) {
  if (label.empty()) throw Error(ErrorKind::InvalidInput, "prototype: the label is empty");
  if (embeddings.empty())
    throw Error(ErrorKind::InvalidInput, "prototype '" + label + "': no examples");
  const std::size_t n = embeddings.front().size();
  if (n == 0) throw Error(ErrorKind::InvalidInput, "prototype '" + label + "': empty embedding");
  std::vector<double> sum(n, 0.0);
  for (const std::vector<float>& e : embeddings) {
    check_embedding(e, n, "prototype '" + label + "'");
    for (std::size_t i = 0; i < n; ++i)
      sum[i] += e[i];
  }
  Prototype p{.label = label, .centre = std::vector<float>(n), .examples = embeddings.size()};
  for (std::size_t i = 0; i < n; ++i)
    p.centre[i] = static_cast<float>(sum[i] / static_cast<double>(embeddings.size()));
  return p;
}

void validate(std::span<const Prototype> prototypes) {
  if (prototypes.empty()) throw Error(ErrorKind::InvalidInput, "prototypes: none");
  const std::size_t n = prototypes.front().centre.size();
  if (n == 0) throw Error(ErrorKind::InvalidInput, "prototypes: empty embedding");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < prototypes.size(); ++i) {
    const Prototype& p = prototypes[i];
    const std::string where = "prototype " + std::to_string(i);
    if (p.label.empty()) throw Error(ErrorKind::InvalidInput, where + ": the label is empty");
    if (!seen.insert(p.label).second) {
      throw Error(ErrorKind::InvalidInput,
                  std::string("prototype '").append(p.label).append("': twice"));
    }
    if (p.examples == 0)
      throw Error(ErrorKind::InvalidInput, "prototype '" + p.label + "': no examples");
    check_embedding(p.centre, n, "prototype '" + p.label + "'");
  }
}

std::vector<double> prototype_scores(std::span<const Prototype> prototypes,
                                     std::span<const float> embedding, Metric metric,
                                     std::span<const float> origin) {
  validate(prototypes);
  check_embedding(embedding, prototypes.front().centre.size(), "prototype scores");
  if (!origin.empty()) check_embedding(origin, embedding.size(), "prototype origin");
  std::vector<double> out;
  out.reserve(prototypes.size());
  for (const Prototype& p : prototypes)
    out.push_back(prototype_score(p.centre, embedding, metric, origin));
  return out;
}

std::vector<float> mean_of_prototypes(std::span<const Prototype> prototypes) {
  validate(prototypes);
  std::vector<double> sum(prototypes.front().centre.size(), 0.0);
  for (const Prototype& p : prototypes)
    for (std::size_t i = 0; i < sum.size(); ++i)
      sum[i] += p.centre[i];
  std::vector<float> out(sum.size());
  for (std::size_t i = 0; i < sum.size(); ++i)
    out[i] = static_cast<float>(sum[i] / static_cast<double>(prototypes.size()));
  return out;
}

std::vector<double> prototype_probabilities(std::span<const Prototype> prototypes,
                                            std::span<const float> embedding, Metric metric,
                                            double temperature, std::span<const float> origin) {
  require_option(temperature > 0 && std::isfinite(temperature), "prototypes", "temperature",
                 temperature, "must be finite and > 0");
  std::vector<double> p = prototype_scores(prototypes, embedding, metric, origin);
  const double top = *std::max_element(p.begin(), p.end());
  double sum = 0;
  for (double& v : p) {
    v = std::exp((v - top) / temperature);
    sum += v;
  }
  for (double& v : p)
    v /= sum;
  return p;
}

nlohmann::json prototypes_json(std::span<const Prototype> prototypes) {
  nlohmann::json out = nlohmann::json::array();
  for (const Prototype& p : prototypes)
    out.push_back({{"label", p.label}, {"examples", p.examples}, {"centre", p.centre}});
  return out;
}

std::vector<Prototype> prototypes_from_json(const nlohmann::json& v, const json::Where& at) {
  constexpr std::size_t kMaxClasses = 4096, kMaxEmbedding = 1 << 16, kMaxExamples = 1 << 30;
  const nlohmann::json& list = json::array(v, at, kMaxClasses);
  std::vector<Prototype> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json::Where w = at.index(i);
    Prototype p;
    p.label = json::string_value(json::member(list[i], w.key("label")), w.key("label"));
    p.examples = static_cast<std::size_t>(
        json::integer_in(json::member(list[i], w.key("examples")), w.key("examples"), 1,
                         static_cast<std::int64_t>(kMaxExamples)));
    const json::Where wc = w.key("centre");
    const nlohmann::json& centre = json::array(json::member(list[i], wc), wc, kMaxEmbedding);
    for (std::size_t k = 0; k < centre.size(); ++k)
      p.centre.push_back(static_cast<float>(json::number(centre[k], wc.index(k))));
    out.push_back(std::move(p));
  }
  try {
    validate(out);
  } catch (const Error& e) {
    throw Error(ErrorKind::Format, at.place(), e.what());
  }
  return out;
}

}  // namespace podium::action
