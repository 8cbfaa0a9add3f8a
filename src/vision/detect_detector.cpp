// PersonDetector: letterbox each tile, run the model, decode, merge, filter.
#include <algorithm>
#include <optional>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/core/threads.hpp"
#include "podium/nn/model.hpp"
#include "podium/nn/model_store.hpp"
#include "podium/nn/preprocess.hpp"
#include "podium/vision/detect.hpp"

namespace podium::vision {
namespace {

constexpr int kDetectorMaxTiles = 8;

std::size_t detector_output(const nn::Model& m, const std::string& path, std::string_view name) {
  const auto& outs = m.outputs();
  for (std::size_t i = 0; i < outs.size(); ++i) {
    if (outs[i].name == name || outs[i].key == name) return i;
  }
  throw Error(ErrorKind::Model,
              std::string(path).append(": model has no output '").append(name).append("'"));
}

}  // namespace

struct PersonDetector::Impl {
  DetectorOptions options;
  std::optional<nn::Model> model;
  nn::InputPreset preset;
  std::vector<std::size_t> outputs;  // NanoDet: Identity..Identity_5; CenterNet: detections

  std::vector<Detection> run(const cv::Mat& model_rgb, const Letterbox& mapping) {
    PODIUM_ASSERT(model_rgb.isContinuous() && model_rgb.type() == CV_8UC3);
    const auto out = model->run(
        {nn::make_input(model_rgb.data, model_rgb.rows, model_rgb.cols, model_rgb.step, preset)});
    std::vector<Detection> found;
    if (options.model == DetectorModel::CenterNet) {
      found = decode_centernet(out.at(outputs[0]), mapping, options.min_score);
    } else {
      found = decode_nanodet({out.at(outputs[0]), out.at(outputs[1]), out.at(outputs[2]),
                              out.at(outputs[3]), out.at(outputs[4]), out.at(outputs[5])},
                             mapping, options.min_score);
    }
    return non_max_suppression(std::move(found), options.nms_iou);
  }

  // A tile square is letterboxed like the whole frame: a stretch to the model square was
  // measured worse (docs/models.md).
  std::vector<Detection> tile(const cv::Mat& rgb, const DetectorTile& t) {
    const int w = preset.width, h = preset.height;
    const Letterbox lb = t.whole ? Letterbox::fit(rgb.cols, rgb.rows, w, h)
                                 : Letterbox::crop(rgb.cols, rgb.rows, t.x0, t.y0, t.side, w, h);
    return run(lb.apply(rgb), lb);
  }
};

PersonDetector PersonDetector::create(const DetectorOptions& o) {
  const char* owner = "person detector";
  require_option(o.min_score >= 0 && o.min_score <= 1, owner, "min_score", o.min_score,
                 "must be within 0..1");
  require_option(o.nms_iou > 0 && o.nms_iou <= 1, owner, "nms_iou", o.nms_iou,
                 "must be within (0, 1]");
  require_option(o.tiles >= 0 && o.tiles <= kDetectorMaxTiles, owner, "tiles", o.tiles,
                 "must be 0 (auto), 1 (none) or 2..8");
  require_option(o.min_box_height_px >= 0, owner, "min_box_height_px", o.min_box_height_px,
                 "must be >= 0");
  if (!(o.region.width >= 0 && o.region.height >= 0)) {
    reject_option(owner, "region",
                  number_text(o.region.width).append("x").append(number_text(o.region.height)),
                  "sides must be >= 0");
  }
  nn::set_threads(checked_threads(o.threads));
  auto impl = std::make_unique<Impl>();
  impl->options = o;
  const std::string dir = o.models_dir.empty() ? nn::models_dir() : o.models_dir;
  const char* name = detector_model_name(o.model);
  const nn::ModelEntry* entry = nn::ModelManifest::builtin().find(name);
  PODIUM_ASSERT(entry != nullptr);
  const std::string path = nn::resolve_model(name, dir);
  impl->model = nn::Model::load(path);
  impl->preset = entry->input;
  if (o.model == DetectorModel::CenterNet) {
    impl->outputs = {detector_output(*impl->model, path, "tower_0/detections")};
  } else {
    for (const char* out :
         {"Identity", "Identity_1", "Identity_2", "Identity_3", "Identity_4", "Identity_5"}) {
      impl->outputs.push_back(detector_output(*impl->model, path, out));
    }
  }
  return PersonDetector(std::move(impl));
}

std::vector<Detection> PersonDetector::detect(const cv::Mat& rgb) {
  if (rgb.empty() || rgb.type() != CV_8UC3) {
    throw Error(ErrorKind::InvalidInput, "person detector: expected a non-empty 8-bit RGB image");
  }
  const DetectorOptions& o = impl_->options;
  const std::vector<DetectorTile> tiles = detector_tiles(rgb.cols, rgb.rows, model_side(), o.tiles);
  std::vector<std::vector<Detection>> found;
  for (const DetectorTile& t : tiles) {
    std::vector<Detection> persons = impl_->tile(rgb, t);
    std::erase_if(persons, [](const Detection& d) { return d.label != kCocoPersonClass; });
    found.push_back(std::move(persons));
  }
  std::vector<Detection> merged =
      merge_tile_detections(found, tiles, rgb.cols, rgb.rows, o.nms_iou);
  const Box& r = o.region;
  std::erase_if(merged, [&](const Detection& d) {
    const double cx = d.box.x + d.box.width / 2, cy = d.box.y + d.box.height / 2;
    const bool outside =
        !r.empty() && (cx < r.x || cy < r.y || cx >= r.x + r.width || cy >= r.y + r.height);
    return outside || d.box.height < o.min_box_height_px;
  });
  return merged;
}

std::vector<Detection> PersonDetector::detect_tile(const cv::Mat& rgb, const DetectorTile& tile) {
  if (rgb.empty() || rgb.type() != CV_8UC3) {
    throw Error(ErrorKind::InvalidInput, "person detector: expected a non-empty 8-bit RGB image");
  }
  return impl_->tile(rgb, tile);
}

PersonDetector::PersonDetector(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PersonDetector::~PersonDetector() = default;
PersonDetector::PersonDetector(PersonDetector&&) noexcept = default;
PersonDetector& PersonDetector::operator=(PersonDetector&&) noexcept = default;
const DetectorOptions& PersonDetector::options() const {
  return impl_->options;
}
int PersonDetector::model_side() const {
  return impl_->preset.width;
}

}  // namespace podium::vision
