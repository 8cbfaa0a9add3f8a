#include "podium/nn/model_store.hpp"

#include <unistd.h>

#include <filesystem>
#include <limits>

#include "podium/core/error.hpp"
#include "podium/core/home.hpp"
#include "podium/core/json.hpp"
#include "podium/core/limits.hpp"
#include "podium/core/process.hpp"
#include "podium/core/sha256.hpp"

namespace podium::nn {

extern const char* const kBuiltinManifestJson;

namespace {

namespace fs = std::filesystem;
using json::Json;
using json::Where;

std::string file_name(const std::string& package_path) {
  return fs::path(package_path).filename().string();
}

}  // namespace

ModelManifest ModelManifest::parse(std::string_view text, const std::string& source) {
  const Json root = json::parse(text, source, limits::kManifestBytes);
  const Where top(source);
  json::expect_object(root, top);
  const auto string_member = [](const Json& obj, const Where& w) -> const std::string& {
    return json::string_value(json::member(obj, w), w);
  };
  ModelManifest m;
  const Where wp = top.key("package");
  const Json& pkg = json::member(root, wp);
  m.package = string_member(pkg, wp.key("name"));
  m.version = string_member(pkg, wp.key("version"));
  m.tarball_sha256 = string_member(pkg, wp.key("tarball_sha256"));
  const Json& models = json::array_member(root, top.key("models"), limits::kManifestEntries);
  for (std::size_t i = 0; i < models.size(); ++i) {
    const Json& e = models[i];
    const Where we = top.key("models").index(i);
    ModelEntry entry;
    entry.name = string_member(e, we.key("name"));
    entry.task = string_member(e, we.key("task"));
    if (const Json* k = json::optional_member(e, "keypoints"))
      entry.keypoints = json::string_value(*k, we.key("keypoints"));
    const Json& files = json::array_member(e, we.key("files"), limits::kManifestEntries);
    for (std::size_t f = 0; f < files.size(); ++f) {
      const Where wf = we.key("files").index(f);
      const Json& bytes = json::member(files[f], wf.key("bytes"));
      entry.files.push_back(
          {string_member(files[f], wf.key("path")), string_member(files[f], wf.key("sha256")),
           json::integer_in(bytes, wf.key("bytes"), 0, std::numeric_limits<std::int64_t>::max())});
    }
    const Where wi = we.key("input");
    const Json& in = json::member(e, wi);
    const Json& size = json::number_array(json::member(in, wi.key("size")), wi.key("size"), 2);
    const auto side = [&](std::size_t k) {
      return static_cast<int>(
          json::integer_in(size[k], wi.key("size").index(k), 1, std::numeric_limits<int>::max()));
    };
    entry.input.height = side(0);
    entry.input.width = side(1);
    entry.input.dtype =
        string_member(in, wi.key("dtype")) == "int32" ? DType::Int32 : DType::Float32;
    try {
      entry.input.norm = parse_norm(string_member(in, wi.key("norm")));
      entry.input.layout = parse_layout(string_member(in, wi.key("layout")));
    } catch (const Error& bad) {
      wi.fail(bad.problem());
    }
    const Where wo = we.key("outputs");
    const Json& outputs = json::member(e, wo);
    json::expect_object(outputs, wo);
    for (const auto& [k, v] : outputs.items())
      entry.outputs[k] = json::string_value(v, wo.key(k));
    m.models.push_back(std::move(entry));
  }
  return m;
}

const ModelManifest& ModelManifest::builtin() {
  static const ModelManifest m = parse(kBuiltinManifestJson, "models/manifest.json");
  return m;
}

const ModelEntry* ModelManifest::find(std::string_view name) const {
  for (const auto& e : models) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

std::string ModelManifest::names() const {
  std::string s;
  for (const auto& e : models)
    s += (s.empty() ? "" : ", ") + e.name;
  return s;
}

std::string models_dir() {
  return (fs::path(podium_home()) / "models").string();
}

ModelCheck check_model(const ModelEntry& entry, const std::string& dir) {
  for (const ModelFile& f : entry.files) {
    const std::string path = (fs::path(dir) / file_name(f.path)).string();
    std::error_code ec;
    if (!fs::exists(path, ec)) return {ModelState::Missing, path + " is missing"};
    const auto size = fs::file_size(path, ec);
    if (ec || static_cast<std::int64_t>(size) != f.bytes) {
      return {ModelState::Altered, path + " has " + std::to_string(size) + " bytes, expected " +
                                       std::to_string(f.bytes)};
    }
    const std::string sum = sha256_file(path);
    if (sum != f.sha256) {
      return {ModelState::Altered, path + " has sha256 " + sum + ", expected " + f.sha256};
    }
  }
  return {};
}

std::string resolve_model(std::string_view name, const std::string& dir) {
  const ModelEntry* entry = ModelManifest::builtin().find(name);
  if (!entry) {
    throw Error(ErrorKind::InvalidInput, "unknown model '" + std::string(name) +
                                             "' (known: " + ModelManifest::builtin().names() + ")");
  }
  const ModelCheck check = check_model(*entry, dir);
  if (check.state == ModelState::Missing) {
    throw Error(ErrorKind::NotFound, "model '" + entry->name + "' is not installed (" +
                                         check.detail + "): run `podium models fetch`");
  }
  if (check.state == ModelState::Altered) {
    throw Error(ErrorKind::Model, "model '" + entry->name + "' is altered (" + check.detail +
                                      "): run `podium models fetch` to restore it");
  }
  return (fs::path(dir) / file_name(entry->files.front().path)).string();
}

int fetch_models(const FetchOptions& options) {
  const ModelManifest& m = ModelManifest::builtin();
  auto log = [&](const std::string& s) {
    if (options.log) options.log(s);
  };
  std::error_code ec;
  fs::create_directories(options.dir, ec);
  if (ec)
    throw Error(ErrorKind::Io, options.dir + ": cannot create directory (" + ec.message() + ")");
  const fs::path work = fs::path(options.dir) / (".fetch-" + std::to_string(::getpid()));
  fs::remove_all(work, ec);
  fs::create_directories(work, ec);
  if (ec) throw Error(ErrorKind::Io, work.string() + ": cannot create directory");
  struct Cleanup {
    fs::path p;
    ~Cleanup() {
      std::error_code e;
      fs::remove_all(p, e);
    }
  } cleanup{work};
  const std::string log_path = (work / "tool.log").string();

  std::string tarball = options.tarball;
  const std::string spec = m.package + "@" + m.version;
  if (tarball.empty()) {
    log("npm pack " + spec);
    const int rc = run_program(
        {"npm", "pack", spec, "--pack-destination", work.string(), "--silent"}, log_path);
    if (rc == -1) {
      throw Error(ErrorKind::NotFound,
                  "npm is not installed: apt-get install npm, then run "
                  "`podium models fetch` again");
    }
    if (rc != 0) {
      throw Error(ErrorKind::Io, "npm pack " + spec + " failed with status " + std::to_string(rc) +
                                     " (is the npm registry reachable?)");
    }
    for (const auto& f : fs::directory_iterator(work)) {
      if (f.path().extension() == ".tgz") tarball = f.path().string();
    }
    if (tarball.empty()) throw Error(ErrorKind::Io, "npm pack " + spec + " wrote no tarball");
  }
  if (!fs::exists(tarball, ec)) throw Error(ErrorKind::NotFound, tarball + ": no such file");
  const std::string sum = sha256_file(tarball);
  if (sum != m.tarball_sha256) {
    throw Error(ErrorKind::Model,
                tarball + ": sha256 " + sum + ", expected " + m.tarball_sha256 + " (" + spec + ")");
  }
  std::vector<std::string> argv = {"tar", "-xzf", tarball, "-C", work.string()};
  for (const auto& e : m.models) {
    for (const auto& f : e.files)
      argv.push_back("package/" + f.path);
  }
  log("unpacking " + std::to_string(argv.size() - 5) + " files");
  const int rc = run_program(argv, log_path);
  if (rc != 0) {
    throw Error(ErrorKind::Format, tarball + ": tar could not extract the model files (status " +
                                       std::to_string(rc) + ")");
  }
  // Verify everything before moving anything into place.
  for (const auto& e : m.models) {
    for (const auto& f : e.files) {
      const std::string p = (work / "package" / f.path).string();
      const std::string s = sha256_file(p);
      if (s != f.sha256) {
        throw Error(ErrorKind::Model,
                    tarball + ": " + f.path + " has sha256 " + s + ", expected " + f.sha256);
      }
    }
  }
  int installed = 0;
  for (const auto& e : m.models) {
    for (const auto& f : e.files) {
      const fs::path dst = fs::path(options.dir) / file_name(f.path);
      if (fs::exists(dst, ec) && sha256_file(dst.string()) == f.sha256) continue;
      fs::rename(work / "package" / f.path, dst, ec);
      if (ec) throw Error(ErrorKind::Io, dst.string() + ": cannot install (" + ec.message() + ")");
      ++installed;
    }
  }
  log("installed " + std::to_string(installed) + " files into " + options.dir);
  return installed;
}

}  // namespace podium::nn
