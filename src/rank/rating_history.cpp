// TrueSkill replayed over a results table in date order, and the Ranker that scores a race's
// starters by their conservative rating before it (rating.hpp).
#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <utility>

#include "podium/core/error.hpp"
#include "podium/rank/rating.hpp"

namespace podium::rank {

namespace {

// One rated game: an event's ranked riders and the last day any of its rows was known.
struct RatingGame {
  std::int32_t event = 0;
  career::Day day = 0;
  std::vector<std::int32_t> athletes;
  std::vector<std::int32_t> ranks;
};

std::vector<RatingGame> rating_games(const career::ResultsTable& table) {
  std::vector<RatingGame> games(table.events.size());
  std::vector<bool> has_row(table.events.size(), false);
  for (std::size_t e = 0; e < games.size(); ++e)
    games[e].event = static_cast<std::int32_t>(e);
  for (std::size_t i = 0; i < table.results.size(); ++i) {
    const career::Result& r = table.results[i];
    if (r.event < 0 || static_cast<std::size_t>(r.event) >= table.events.size() || r.athlete < 0 ||
        static_cast<std::size_t>(r.athlete) >= table.athletes.size()) {
      throw Error(ErrorKind::InvalidInput, Place{.source = "results table", .record = i},
                  "indexes a missing event/athlete");
    }
    const auto e = static_cast<std::size_t>(r.event);
    RatingGame& g = games[e];
    // Every row counts for the day, so no row of a game is ever on or after the race it rates.
    g.day = has_row[e] ? std::max(g.day, r.day) : r.day;
    has_row[e] = true;
    if (!career::is_race_day(table.events[e], r)) continue;
    if (r.status != career::Status::Ranked || r.rank < 1) continue;
    g.athletes.push_back(r.athlete);
    g.ranks.push_back(r.rank);
  }
  std::vector<RatingGame> out;
  for (RatingGame& g : games) {
    // A rider with two rows keeps the better rank.
    std::vector<std::size_t> idx(g.athletes.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::sort(idx.begin(), idx.end(), [&g](std::size_t a, std::size_t b) {
      return std::pair(g.athletes[a], g.ranks[a]) < std::pair(g.athletes[b], g.ranks[b]);
    });
    RatingGame kept{.event = g.event, .day = g.day, .athletes = {}, .ranks = {}};
    for (const std::size_t i : idx) {
      if (!kept.athletes.empty() && kept.athletes.back() == g.athletes[i]) continue;
      kept.athletes.push_back(g.athletes[i]);
      kept.ranks.push_back(g.ranks[i]);
    }
    if (kept.athletes.size() >= 2) out.push_back(std::move(kept));
  }
  std::stable_sort(out.begin(), out.end(), [](const RatingGame& a, const RatingGame& b) {
    return a.day < b.day;  // ties keep event order
  });
  return out;
}

void check_rating_dataset(const career::ResultsTable& table, const RankDataset& data) {
  for (std::size_t q = 0; q < data.queries(); ++q) {
    const std::int32_t e = data.events[q];
    if (e < 0 || static_cast<std::size_t>(e) >= table.events.size()) {
      throw Error(
          ErrorKind::InvalidInput,
          Place{.source = "trueskill", .record = q, .field = "event", .value = std::to_string(e)},
          "not an event of the results table");
    }
  }
  for (std::size_t i = 0; i < data.rows(); ++i) {
    const std::int32_t a = data.athletes[i];
    if (a < 0 || static_cast<std::size_t>(a) >= table.athletes.size()) {
      throw Error(
          ErrorKind::InvalidInput,
          Place{.source = "trueskill", .record = i, .field = "athlete", .value = std::to_string(a)},
          "not an athlete of the results table");
    }
  }
}

}  // namespace

std::vector<float> trueskill_scores(const career::ResultsTable& table, const RankDataset& data,
                                    const TrueSkillOptions& options) {
  // Checks the options even when there is nothing to rate.
  (void)trueskill_update({}, {}, options);
  if (data.athletes.size() != data.rows() || data.events.size() != data.queries()) {
    throw Error(ErrorKind::InvalidInput,
                "trueskill: dataset without athletes/events per row/query");
  }
  check_rating_dataset(table, data);
  const std::vector<RatingGame> games = rating_games(table);

  std::vector<std::size_t> queries(data.queries());
  std::iota(queries.begin(), queries.end(), 0);
  const auto start = [&](std::size_t q) {
    return table.events[static_cast<std::size_t>(data.events[q])].start_day;
  };
  std::stable_sort(queries.begin(), queries.end(),
                   [&](std::size_t a, std::size_t b) { return start(a) < start(b); });

  std::vector<Rating> ratings(table.athletes.size(), Rating{options.mu, options.sigma});
  std::vector<Rating> players;
  std::vector<float> scores(data.rows(), 0.0F);
  std::size_t next = 0;
  for (const std::size_t q : queries) {
    const career::Day d = start(q);
    for (; next < games.size() && games[next].day < d; ++next) {
      const RatingGame& g = games[next];
      players.clear();
      for (const std::int32_t a : g.athletes)
        players.push_back(ratings[static_cast<std::size_t>(a)]);
      const std::vector<Rating> after = trueskill_update(players, g.ranks, options);
      for (std::size_t i = 0; i < g.athletes.size(); ++i)
        ratings[static_cast<std::size_t>(g.athletes[i])] = after[i];
    }
    for (std::size_t i = data.query_offsets[q]; i < data.query_offsets[q + 1]; ++i) {
      const Rating& r = ratings[static_cast<std::size_t>(data.athletes[i])];
      scores[i] = static_cast<float>(r.mu - options.k * r.sigma);
    }
  }
  return scores;
}

namespace {

class TrueSkillRanker final : public Ranker {
 public:
  TrueSkillRanker(const career::ResultsTable& table, const TrueSkillOptions& options)
      : table_(&table),
        options_(options),
        card_{{"kind", "rating"},
              {"rating", "trueskill"},
              {"update", "factor graph, expectation propagation (Herbrich et al. 2007)"},
              {"mu0", options.mu},
              {"sigma0", options.sigma},
              {"beta", options.beta},
              {"tau", options.tau},
              {"draw_probability", options.draw_probability},
              {"score", "mu - k * sigma"},
              {"k", options.k}} {
    (void)trueskill_update({}, {}, options_);
  }

