#include "podium/core/plugin.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <map>
#include <mutex>

#include "podium/core/error.hpp"

namespace podium {

std::string plugin_dir() {
  Dl_info info{};
  // This function's own address lies in libpodium_core.so, whose folder holds the others.
  if (dladdr(reinterpret_cast<void*>(&plugin_dir), &info) == 0 || info.dli_fname == nullptr) {
    throw Error(ErrorKind::NotFound,
                "cannot find the folder of podium's libraries (dladdr failed)");
  }
  return std::filesystem::path(info.dli_fname).parent_path().string();
}

void* plugin_symbol(const std::string& library, const std::string& symbol) {
  static std::mutex mutex;
  static std::map<std::string, void*> handles;
  const std::lock_guard<std::mutex> lock(mutex);
  void*& handle = handles[library];
  const std::string path = plugin_dir() + "/lib" + library + ".so";
  if (handle == nullptr) {
    handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = dlerror();
      throw Error(ErrorKind::NotFound, path + ": cannot load: " + (why ? why : "unknown reason"));
    }
  }
  dlerror();
  void* address = dlsym(handle, symbol.c_str());
  if (address == nullptr) {
    const char* why = dlerror();
    throw Error(ErrorKind::NotFound,
                path + ": no symbol " + symbol + ": " + (why ? why : "null address"));
  }
  return address;
}

}  // namespace podium
