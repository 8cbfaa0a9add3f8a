// Feature-group ablations on a seeded synthetic results table: the groups partition the 33
// columns, "--features -form,-history" parses (and bad specs are one-line errors), a removed
// group's columns are absent from the dataset and from a trained model's inputs, and the columns
// kept hold the same values as in the full dataset.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "podium/core/error.hpp"
#include "podium/rank/experiment.hpp"
#include "podium/rank/features.hpp"
#include "podium/rank/linear_ranker.hpp"
#include "podium/rank/races.hpp"
#include "rank/synthetic.hpp"

namespace podium::rank {
namespace {

bool has_prefix(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

TEST(FeatureGroups, PartitionTheColumns) {
  const std::vector<std::string> all = feature_names({});
  ASSERT_EQ(all.size(), 33U);
  EXPECT_EQ(feature_group_names(), (std::vector<std::string>{"age", "form", "points", "one_day",
                                                             "history", "type", "class"}));
  std::size_t total = 0;
  std::set<std::string> seen;
  for (const std::string& g : feature_group_names()) {
    // Everything but g off: that group's columns alone.
    std::string spec;
    for (const std::string& other : feature_group_names()) {
      if (other != g) spec.append(spec.empty() ? "-" : ",-").append(other);
    }
    const std::vector<std::string> cols = feature_names(parse_feature_groups(spec));
    ASSERT_FALSE(cols.empty()) << g;
    total += cols.size();
    seen.insert(cols.begin(), cols.end());
  }
  EXPECT_EQ(total, all.size());
  EXPECT_EQ(seen, std::set<std::string>(all.begin(), all.end()));
}

TEST(FeatureGroups, ParseNamesAndErrors) {
  const FeatureOptions o = parse_feature_groups("-form,-history");
  EXPECT_FALSE(o.form);
  EXPECT_FALSE(o.race_history);
  EXPECT_TRUE(o.age && o.points && o.one_day && o.type_shares && o.same_class);
  EXPECT_EQ(dropped_feature_groups(o), (std::vector<std::string>{"form", "history"}));
  EXPECT_TRUE(dropped_feature_groups(parse_feature_groups("")).empty());

  const std::vector<std::string> names = feature_names(o);
  for (const std::string& n : names) {
    EXPECT_FALSE(has_prefix(n, "race_")) << n;
    EXPECT_NE(n, "points_42d");
    EXPECT_NE(n, "trend_points_42d");
    EXPECT_NE(n, "days_since_last_race");
  }
  EXPECT_NE(std::find(names.begin(), names.end(), "points_365d"), names.end());
  const FeatureOptions back = feature_options_from_names(names);
  EXPECT_EQ(dropped_feature_groups(back), dropped_feature_groups(o));

  for (const char* bad : {"-speed", "form", "-form,,-age", "-form,", "-",
                          "-age,-form,-points,-one_day,-history,-type,-class"}) {
    try {
      parse_feature_groups(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::InvalidInput) << bad;
      const std::string what = e.what();
      EXPECT_EQ(what.find('\n'), std::string::npos) << what;
      EXPECT_NE(what.find("groups: age, form, points, one_day, history, type, class"),
                std::string::npos)
          << what;
    }
  }
  try {
    parse_feature_groups("-form,-speed");
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("unknown feature group \"speed\""), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(feature_options_from_names({"points_365d", "age_years"}), Error);
}

TEST(FeatureGroups, RemovedGroupsAreAbsentFromDatasetAndModel) {
  const career::ResultsTable table = test::synthetic_table(21, {.athletes = 60, .seasons = 6});
  const FeatureBuilder builder(table);
  Experiment full{.year = 2015, .train_from = 2010, .train_classes = RaceClassSet::All};
  Experiment ablated = full;
  ablated.features = parse_feature_groups("-form,-history");
  const TrainingSets a = training_sets(builder, full, "synthetic");
  const TrainingSets b = training_sets(builder, ablated, "synthetic");
  ASSERT_EQ(b.fit.feature_names, feature_names(ablated.features));
  ASSERT_EQ(a.fit.rows(), b.fit.rows());
  ASSERT_LT(b.fit.features(), a.fit.features());

  // The kept columns hold exactly the full dataset's values (NaN where it has NaN).
  for (std::size_t c = 0; c < b.fit.features(); ++c) {
    const auto it =
        std::find(a.fit.feature_names.begin(), a.fit.feature_names.end(), b.fit.feature_names[c]);
    ASSERT_NE(it, a.fit.feature_names.end());
    const auto ca = static_cast<std::size_t>(it - a.fit.feature_names.begin());
    for (std::size_t i = 0; i < a.fit.rows(); ++i) {
      const float va = a.fit.row(i)[ca];
      const float vb = b.fit.row(i)[c];
      ASSERT_TRUE(va == vb || (std::isnan(va) && std::isnan(vb)))
          << b.fit.feature_names[c] << " row " << i;
    }
  }

  // Every model reads its inputs from the dataset's columns: the linear model's card and saved
  // bytes carry only the kept ones, and it refuses the full columns.
  const LinearRanker m = LinearRanker::train(b.fit);
  const std::vector<std::string> inputs = m.card()["feature_names"].get<std::vector<std::string>>();
  EXPECT_EQ(inputs, b.fit.feature_names);
  for (const std::string& n : inputs) {
    EXPECT_FALSE(has_prefix(n, "race_")) << n;
    EXPECT_NE(n, "points_42d");
  }
  EXPECT_THROW(LinearRanker::load(m.save(), a.fit.feature_names), Error);
  EXPECT_EQ(m.predict(test_dataset(builder, ablated)).size(),
            test_dataset(builder, ablated).rows());
}

}  // namespace
}  // namespace podium::rank
