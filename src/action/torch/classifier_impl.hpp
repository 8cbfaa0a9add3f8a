// The action classifier's state and its network plumbing (internal to podium_action_torch): what
// ActionClassifier's training, prediction and attribution (explain.cpp) share. Includes libtorch.
//
// Contract: after build() the streams exist with the options' sizes; input() is the joint stream
// [N, 3, frames, V] of already normalised sequences; one() normalises one sequence and checks its
// layout (Error(Model) naming it); logits() averages the two streams' logits.
//
//   const ActionClassifier::Impl& m = ...;
//   torch::Tensor x = m.one(sequence);            // [1, 3, frames, V]
//   torch::Tensor z = m.logits(x);                // [1, classes]
#pragma once

#include <span>
#include <string>
#include <vector>

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include "input.hpp"
#include "podium/action/classifier.hpp"
#include "podium/action/normalize.hpp"
#include "podium/core/error.hpp"
#include "stgcn.hpp"

namespace podium::action {

struct ActionClassifier::Impl {
  ClassifierOptions options;
  vision::Layout layout = vision::Layout::Coco17;
  std::vector<std::string> classes;
  std::vector<int> parents;  // the bone stream's
  StgcnNet joints{nullptr};
  StgcnNet bones{nullptr};  // null without the bone stream
  nlohmann::json card;

  void build() {
    const StgcnOptions net{.channels = options.channels,
                           .dropout = options.dropout,
                           .classes = static_cast<std::int64_t>(classes.size())};
    const torch::Tensor a = spatial_partitions(layout);
    joints = StgcnNet(net, a);
    if (options.bones) bones = StgcnNet(net, a);
    parents = skeleton_tree(layout).parent;
  }
  std::vector<torch::Tensor> parameters() const {
    std::vector<torch::Tensor> p = joints->parameters();
    if (bones) {
      const std::vector<torch::Tensor> b = bones->parameters();
      p.insert(p.end(), b.begin(), b.end());
    }
    return p;
  }
  void train_mode(bool on) {
    joints->train(on);
    if (bones) bones->train(on);
  }
  // [N, 3, T, V] joint stream of normalised sequences.
  torch::Tensor input(std::span<const PoseSequence* const> batch) const {
    std::vector<torch::Tensor> items;
    items.reserve(batch.size());
    for (const PoseSequence* s : batch)
      items.push_back(joint_input(*s, options.frames));
    return torch::stack(items);
  }
  torch::Tensor bone_stream(const torch::Tensor& x) const {
    std::vector<torch::Tensor> b;
    for (std::int64_t i = 0; i < x.size(0); ++i)
      b.push_back(bone_input(x[i], parents));
    return torch::stack(b);
  }
  torch::Tensor logits(const torch::Tensor& x) {
    torch::Tensor out = joints->forward(x);
    return bones ? (out + bones->forward(bone_stream(x))) / 2 : out;
  }
  torch::Tensor embed(const torch::Tensor& x) {
    torch::Tensor out = joints->embed(x);
    return bones ? torch::cat({out, bones->embed(bone_stream(x))}, 1) : out;
  }
  // The one normalised sequence's network input, after the layout check.
  torch::Tensor one(const PoseSequence& s) const {
    if (s.layout != layout) {
      throw Error(ErrorKind::Model, Place{.source = s.id, .field = "layout"},
                  std::string(vision::layout_info(s.layout).name) + ": the model reads " +
                      std::string(vision::layout_info(layout).name));
    }
    const PoseSequence n = normalize(s, options.normalize);
    const PoseSequence* batch[] = {&n};
    return input(batch);
  }
};

}  // namespace podium::action
