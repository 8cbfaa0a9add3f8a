// Repetition counting on the 32 Countix-Fitness pose sequences of the shared data (BlazePose-33,
// min-max normalised per frame, fps unknown): MAE = mean |pred - gt| / gt and OBO = share with
// |pred - gt| <= 1, per class and overall, printed and held at what docs/actions.md reports. The
// sequences and counts come through the set's importer (action/datasets.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "action/count_score.hpp"
#include "podium/action/count.hpp"
#include "podium/action/datasets.hpp"
#include "testkit/shared_data.hpp"

namespace podium::action {
namespace {

namespace fs = std::filesystem;

fs::path countix_dir() {
  return testkit::shared_data("actions/countix_fitness_pose");
}

TEST(CountixFitness, MaeAndObo) {
  const fs::path dir = countix_dir();
  if (!fs::is_regular_file(dir / "index.csv")) {
    GTEST_SKIP() << dir.string()
                 << "/index.csv not found (set PODIUM_SHARED_DATA to the shared data folder)";
  }
  const ImportedSet set = import_countix_fitness(dir.string());
  std::map<std::string, testing::CountScore> by_class;
  testing::CountScore all;
  for (std::size_t i = 0; i < set.sequences.size(); ++i) {
    const PoseSequence& s = set.sequences[i];
    const RepCount c = count_repetitions(s);
    const auto truth = static_cast<std::size_t>(set.repetitions.at(i));
    std::printf("%-32s %-15s gt %2zu pred %2zu period %5.1f periodicity %.2f\n", s.id.c_str(),
                s.label.c_str(), truth, c.count, c.period_frames, c.periodicity);
    by_class[s.label].add(c.count, truth);
    all.add(c.count, truth);
  }
  for (const auto& [label, score] : by_class)
    std::printf("%-15s MAE %.4f OBO %.4f (%zu videos)\n", label.c_str(), score.mae(), score.obo(),
                score.clips);
  std::printf("%-15s MAE %.4f OBO %.4f (%zu videos)\n", "all", all.mae(), all.obo(), all.clips);
  EXPECT_EQ(all.clips, 32U);
  // What docs/actions.md reports (MAE 0.1228, OBO 25/32): a change of the method must not lose it.
  EXPECT_LE(all.mae(), 0.123);
  EXPECT_GE(all.off_by_one, 25U);
}

}  // namespace
}  // namespace podium::action
