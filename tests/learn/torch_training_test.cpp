// The libtorch training helpers on a seeded toy problem whose best epoch is known to lie inside
// the run: a 1-D linear model trained on y = 3x but validated on y = 1.5x, so validation improves
// while the slope climbs towards 1.5 and worsens after. Early stopping must stop, keep-best must
// bring back the best epoch's weights, and a fixed seed must give the same run twice.
#include "podium/learn/torch/training.hpp"

#include <gtest/gtest.h>

#include "podium/learn/training.hpp"
#include "testkit/throws_error.hpp"

namespace podium::learn {
namespace {

using podium::testkit::ThrowsError;
using ::testing::HasSubstr;

struct ToyRun {
  std::vector<float> final_weights;  // after restoring the best epoch
  std::vector<float> last_weights;   // of the last epoch run
  int epochs = 0;
  EarlyStopping stopping{3};
  double restored_score = 0.0;  // validation score after restoring
};

std::vector<float> flat(const torch::nn::Module& m) {
  std::vector<float> out;
  for (const auto& p : m.parameters()) {
    const torch::Tensor c = p.detach().contiguous();
    out.insert(out.end(), c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
  }
  return out;
}

ToyRun train_toy(std::uint64_t seed) {
  std::mt19937_64 rng = seed_training(seed, 1);
  const torch::Tensor x = torch::linspace(-1.0, 1.0, 32).unsqueeze(1);
  const torch::Tensor y = 3.0 * x;
  const torch::Tensor vy = 1.5 * x;
  torch::nn::Linear net(1, 1);
  {
    torch::NoGradGuard no_grad;
    net->weight.fill_(0.0);  // start below both slopes; the bias stays seeded
  }
  torch::optim::Adam adam = make_adam(net->parameters(), 0.05, 0.0);
  const auto validate = [&] {
    torch::NoGradGuard no_grad;
    return -torch::mse_loss(net->forward(x), vy).item<double>();
  };
  ToyRun run;
  BestWeights best;
  std::vector<std::int64_t> order(32);
  std::iota(order.begin(), order.end(), 0);
  for (int epoch = 0; epoch < 500; ++epoch) {
    ++run.epochs;
    std::shuffle(order.begin(), order.end(), rng);
    for (std::int64_t b = 0; b < 32; b += 8) {
      const torch::Tensor idx = torch::from_blob(order.data() + b, {8}, torch::kInt64);
      const torch::Tensor loss =
          torch::mse_loss(net->forward(x.index_select(0, idx)), y.index_select(0, idx));
      adam.zero_grad();
      loss.backward();
      adam.step();
    }
    const EarlyStopping::Verdict v = run.stopping.record(epoch, validate());
    if (v == EarlyStopping::Verdict::Best) best.keep(*net);
    if (v == EarlyStopping::Verdict::Stop) break;
  }
  run.last_weights = flat(*net);
  best.restore(*net);
  run.final_weights = flat(*net);
  run.restored_score = validate();
  return run;
}

TEST(TorchTraining, EarlyStoppingStopsAndKeepBestRestoresTheBestEpoch) {
  const ToyRun run = train_toy(42);
  EXPECT_LT(run.epochs, 500) << "validation worsens once the slope passes 1.5";
  EXPECT_GT(run.stopping.best_epoch(), 0);
  EXPECT_EQ(run.stopping.best_epoch(), run.epochs - 1 - 3);
  EXPECT_EQ(run.restored_score, run.stopping.best_score());
  EXPECT_NE(run.final_weights, run.last_weights);
}

TEST(TorchTraining, FixedSeedGivesTheSameRun) {
  const ToyRun a = train_toy(42);
  const ToyRun b = train_toy(42);
  EXPECT_EQ(a.final_weights, b.final_weights);
  EXPECT_EQ(a.stopping.curve(), b.stopping.curve());
  const ToyRun c = train_toy(43);
  EXPECT_NE(a.final_weights, c.final_weights);
}

TEST(TorchTraining, SeedTrainingChecksThreads) {
  EXPECT_THAT(
      [] { seed_training(1, 0); },
      ThrowsError(ErrorKind::InvalidInput, HasSubstr("training threads = 0: must be 1..256")));
  EXPECT_THAT(
      [] { seed_training(1, 257); },
      ThrowsError(ErrorKind::InvalidInput, HasSubstr("training threads = 257: must be 1..256")));
}

}  // namespace
}  // namespace podium::learn
