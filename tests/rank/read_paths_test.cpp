// One input, one table: a PCS folder read directly and the same results imported into a store and
// loaded back give the same ResultsTable index for index (career::sort_table), so the rank datasets
// built on either are the same rows, features, labels and held-back races. Before one order the
// reader kept first appearance and the store sorted by day and name: the real data's 2019
// training set held back 360 other races of the 3,575 (same-day races in another order; 75,736 fit
// rows read directly against 75,097 from the store), and the 2010 Paris-Tours rows took their last
// edition from the 2009 elite race read directly but from the under-23 race of the same day (same
// race_key) from the store. The file made here has both patterns: six same-day races written in
// non-alphabetical order and two same-day editions of one race key, the under-23 one first; and a
// race name spelled with two spaces before its class, one event to the store's natural key and so
// now to the reader too (it made two).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "app/results_store.hpp"
#include "podium/career/results_csv.hpp"
#include "podium/rank/experiment.hpp"
#include "podium/rank/features.hpp"
#include "podium/store/store.hpp"
#include "store/test_db.hpp"

namespace {

using namespace podium;

// Six 1.1 races on 10 June 2018, written in this order (not alphabetical); race k has 3 + k
// riders "rider-<letter><i>", the letters descending so first appearance is not id order either.
const std::vector<std::string>& read_paths_races() {
  static const std::vector<std::string> names = {"Zulu Classic", "Echo GP",   "Mike Trophy",
                                                 "Alpha Cup",    "Kilo Race", "Bravo Prize"};
  return names;
}

std::string read_paths_slug(std::size_t race, int i) {
  std::string slug = "rider-";
  slug.push_back(static_cast<char>('z' - static_cast<int>(race)));
  slug.append(std::to_string(i));
  return slug;
}

// The PCS layout (docs/formats.md): each rider's rows newest first. Alpha Cup's riders also rode
// the 2017 edition, run the same day as an under-23 race "Alpha-Cup (1.2U23)" of the same race_key
// that they rode too and that comes first in their files. rider-z0 also rode a stage race.
std::string read_paths_results() {
  std::string csv = "rider_slug,date,result_ranking,race_name,pcs_points,year\n";
  const auto row = [&csv](const std::string& slug, const std::string& date, const std::string& rank,
                          const std::string& race, const std::string& points, int year) {
    csv.append(slug).append(",").append(date).append(",").append(rank).append(",");
    csv.append(race).append(",").append(points).append(",").append(std::to_string(year));
    csv.append("\n");
  };
  for (std::size_t k = 0; k < read_paths_races().size(); ++k) {
    const int riders = 3 + static_cast<int>(k);
    for (int i = 0; i < riders; ++i) {
      const std::string slug = read_paths_slug(k, i);
      // One copy of Echo GP spelled with two spaces before its class: the same race to the store's
      // natural key (name and class apart), so to the reader as well.
      const std::string gap = k == 1 && i == 1 ? "  (" : " (";
      row(slug, "10.06", std::to_string(i + 1), read_paths_races()[k] + gap + "1.1)",
          std::to_string(60 / (i + 1)), 2018);
      if (read_paths_races()[k] == "Alpha Cup") {
        row(slug, "11.06", std::to_string(riders - i), "Alpha-Cup (1.2U23)", "5", 2017);
        row(slug, "11.06", std::to_string(i + 1), "Alpha Cup (1.HC)", std::to_string(80 / (i + 1)),
            2017);
      }
      if (slug == "rider-z0") {
        row(slug, "01.05 \xC2\xBB 03.05", "", "Tour Z (2.1)", "", 2018);
        row(slug, "", "2", "General classification", "20", 2018);
        row(slug, "03.05", "1", "Stage 2 - A \xE2\x80\xBA B", "10", 2018);
        row(slug, "01.05", "3", "Stage 1 - B \xE2\x80\xBA C", "5", 2018);
      }
    }
  }
  return csv;
}

constexpr const char* kReadPathsRiders =
    "name,DOB,link\n"
    "W Zero,1990-03-04,rider/rider-w0\n"
    "Z Zero,1992-07-01,rider/rider-z0\n"
    "U One,1995-11-30,rider/rider-u1\n";

void expect_same_table(const career::ResultsTable& a, const career::ResultsTable& b) {
  ASSERT_EQ(a.athletes.size(), b.athletes.size());
  for (std::size_t i = 0; i < a.athletes.size(); ++i) {
    EXPECT_EQ(a.athletes[i].id, b.athletes[i].id) << "athlete " << i;
    EXPECT_EQ(a.athletes[i].birth_day, b.athletes[i].birth_day) << a.athletes[i].id;
  }
  ASSERT_EQ(a.events.size(), b.events.size());
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    const career::Event& x = a.events[i];
    const career::Event& y = b.events[i];
    EXPECT_EQ(x.name, y.name) << "event " << i;
    EXPECT_EQ(x.event_class, y.event_class) << x.name;
    EXPECT_EQ(x.race_key, y.race_key) << x.name;
    EXPECT_EQ(x.kind, y.kind) << x.name;
    EXPECT_EQ(x.classification, y.classification) << x.name;
    EXPECT_EQ(x.time_trial, y.time_trial) << x.name;
    EXPECT_EQ(x.start_day, y.start_day) << x.name;
    EXPECT_EQ(x.end_day, y.end_day) << x.name;
    EXPECT_EQ(x.season, y.season) << x.name;
    EXPECT_EQ(x.parent, y.parent) << x.name;
  }
  ASSERT_EQ(a.results.size(), b.results.size());
  for (std::size_t i = 0; i < a.results.size(); ++i) {
    const career::Result& x = a.results[i];
    const career::Result& y = b.results[i];
    EXPECT_EQ(x.event, y.event) << "result " << i;
    EXPECT_EQ(x.athlete, y.athlete) << "result " << i;
    EXPECT_EQ(x.day, y.day) << "result " << i;
    EXPECT_EQ(x.status, y.status) << "result " << i;
    EXPECT_EQ(x.rank, y.rank) << "result " << i;
    EXPECT_EQ(x.points, y.points) << "result " << i;
  }
}

