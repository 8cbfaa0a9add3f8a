#include "podium/action/balance.hpp"

#include <algorithm>
#include <map>

#include "podium/core/error.hpp"
#include "podium/core/random.hpp"

namespace podium::action {
namespace {

// Example indices per class, classes in name order so the plan does not depend on input order
// of the classes' first appearances.
std::map<std::string, std::vector<std::size_t>> by_class(std::span<const std::string> labels) {
  std::map<std::string, std::vector<std::size_t>> classes;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i].empty()) {
      throw Error(ErrorKind::InvalidInput, Place{.field = "labels[" + std::to_string(i) + "]"},
                  "an example without a label cannot be balanced");
    }
    classes[labels[i]].push_back(i);
  }
  return classes;
}

// Fisher-Yates with core's Rng: std::shuffle's draws differ between standard libraries.
void shuffle(std::vector<std::size_t>& v, Rng& rng) {
  for (std::size_t i = v.size(); i > 1; --i)
    std::swap(v[i - 1], v[rng.below(i)]);
}

}  // namespace

std::vector<double> balanced_weights(std::span<const std::string> labels) {
  const auto classes = by_class(labels);
  std::vector<double> weights(labels.size());
  const auto n = static_cast<double>(labels.size());
  for (const auto& [name, members] : classes) {
    const double w =
        n / (static_cast<double>(classes.size()) * static_cast<double>(members.size()));
    for (std::size_t i : members)
      weights[i] = w;
  }
  return weights;
}

std::vector<std::size_t> oversample_plan(std::span<const std::string> labels, std::uint64_t seed) {
  const auto classes = by_class(labels);
  std::size_t largest = 0;
  for (const auto& entry : classes)
    largest = std::max(largest, entry.second.size());
  Rng rng(seed);
  std::vector<std::size_t> plan;
  plan.reserve(largest * classes.size());
  for (const auto& [name, members] : classes) {
    for (std::size_t r = 0; r < largest / members.size(); ++r)
      plan.insert(plan.end(), members.begin(), members.end());
    std::vector<std::size_t> rest = members;
    shuffle(rest, rng);
    plan.insert(plan.end(), rest.begin(),
                rest.begin() + static_cast<std::ptrdiff_t>(largest % members.size()));
  }
  shuffle(plan, rng);
  return plan;
}

}  // namespace podium::action
