#include "classifier_card.hpp"

namespace podium::action {

namespace {

nlohmann::json classifier_augment_json(const std::optional<AugmentOptions>& a) {
  if (!a) return nullptr;
  return {{"pivot", a->pivot == Pivot::Origin ? "origin" : "sequence_centre"},
          {"mirror_probability", a->mirror_probability},
          {"rotate_probability", a->rotate_probability},
          {"max_rotation_deg", a->max_rotation_deg},
          {"scale_probability", a->scale_probability},
          {"min_scale", a->min_scale},
          {"max_scale", a->max_scale},
          {"shear_probability", a->shear_probability},
          {"max_shear", a->max_shear},
          {"time_warp_probability", a->time_warp_probability},
          {"max_time_warp", a->max_time_warp},
          {"crop_probability", a->crop_probability},
          {"min_crop_fraction", a->min_crop_fraction},
          {"jitter_probability", a->jitter_probability},
          {"jitter_std", a->jitter_std},
          {"dropout_probability", a->dropout_probability},
          {"dropout_rate", a->dropout_rate}};
}

}  // namespace

nlohmann::json classifier_options_json(const ClassifierOptions& o) {
  return {{"augment", classifier_augment_json(o.augment)},
          {"balance", o.balance},
          {"channels", o.channels},
          {"frames", o.frames},
          {"bones", o.bones},
          {"normalize_rotation", static_cast<int>(o.normalize.rotation)},
          {"normalize_angle_rad", o.normalize.angle_rad},
          {"max_epochs", o.max_epochs},
          {"patience", o.patience},
          {"batch", o.batch},
          {"learning_rate", o.learning_rate},
          {"weight_decay", o.weight_decay},
          {"dropout", o.dropout},
          {"validation_fraction", o.validation_fraction},
          {"seed", o.seed},
          {"threads", o.threads}};
}

}  // namespace podium::action