// Same queries (named, as the tables are compared separately), rows, labels and feature bits.
void expect_same_dataset(const rank::RankDataset& a, const career::ResultsTable& ta,
                         const rank::RankDataset& b, const career::ResultsTable& tb,
                         const char* what) {
  ASSERT_EQ(a.queries(), b.queries()) << what;
  for (std::size_t q = 0; q < a.queries(); ++q) {
    const career::Event& x = ta.events[static_cast<std::size_t>(a.events[q])];
    const career::Event& y = tb.events[static_cast<std::size_t>(b.events[q])];
    EXPECT_EQ(x.name + " " + x.event_class, y.name + " " + y.event_class) << what << " query " << q;
  }
  ASSERT_EQ(a.rows(), b.rows()) << what;
  ASSERT_EQ(a.x.size(), b.x.size()) << what;
  for (std::size_t i = 0; i < a.rows(); ++i) {
    EXPECT_EQ(ta.athletes[static_cast<std::size_t>(a.athletes[i])].id,
              tb.athletes[static_cast<std::size_t>(b.athletes[i])].id)
        << what << " row " << i;
  }
  EXPECT_EQ(a.labels, b.labels) << what;
  EXPECT_EQ(std::memcmp(a.x.data(), b.x.data(), a.x.size() * sizeof(float)), 0)
      << what << ": feature values differ";
}

TEST(ReadPaths, FileAndStoreGiveOneTableAndOneDataset) {
  const career::ResultsImport read = career::read_results_pcs(
      read_paths_results(), "pcs.csv", kReadPathsRiders, "riders.csv", {.strict = true});
  ASSERT_EQ(read.counts.bad_rows, 0);
  store::testkit::TempDir dir;
  store::Store db = store::Store::open(dir.path("results.db"));
  app::save_results(db, read.table, "pcs.csv");
  const career::ResultsTable loaded = app::load_results(db);
  expect_same_table(read.table, loaded);

  const rank::FeatureBuilder direct(read.table);
  const rank::FeatureBuilder stored(loaded);
  const rank::Experiment e{.year = 2019};
  const rank::TrainingSets a = rank::training_sets(direct, e, "pcs.csv");
  const rank::TrainingSets b = rank::training_sets(stored, e, "results.db");
  expect_same_dataset(a.fit, read.table, b.fit, loaded, "fit");
  expect_same_dataset(a.validation, read.table, b.validation, loaded, "validation");

  // What the one order is: the 2017 elite race, then the 2018 races by name; the fifth (Kilo
  // Race, 3 + 4 riders) is held back. (The last edition of Alpha Cup 2018 is now the later of the
  // two same-day 2017 editions in that order, the under-23 race, "Alpha Cup" sorting before
  // "Alpha-Cup": the same on both paths, but a tie the race key leaves open, docs/science.md.)
  ASSERT_EQ(a.validation.queries(), 1U);
  EXPECT_EQ(read.table.events[static_cast<std::size_t>(a.validation.events[0])].name, "Kilo Race");
  EXPECT_EQ(a.validation.rows(), 7U);
  EXPECT_EQ(a.fit.queries(), 6U);
  EXPECT_EQ(read.table.events.size(), 12U);  // 8 one-day races, a stage race, 2 stages, its GC
  for (std::size_t i = 1; i < read.table.athletes.size(); ++i)
    EXPECT_LT(read.table.athletes[i - 1].id, read.table.athletes[i].id);
}

}  // namespace