  RankerKind kind() const override { return RankerKind::TrueSkill; }
  void train(const RankDataset&, const RankDataset*, const RankerTrainOptions&) override {
    refuse("needs no training");
  }
  void load(std::string_view, const std::vector<std::string>&) override {
    refuse("has no saved model");
  }
  std::vector<float> score(const RankDataset& data) const override {
    return trueskill_scores(*table_, data, options_);
  }
  ExplanationMethod explanation_method() const override { return ExplanationMethod::None; }
  RowExplanation explain(std::span<const float>) const override { unsupported(); }
  std::vector<double> importance(const RankDataset&) const override { unsupported(); }
  std::vector<float> attributions(const RankDataset&) const override { unsupported(); }
  std::string save() const override { refuse("has no saved model"); }
  const nlohmann::json& card() const override { return card_; }

 private:
  [[noreturn]] static void refuse(const char* what) {
    throw Error(ErrorKind::InvalidInput, std::string("trueskill: ") + what);
  }
  [[noreturn]] static void unsupported() {
    throw Error(ErrorKind::Unsupported,
                "trueskill: a rating is not built from features; nothing to explain");
  }

  const career::ResultsTable* table_;
  TrueSkillOptions options_;
  nlohmann::json card_;
};

}  // namespace

std::unique_ptr<Ranker> make_trueskill_ranker(const career::ResultsTable& table,
                                              const TrueSkillOptions& options) {
  return std::make_unique<TrueSkillRanker>(table, options);
}

}  // namespace podium::rank
