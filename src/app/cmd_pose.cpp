// podium pose image: pose estimation on one photo, annotated image and/or JSON out.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/nn/model.hpp"
#include "podium/vision/image.hpp"
#include "podium/vision/pose.hpp"
#include "podium/vision/render.hpp"

namespace podium::app {
namespace {

struct PoseArgs {
  std::string image;
  std::string model = "movenet-thunder";
  std::string out;
  bool json = false;
  int threads = 1;
  double min_score = 0.2;
  double keypoint_score = 0.3;
};

nlohmann::json person_json(const vision::Person& p) {
  const vision::LayoutInfo& info = vision::layout_info(p.layout);
  nlohmann::json kps = nlohmann::json::array();
  for (std::size_t k = 0; k < p.keypoints.size(); ++k) {
    const auto& kp = p.keypoints[k];
    nlohmann::json j = {{"name", info.keypoints[k]}, {"x", kp.x}, {"y", kp.y}, {"score", kp.score}};
    if (p.layout == vision::Layout::BlazePose33) {
      j["z"] = kp.z;
      j["world"] = {p.world[k].x, p.world[k].y, p.world[k].z};
    }
    kps.push_back(std::move(j));
  }
  return {{"score", p.score},
          {"box", {p.box.x, p.box.y, p.box.width, p.box.height}},
          {"layout", info.name},
          {"keypoints", kps}};
}

void pose_image(const PoseArgs& a) {
  require_option(a.keypoint_score >= 0 && a.keypoint_score <= 1, "", "--keypoint-score",
                 a.keypoint_score, "must be within 0..1");
  if (!a.out.empty()) {
    const auto ext = std::filesystem::path(a.out).extension().string();
    if (ext != ".png" && ext != ".jpg" && ext != ".jpeg") {
      throw Error(ErrorKind::InvalidInput, a.out + ": --out must end in .png, .jpg or .jpeg");
    }
  }
  vision::PoseOptions options;
  options.threads = a.threads;
  options.model = vision::parse_pose_model(a.model);
  options.min_score = a.min_score;
  auto estimator = vision::PoseEstimator::create(options);  // validates options, loads models
  const cv::Mat rgb = vision::read_image_rgb(a.image);
  const auto t0 = std::chrono::steady_clock::now();
  const auto people = estimator.estimate(rgb);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (!a.out.empty()) {
    cv::Mat canvas = rgb.clone();
    vision::draw_people(canvas, people, a.keypoint_score);
    vision::write_image_rgb(a.out, canvas);
  }
  if (a.json) {
    nlohmann::json j = {{"image", {{"file", a.image}, {"width", rgb.cols}, {"height", rgb.rows}}},
                        {"model", a.model},
                        {"coordinates", "original image pixels, origin top-left, x right, y down"},
                        {"inference_ms", ms},
                        {"people", nlohmann::json::array()}};
    for (const auto& p : people)
      j["people"].push_back(person_json(p));
    std::printf("%s\n", j.dump(1).c_str());
    return;
  }
  std::printf("%s: %dx%d, %s, %zu %s in %.1f ms\n", a.image.c_str(), rgb.cols, rgb.rows,
              a.model.c_str(), people.size(), people.size() == 1 ? "person" : "people", ms);
  for (std::size_t i = 0; i < people.size(); ++i) {
    const auto& p = people[i];
    int visible = 0;
    for (const auto& k : p.keypoints)
      visible += k.score >= a.keypoint_score;
    std::printf("  #%zu score %.2f, box %.0f,%.0f %.0fx%.0f, %d/%zu keypoints >= %.2f\n", i + 1,
                p.score, p.box.x, p.box.y, p.box.width, p.box.height, visible, p.keypoints.size(),
                a.keypoint_score);
  }
  if (!a.out.empty()) std::printf("wrote %s\n", a.out.c_str());
}

}  // namespace

void add_pose_commands(CLI::App& group) {
  CLI::App* pose = &group;
  pose->require_subcommand(1);
  auto a = std::make_shared<PoseArgs>();
  auto* image = pose->add_subcommand("image", "Pose of the people in one photo");
  image->add_option("IMG", a->image, "Image file (PNG, JPEG, ...)")->required();
  image
      ->add_option("--model", a->model,
                   "movenet-thunder, movenet-lightning, movenet-multipose or blazepose")
      ->capture_default_str();
  image->add_option("--out", a->out, "Write the image with skeletons drawn (.png or .jpg)");
  image->add_flag("--json", a->json, "Print the result as JSON on stdout");
  image->add_option("--threads", a->threads, "Intra-op threads")->capture_default_str();
  image->add_option("--min-score", a->min_score, "Drop people scoring below this (0..1)")
      ->capture_default_str();
  image
      ->add_option("--keypoint-score", a->keypoint_score,
                   "Draw and count keypoints scoring at least this (0..1)")
      ->capture_default_str();
  image->callback([a] { pose_image(*a); });
}

}  // namespace podium::app
