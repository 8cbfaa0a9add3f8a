// libFuzzer target: the plan file parser (podium::sensor::parse_plan_csv). Any input must either
// parse or throw podium::Error. A crash, a sanitizer report, any other exception, a result that
// is not sorted by strictly increasing day, a TSS outside [0, 2000], or a plan that does not read
// back identically from its own CSV is a bug. Build and run: fuzz/run.sh (see fuzz/README.md).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "podium/core/error.hpp"
#include "podium/sensor/load.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const auto plan = podium::sensor::parse_plan_csv(bytes, "fuzz-plan.csv");
    std::string written = "date,tss\n";
    for (std::size_t i = 0; i < plan.size(); ++i) {
      const auto [day, tss] = plan[i];
      if (i > 0 && day <= plan[i - 1].first) std::abort();
      if (!(tss >= 0 && tss <= podium::sensor::kPlanMaxTss)) std::abort();
      char number[40];
      std::snprintf(number, sizeof number, "%.17g", tss);
      written += podium::iso_from_day(day) + "," + number + "\n";
    }
    if (podium::sensor::parse_plan_csv(written, "written.csv") != plan) std::abort();
  } catch (const podium::Error&) {
  }
  return 0;
}
