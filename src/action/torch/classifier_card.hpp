// The options part of the action classifier's model card (classifier.hpp): every training
// option by name, the augmentation's parameters or null, so a card says how its model was made.
// load() reads back only what rebuilding the network needs.
//
//   card["options"] = classifier_options_json(options);
#pragma once

#include <nlohmann/json.hpp>

#include "podium/action/classifier.hpp"

namespace podium::action {

nlohmann::json classifier_options_json(const ClassifierOptions& options);

}  // namespace podium::action
