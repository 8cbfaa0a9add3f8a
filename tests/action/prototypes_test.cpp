// Nearest-prototype arithmetic on hand-made embeddings: means, both metrics, the softmax, the
// JSON round trip and what is refused.
#include "podium/action/prototypes.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "podium/core/error.hpp"

namespace podium::action {
namespace {

TEST(Prototypes, MeanOfExamplesAndNearestByEitherMetric) {
  const std::vector<std::vector<float>> a = {{1, 0}, {3, 0}}, b = {{0, 1}, {0, 3}};
  const std::vector<Prototype> p = {make_prototype("a", a), make_prototype("b", b)};
  EXPECT_EQ(p[0].centre, (std::vector<float>{2, 0}));
  EXPECT_EQ(p[1].examples, 2u);
  const std::vector<float> e = {10, 1};  // far from both, pointing at a
  const std::vector<double> cosine = prototype_scores(p, e, Metric::Cosine);
  EXPECT_NEAR(cosine[0], 10 / std::sqrt(101.0), 1e-12);
  EXPECT_NEAR(cosine[1], 1 / std::sqrt(101.0), 1e-12);
  const std::vector<double> euclid =
      prototype_scores(p, std::vector<float>{0.5F, 1.5F}, Metric::Euclidean);
  EXPECT_NEAR(euclid[0], -std::sqrt(1.5 * 1.5 + 1.5 * 1.5), 1e-6);
  EXPECT_GT(euclid[1], euclid[0]) << "(0.5, 1.5) is nearer b's (0, 2)";
  // Cosine ignores length, Euclid does not: a long vector along a is a by cosine only.
  const std::vector<double> q =
      prototype_probabilities(p, std::vector<float>{0, 0}, Metric::Cosine, 0.1);
  EXPECT_NEAR(q[0], 0.5, 1e-12) << "a zero vector is equally far from every direction";
  const std::vector<double> r = prototype_probabilities(p, e, Metric::Cosine, 0.1);
  EXPECT_NEAR(r[0] + r[1], 1, 1e-12);
  EXPECT_NEAR(r[0] / r[1], std::exp((cosine[0] - cosine[1]) / 0.1), 1e-9);
}

TEST(Prototypes, CosineAboutAnOriginSpreadsPositiveFeatures) {
  // Two all-positive prototypes close in angle about 0, opposite about their mean.
  const std::vector<Prototype> p = {make_prototype("a", std::vector<std::vector<float>>{{3, 1}}),
                                    make_prototype("b", std::vector<std::vector<float>>{{1, 3}})};
  const std::vector<float> origin = mean_of_prototypes(p);
  EXPECT_EQ(origin, (std::vector<float>{2, 2}));
  const std::vector<float> e = {2.5F, 2};  // a little towards a
  const std::vector<double> about_0 = prototype_scores(p, e, Metric::Cosine);
  const std::vector<double> about_mean = prototype_scores(p, e, Metric::Cosine, origin);
  EXPECT_GT(about_0[1], 0.8) << "about 0 even b looks close";
  EXPECT_NEAR(about_mean[0], 1 / std::sqrt(2.0), 1e-6);  // (0.5, 0) against (1, -1)
  EXPECT_NEAR(about_mean[1], -1 / std::sqrt(2.0), 1e-6);
  const std::vector<double> euclid = prototype_scores(p, e, Metric::Euclidean);
  EXPECT_EQ(prototype_scores(p, e, Metric::Euclidean, origin), euclid);
  EXPECT_THROW(prototype_scores(p, e, Metric::Cosine, std::vector<float>{1, 2, 3}), Error);
}

TEST(Prototypes, RoundTripThroughJsonAndRefuseWhatIsBroken) {
  const std::vector<Prototype> p = {make_prototype("a", std::vector<std::vector<float>>{{0.1F, 2}}),
                                    make_prototype("b", std::vector<std::vector<float>>{{3, 4}})};
  const std::vector<Prototype> back =
      prototypes_from_json(nlohmann::json::parse(prototypes_json(p).dump()), json::Where("card"));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].centre, p[0].centre) << "floats must read back exactly";
  EXPECT_EQ(back[1].label, "b");

  EXPECT_THROW(make_prototype("a", std::vector<std::vector<float>>{}), Error);
  EXPECT_THROW(make_prototype("a", std::vector<std::vector<float>>{{1, 2}, {1}}), Error);
  EXPECT_THROW(make_prototype("", std::vector<std::vector<float>>{{1}}), Error);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(make_prototype("a", std::vector<std::vector<float>>{{nan}}), Error);
  std::vector<Prototype> twice = {p[0], p[0]};
  EXPECT_THROW(validate(twice), Error);
  EXPECT_THROW(prototype_scores(p, std::vector<float>{1, 2, 3}, Metric::Cosine), Error);
  EXPECT_THROW(prototype_probabilities(p, std::vector<float>{1, 2}, Metric::Cosine, 0), Error);
  EXPECT_THROW(metric_named("manhattan"), Error);
  nlohmann::json j = prototypes_json(p);
  j[1]["centre"] = {1, 2, 3};
  try {
    prototypes_from_json(j, json::Where("card").key("prototypes"));
    ADD_FAILURE() << "prototypes of two lengths";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Format);
    EXPECT_NE(std::string(e.what()).find("card"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace podium::action
