// The model manifest (models/manifest.json, compiled into podium) and the local model store in
// $PODIUM_HOME/models (default ~/.cache/podium/models).
//
// Contract: every file podium loads is pinned by sha256 in the manifest. resolve_model() returns
// the path of a model's model.json only after its files exist and hash to the pinned values;
// otherwise it throws Error(NotFound) or Error(Model) with the command that fixes it.
// fetch_models() obtains the npm tarball (`npm pack`, or a tarball given by path), checks the
// tarball and every file, and moves each file into place only when all are verified.
//
//   std::string json = nn::resolve_model("movenet-lightning");
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "podium/nn/preprocess.hpp"

namespace podium::nn {

struct ModelFile {
  std::string path;  // inside the npm package, e.g. "models/movenet-lightning.json"
  std::string sha256;
  std::int64_t bytes = 0;
};

struct ModelEntry {
  std::string name;
  std::string task;       // pose-single, pose-multi, pose-landmarks, person-detect, ...
  std::string keypoints;  // coco17, blazepose33, mpii16 or empty
  std::vector<ModelFile> files;
  InputPreset input;
  std::map<std::string, std::string> outputs;  // output name or key -> meaning
};

struct ModelManifest {
  std::string package;
  std::string version;
  std::string tarball_sha256;
  std::vector<ModelEntry> models;

  static const ModelManifest& builtin();
  static ModelManifest parse(std::string_view json, const std::string& source);
  const ModelEntry* find(std::string_view name) const;
  std::string names() const;  // "a, b, c" for messages
};

// $PODIUM_HOME/models (podium_home() in core/home.hpp).
std::string models_dir();

enum class ModelState { Ok, Missing, Altered };
struct ModelCheck {
  ModelState state = ModelState::Ok;
  std::string detail;  // which file, which sum
};
ModelCheck check_model(const ModelEntry& entry, const std::string& dir);

// Path of the model's model.json in `dir`, verified. Throws with the fix in the message.
std::string resolve_model(std::string_view name, const std::string& dir = models_dir());

struct FetchOptions {
  std::string dir = models_dir();
  std::string tarball;  // use this .tgz instead of running npm pack
  std::function<void(const std::string&)> log;
};
// Returns the number of files installed or replaced.
int fetch_models(const FetchOptions& options);

}  // namespace podium::nn
