// podium results import: a results file (generic CSV), the PCS folder or ATP matches -> the
// store, in one transaction. Bad rows are skipped and listed as FILE:LINE: message (the first 20,
// then a count); --strict stops at the first. Nothing is written when the file is unreadable or not
// of the named format.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "commands.hpp"
#include "podium/career/results_csv.hpp"
#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/core/gzip.hpp"
#include "results_store.hpp"
#include "store_access.hpp"

namespace podium::app {
namespace {

constexpr std::size_t kShownBadRows = 20;

struct ImportArgs {
  std::string path;
  std::string format;
  std::string db;
  bool strict = false;
};

career::ResultsImport read_input(const ImportArgs& a) {
  const career::ReadOptions options{.strict = a.strict};
  if (a.format == "pcs") return career::read_results_pcs_path(a.path, options);
  if (a.format == "atp") return career::read_results_atp_path(a.path, options);
  if (std::filesystem::is_directory(a.path)) {
    throw Error(ErrorKind::InvalidInput,
                a.path + ": is a directory; --format generic reads one CSV file");
  }
  std::string bytes = read_file(a.path);
  if (is_gzip(bytes)) bytes = gunzip(bytes, a.path);
  return career::read_results_generic(bytes, a.path, options);
}

void run_import(const ImportArgs& a) {
  const bool tty = ::isatty(STDERR_FILENO) != 0;
  const auto start = std::chrono::steady_clock::now();
  if (tty) std::fprintf(stderr, "reading %s ...\r", a.path.c_str());
  const career::ResultsImport r = read_input(a);
  if (tty)
    std::fprintf(stderr, "writing %lld results ...\x1b[K\r",
                 static_cast<long long>(r.counts.results));
  store::Store db = open_or_create_store(a.db);
  const store::ResultsImportSummary saved = save_results(db, r.table, a.path);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (tty) std::fprintf(stderr, "\x1b[K");
  std::printf(
      "imported %s: %lld results (%lld new), %lld events, %lld athletes, %lld bad rows, "
      "%lld duplicates, %.2f s\n",
      a.path.c_str(), static_cast<long long>(r.counts.results),
      static_cast<long long>(saved.results_added), static_cast<long long>(r.counts.events),
      static_cast<long long>(r.counts.athletes), static_cast<long long>(r.counts.bad_rows),
      static_cast<long long>(r.counts.duplicates), seconds);
  if (r.counts.skipped > 0)
    std::printf("%lld rows skipped by rule (ATP Davis Cup ties)\n",
                static_cast<long long>(r.counts.skipped));
  for (std::size_t i = 0; i < r.bad_rows.size() && i < kShownBadRows; ++i) {
    const career::BadRow& b = r.bad_rows[i];
    std::printf("%s\n", b.place.message(b.problem).c_str());
  }
  const auto shown = static_cast<std::int64_t>(std::min(r.bad_rows.size(), kShownBadRows));
  if (r.counts.bad_rows > shown)
    std::printf("... and %lld more\n", static_cast<long long>(r.counts.bad_rows - shown));
}

}  // namespace

void add_results_commands(CLI::App& group) {
  CLI::App* results = &group;
  results->require_subcommand(1);
  auto args = std::make_shared<ImportArgs>();
  auto* import = results->add_subcommand(
      "import",
      "Import a results CSV, the PCS folder or ATP matches into the store (one transaction)");
  import
      ->add_option("path", args->path,
                   "Results file (.csv, .csv.gz), the pcs_noctildon folder, or an ATP matches "
                   "file or its folder")
      ->required();
  import->add_option("--format", args->format, "generic (docs/formats.md), pcs or atp")
      ->required()
      ->check(CLI::IsMember({"generic", "pcs", "atp"}));
  import->add_flag("--strict", args->strict, "Stop at the first bad row (nothing is written)");
  add_db_option(*import, args->db);
  import->callback([args] { run_import(*args);
});
}  // namespace podium::app

}  // namespace podium::app
