// Bad and awkward activity files through `podium activity import`, lenient and --strict: exit
// codes, one-line errors located at a byte, warnings, and what the store keeps (nothing of a file
// that fails; whole activities otherwise).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "e2e/activity_cli.hpp"
#include "podium/store/store.hpp"

namespace {

using namespace podium::e2e;  // NOLINT(google-build-using-namespace): test vocabulary
using nlohmann::json;

// `line` is "podium: FILE: byte N: message": the error names the file and the byte.
bool is_located(const std::string& line, const std::string& file, long byte = -1) {
  const std::string prefix = "podium: " + file + ": byte ";
  if (line.rfind(prefix, 0) != 0) return false;
  const std::string tail = line.substr(prefix.size());
  std::size_t digits = 0;
  while (digits < tail.size() && std::isdigit(static_cast<unsigned char>(tail[digits])))
    ++digits;
  if (digits == 0 || (byte >= 0 && std::stol(tail.substr(0, digits)) != byte)) return false;
  const std::string rest = tail.substr(digits);
  return rest.rfind(": ", 0) == 0 && rest.size() > 2;
}

std::size_t located_lines(const std::string& err, const std::string& file, long byte = -1) {
  std::size_t n = 0;
  for (const std::string& line : lines_of(err))
    n += is_located(line, file, byte) ? 1 : 0;
  return n;
}

// Each alone: exit 2, one "FILE: byte 0: ..." line, and the store as it was.
TEST_F(SharedActivityCli, EmptyFileAndTextFileFailAtByte0AndStoreNothing) {
  const std::string athlete = add_athlete();
  ASSERT_EQ(podium("activity import " + shared(kEdge810) + " --athlete " + athlete + db()).code, 0);
  const std::string empty = shared("slib-empty-sessions.fit");
  Output r = podium("activity import " + empty + " --athlete " + athlete + db());
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_EQ(located_lines(r.err, empty, 0), 1u) << r.err;
  EXPECT_TRUE(contains(r.err, empty + ": byte 0: empty file\n")) << r.err;
  EXPECT_TRUE(contains(r.out, "failed " + empty + "\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "0 imported, 0 duplicates, 1 failed")) << r.out;

  const std::string text = path("notes.fit");
  std::ofstream(text) << "hello, this is not a ride\n";
  r = podium("activity import " + text + " --athlete " + athlete + db());
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_EQ(located_lines(r.err, text, 0), 1u) << r.err;
  EXPECT_TRUE(contains(r.err, text + ": byte 0: not a FIT, TCX or GPX file\n")) << r.err;
  EXPECT_EQ(activity_count(athlete), 1u);
}

TEST_F(SharedActivityCli, TruncatedFileImportsLenientlyAndFailsStrictly) {
  const std::string name = "fitparse-activity-unexpected-eof.fit";
  const std::string lenient = add_athlete();
  const std::string strict = add_athlete();
  Output r = podium("activity import " + shared(name) + " --athlete " + lenient + db());
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "1 imported, 0 duplicates, 0 failed")) << r.out;
  std::size_t warnings = 0;
  for (const std::string& line : lines_of(r.out)) {
    if (!contains(line, "warning:")) continue;
    ++warnings;
    EXPECT_TRUE(is_located("podium: " + line.substr(line.find("warning: ") + 9), name)) << line;
  }
  EXPECT_GE(warnings, 1u) << r.out;

  r = podium("activity import " + shared(name) + " --strict --athlete " + strict + db());
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_EQ(located_lines(r.err, shared(name)), 1u) << r.err;
  EXPECT_EQ(activity_count(strict), 0u) << "strict stores nothing of the file";
}

// What a lenient and a strict import make of each awkward shared file. Strict fails with a
// located error exactly for the files whose lenient import fails or warns, except timing warnings
// (repeated or far-apart record times, session times that disagree), which are informational.
struct AwkwardFile {
  const char* name;
  int records;          // records the lenient import reports; -1 = it fails
  int warnings;         // warning lines of the lenient import
  bool timing_only;     // every warning is about timestamps
  const char* message;  // a part of the first warning, or of the error when nothing imports
  long strict_byte;     // byte of the strict error; -1 = strict imports too
  bool has_power;       // the stored activity has a power channel and power metrics
};

const AwkwardFile kAwkward[] = {
    {"fitparse-activity-unexpected-eof.fit", 14, 2, false, "data_size runs past the end", 4, false},
    {"fitparse-activity-filecrc.fit", 14, 1, false, "file CRC mismatch", 769, false},
    {"fitparse-activity-settings-corruptheader.fit", 14, 1, false, "corrupt chained FIT header",
     771, false},
    {"slib-empty-sessions.fit", -1, 0, false, "empty file", 0, false},
    // A session and no records: nothing to store (issue 11 item 7), refused at the file's end.
    {"gc-2012_02_05_09_03_59.fit", -1, 0, false, "no record messages", 882, false},
    {"slib-broken-dates.fit", 3279, 1, true, "records repeat the previous record's time", -1, true},
    {"slib-27-days-activity.fit", 3699, 1, true, "gap(s) of more than a day", -1, true},
    {"slib-inverted-times.fit", 885, 2, true, "is shorter than its timer time", -1, false},
    {"fitparse-sample_mulitple_header.fit", 1773, 0, false, "", -1, false},
    {"slib-triathlon-4623204522.fit", 30582, 0, false, "", -1, true},
    {"gc-Fr955v19.28andStryd.fit", 3118, 0, false, "", -1, true},  // Stryd developer power
};

// One import's stdout per file: "imported ID NAME (N records, W warnings)" and its warning
// lines, or "failed PATH".
struct FileOutcome {
  bool imported = false;
  int records = -1;
  int warnings_said = -1;
  std::vector<std::string> warnings;
};

// "imported ID NAME (N records, W warnings)" -> NAME, N, W; false for any other line. Parsed by
// hand: std::regex trips GCC 12's maybe-uninitialized warning in the sanitizer build.
bool parse_imported(const std::string& line, std::string& name, int& records, int& warnings) {
  std::istringstream in(line);
  std::string word, id, open, records_word, warnings_word;
  if (!(in >> word >> id >> name >> open) || word != "imported" || open.empty() || open[0] != '(') {
    return false;
  }
  if (!(in >> records_word >> warnings >> warnings_word)) return false;
  records = std::stoi(open.substr(1));
  return records_word == "records," && warnings_word == "warnings)";
}

std::map<std::string, FileOutcome> outcomes(const std::string& out) {
  std::map<std::string, FileOutcome> by_name;
  FileOutcome* current = nullptr;
  for (const std::string& line : lines_of(out)) {
    std::string name;
    int records = 0;
    int warnings = 0;
    if (parse_imported(line, name, records, warnings)) {
      current = &by_name[name];
      current->imported = true;
      current->records = records;
      current->warnings_said = warnings;
    } else if (line.rfind("failed ", 0) == 0) {
      current = &by_name[fs::path(line.substr(7)).filename().string()];
    } else if (line.rfind("  warning: ", 0) == 0 && current) {
      current->warnings.push_back(line.substr(11));
    }
  }
  return by_name;
}

TEST_F(SharedActivityCli, AwkwardFilesLenientAndStrict) {
  std::string files;
  std::set<std::string> lenient_stored, strict_stored;
  std::size_t strict_failures = 0;
  for (const AwkwardFile& c : kAwkward) {
    SCOPED_TRACE(c.name);
    // The table keeps its own rule.
    EXPECT_EQ(c.strict_byte >= 0, c.records < 0 || (c.warnings > 0 && !c.timing_only));
    files.append(" ").append(shared(c.name));
    if (c.records >= 0) lenient_stored.insert(c.name);
    if (c.strict_byte < 0) strict_stored.insert(c.name);
    strict_failures += c.strict_byte >= 0 ? 1 : 0;
  }
  const std::size_t total = std::size(kAwkward);
  const std::size_t lenient_failures = total - lenient_stored.size();
  const std::string lenient = add_athlete();
  const std::string strict = add_athlete();

  const Output r = podium("activity import" + files + " --athlete " + lenient + db());
  EXPECT_EQ(r.code, 2) << "the files without records fail\n" << r.out << r.err;
  EXPECT_TRUE(contains(r.out, std::to_string(total - lenient_failures) +
                                  " imported, 0 duplicates, " + std::to_string(lenient_failures) +
                                  " failed"))
      << r.out;
  const auto got = outcomes(r.out);
  for (const AwkwardFile& c : kAwkward) {
    SCOPED_TRACE(c.name);
    ASSERT_EQ(got.count(c.name), 1u) << r.out;
    const FileOutcome& o = got.at(c.name);
    if (c.records < 0) {
      EXPECT_FALSE(o.imported);
      EXPECT_EQ(located_lines(r.err, shared(c.name), c.strict_byte), 1u) << r.err;
      EXPECT_TRUE(contains(r.err, c.message)) << r.err;
      continue;
    }
    EXPECT_TRUE(o.imported);
    EXPECT_EQ(o.records, c.records);
    EXPECT_EQ(o.warnings_said, c.warnings);
    ASSERT_EQ(o.warnings.size(), static_cast<std::size_t>(c.warnings)) << r.out;
    for (const std::string& w : o.warnings)
      EXPECT_TRUE(is_located("podium: " + w, c.name)) << w;
    if (c.warnings > 0) {
      EXPECT_TRUE(contains(o.warnings[0], c.message)) << o.warnings[0];
    }
  }

  const Output s = podium("activity import" + files + " --strict --athlete " + strict + db());
  EXPECT_EQ(s.code, 2) << s.out << s.err;
  EXPECT_TRUE(contains(s.out, std::to_string(total - strict_failures) +
                                  " imported, 0 duplicates, " + std::to_string(strict_failures) +
                                  " failed"))
      << s.out;
  for (const AwkwardFile& c : kAwkward) {
    SCOPED_TRACE(c.name);
    const bool fails = c.strict_byte >= 0;
    EXPECT_EQ(contains(s.out, "failed " + shared(c.name) + "\n"), fails) << s.out;
    EXPECT_EQ(located_lines(s.err, shared(c.name), c.strict_byte), fails ? 1u : 0u) << s.err;
  }

  // Exactly the files each import kept, each whole; power where the file has it.
  const auto names_of = [&](const std::string& athlete) {
    std::set<std::string> names;
    for (const auto& [name, id] : stored_ids(athlete))
      names.insert(name);
    return names;
  };
  EXPECT_EQ(names_of(lenient), lenient_stored);
  EXPECT_EQ(names_of(strict), strict_stored);
  podium::store::Store store = podium::store::Store::open(path("podium.db"));
  for (const auto& summary : store.activities(lenient)) {
    SCOPED_TRACE(summary.file_name);
    const auto a = store.activity(summary.id, true);
    ASSERT_TRUE(a.has_value());
    const auto c = std::find_if(std::begin(kAwkward), std::end(kAwkward),
                                [&](const AwkwardFile& f) { return summary.file_name == f.name; });
    ASSERT_NE(c, std::end(kAwkward));
    const bool power_channel = std::any_of(a->channels.begin(), a->channels.end(),
                                           [](const auto& ch) { return ch.name == "power_w"; });
    const bool power_metric = std::any_of(a->metrics.begin(), a->metrics.end(),
                                          [](const auto& m) { return m.first == "tss_gc"; });
    EXPECT_EQ(power_channel, c->has_power);
    EXPECT_EQ(power_metric, c->has_power);
    EXPECT_EQ(a->samples, c->records);
    EXPECT_EQ(a->warnings.size(), static_cast<std::size_t>(c->warnings));
  }
}

}  // namespace
