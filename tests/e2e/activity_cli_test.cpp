// The sensor commands as a user meets them: `podium athlete`, `podium activity` and `podium load`
// run as a process, each test with its own database (--db) and PODIUM_HOME in a fresh folder.
// Checked: exit codes (2 bad input, 3 not found), golden metrics of a real ride within declared
// tolerances, import and duplicates, a stored activity re-analysed like its file, and the PMC
// against an independent recursion. Bad and awkward files: activity_bad_files_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "e2e/activity_cli.hpp"
#include "podium/core/calendar.hpp"

namespace {

using namespace podium::e2e;  // NOLINT(google-build-using-namespace): test vocabulary
using nlohmann::json;

constexpr const char* kNoPower = "fitparse-garmin-edge-500-activity.fit";

// Days since 1970-01-01 of the date an ISO "YYYY-MM-DD..." text starts with.
int day_of(const std::string& iso) {
  return podium::day_from_iso(iso.substr(0, 10), {});
}

double csv_number(const std::string& field) {
  return field.empty() ? NAN : std::stod(field);
}

// --- athlete -------------------------------------------------------------------------------------

TEST_F(ActivityCli, AthleteAddSetShowAndTheirErrors) {
  Output r = podium("athlete add" + db());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "A0001\n");
  r = podium("athlete add coach.rider-2" + db());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "coach.rider-2\n");

  r = podium("athlete add 'bad id!'" + db());
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "\"bad id!\"")) << r.err;
  EXPECT_TRUE(contains(r.err, "1-64 characters of [A-Za-z0-9_.-]")) << r.err;
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r.err;
  r = podium("athlete add A0001" + db());
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, "\"A0001\" already exists")) << r.err;

  // `add` records the defaults from 1970-01-01; each `set --from` adds a dated row after it.
  r = podium("athlete set A0001 --ftp 260 --weight 68 --from 2020-01-01" + db());
  EXPECT_EQ(r.code, 0) << r.err;
  r = podium("athlete set A0001 --ftp 280 --cp 270 --from 2021-06-01" + db());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "athlete A0001: 0 activities")) << r.out;
  json j = athlete_json("A0001");
  ASSERT_EQ(j["settings"].size(), 3u) << j.dump(1);
  EXPECT_EQ(j["settings"][0]["from"], "1970-01-01");
  EXPECT_EQ(j["settings"][0]["ftp_w"], 250.0);
  EXPECT_EQ(j["settings"][1]["from"], "2020-01-01");
  EXPECT_EQ(j["settings"][1]["ftp_w"], 260.0);
  EXPECT_EQ(j["settings"][1]["cp_w"], 260.0) << "CP follows FTP unless set on its own";
  EXPECT_EQ(j["settings"][1]["weight_kg"], 68.0);
  EXPECT_EQ(j["settings"][2]["from"], "2021-06-01");
  EXPECT_EQ(j["settings"][2]["ftp_w"], 280.0);
  EXPECT_EQ(j["settings"][2]["cp_w"], 270.0);
  EXPECT_EQ(j["settings"][2]["weight_kg"], 68.0) << "unchanged settings carry over";

  r = podium("athlete set NOPE --ftp 250" + db());
  EXPECT_EQ(r.code, 3) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "\"NOPE\" not found")) << r.err;
  EXPECT_EQ(r.out, "");

  r = podium("athlete set A0001 --ftp -5 --from 2022-01-01" + db());
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "ftp_w")) << r.err;
  EXPECT_TRUE(contains(r.err, "-5")) << r.err;
  EXPECT_EQ(athlete_json("A0001")["settings"].size(), 3u) << "a rejected value writes nothing";
}

// --- activity show / mmp on a file ---------------------------------------------------------------

TEST_F(SharedActivityCli, ShowFileMatchesGoldenWithDeviceThreshold) {
  const Output r = podium("activity show " + shared(kEdge810) + " --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const json a = parse_json(r);
  const json ref = golden(kEdge810)["reference"]["power"];
  const json& p = a["metrics"]["power"];
  expect_rel_near(p["np_gc_w"], ref["np_gc"], 0.005, "np_gc_w");
  expect_rel_near(p["tss_gc"], ref["tss_gc"], 0.005, "tss_gc");
  expect_rel_near(p["xpower_w"], ref["xpower_gc"], 0.005, "xpower_w");
  EXPECT_EQ(a["thresholds"]["source"], "device threshold power");
  EXPECT_EQ(a["thresholds"]["ftp_w"], 315.0);
  EXPECT_EQ(a["thresholds"]["cp_w"], 315.0);
  EXPECT_NEAR(a["mmp_w"]["300"].get<double>(), ref["mmp_zero_filled"]["300"].get<double>(), 1.0);
  expect_rel_near(a["cp"]["cp2_linear"]["cp_w"], ref["cp2_linear_work_time"]["cp"], 0.02,
                  "cp2_linear cp");
  expect_rel_near(a["wbal"]["integral_skiba2012"]["min_j"],
                  ref["wbal"]["integral_skiba2012"]["min_wbal_j"], 0.01, "W'bal integral min");
  expect_rel_near(a["wbal"]["differential_skiba2015"]["min_j"],
                  ref["wbal"]["differential_skiba2015"]["min_wbal_j"], 0.01,
                  "W'bal differential min");
  EXPECT_TRUE(a["warnings"].empty()) << a["warnings"];
  EXPECT_EQ(r.err, "");

  // A command-line FTP wins: NP stays, IF = NP / FTP, TSS scales with IF^2.
  const Output o = podium("activity show " + shared(kEdge810) + " --json --ftp 250");
  ASSERT_EQ(o.code, 0) << o.err;
  const json b = parse_json(o);
  const json& q = b["metrics"]["power"];
  EXPECT_EQ(b["thresholds"]["ftp_w"], 250.0);
  EXPECT_TRUE(contains(b["thresholds"]["source"], "command line")) << b["thresholds"];
  EXPECT_DOUBLE_EQ(q["np_gc_w"].get<double>(), p["np_gc_w"].get<double>());
  EXPECT_NEAR(q["if_gc"].get<double>(), q["np_gc_w"].get<double>() / 250.0, 1e-9);
  EXPECT_NEAR(q["if_gc"].get<double>() / p["if_gc"].get<double>(), 315.0 / 250.0, 1e-9);
  EXPECT_NEAR(q["tss_gc"].get<double>() / p["tss_gc"].get<double>(),
              (315.0 / 250.0) * (315.0 / 250.0), 1e-9);
}

TEST_F(SharedActivityCli, MmpCsvHasEverySecondOfTheRide) {
  const Output r = podium("activity mmp " + shared(kEdge810) + " --csv");
  ASSERT_EQ(r.code, 0) << r.err;
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], "duration_s,watts");
  const json ref = golden(kEdge810)["reference"];
  const auto samples = ref["series"]["samples"].get<std::size_t>();
  ASSERT_EQ(lines.size(), samples + 1) << "one row per second up to the ride's length";
  // Power is never negative, so the best work over d seconds never falls as d grows.
  double previous_work_j = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> f = split_csv(lines[i]);
    ASSERT_EQ(f.size(), 2u) << lines[i];
    ASSERT_EQ(std::stoul(f[0]), i) << lines[i];
    const double work_j = std::stod(f[1]) * static_cast<double>(i);
    ASSERT_GE(work_j, previous_work_j - 0.01 * static_cast<double>(i))
        << "best work falls at " << lines[i];
    previous_work_j = work_j;
  }
  EXPECT_NEAR(std::stod(split_csv(lines[300])[1]),
              ref["power"]["mmp_zero_filled"]["300"].get<double>(), 1.0);
}

TEST_F(SharedActivityCli, MmpOfARideWithoutPowerIsExit2InOneLine) {
  const Output r = podium("activity mmp " + shared(kNoPower) + " --csv");
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  ASSERT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_TRUE(contains(r.err, kNoPower)) << r.err;
  EXPECT_TRUE(contains(r.err, "no power")) << r.err;
}

// --- import and stored activities ----------------------------------------------------------------

TEST_F(SharedActivityCli, ImportFiveFormatsThenDuplicatesThenReanalyseStored) {
  const std::vector<std::string> names = {
      kEdge810, "gc-2009_09_19_09_22_42.tcx", "gc-UrbanBiker2019-04-18_16-12.gpx",
      "gc-14582164182.fit.gz", "fitparse-sample-activity-indoor-trainer.fit"};
  std::string files;
  for (const std::string& n : names)
    files.append(" ").append(shared(n));
  const std::string athlete = add_athlete();
  Output r = podium("activity import" + files + " --athlete " + athlete + db());
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "5 imported, 0 duplicates, 0 failed")) << r.out;
  EXPECT_EQ(r.err, "");
  r = podium("activity import" + files + " --athlete " + athlete + db());
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "0 imported, 5 duplicates, 0 failed")) << r.out;
  EXPECT_EQ(count_of(r.out, "duplicate "), 5u) << r.out;

  const auto ids = stored_ids(athlete);
  ASSERT_EQ(ids.size(), 5u);
  for (const std::string& n : names)
    ASSERT_EQ(ids.count(n), 1u) << n;
  const std::string edge = std::to_string(ids.at(kEdge810));
  const Output text = podium("activity show " + edge + db());
  EXPECT_EQ(text.code, 0) << text.err;
  EXPECT_TRUE(contains(text.out, kEdge810)) << text.out;
  EXPECT_TRUE(contains(text.out, "(athlete settings)")) << text.out;

  // A stored activity is re-analysed from its kept channels, quantised to 0.1 W: its metrics
  // match the file's, analysed with the same athlete's settings.
  const Output stored = podium("activity show " + edge + " --json" + db());
  const Output file =
      podium("activity show " + shared(kEdge810) + " --json --athlete " + athlete + db());
  ASSERT_EQ(stored.code, 0) << stored.err;
  ASSERT_EQ(file.code, 0) << file.err;
  const json s = parse_json(stored);
  const json f = parse_json(file);
  ASSERT_TRUE(f["metrics"]["power"].is_object());
  ASSERT_TRUE(s["metrics"]["power"].is_object());
  EXPECT_NEAR(s["metrics"]["power"]["np_gc_w"].get<double>(),
              f["metrics"]["power"]["np_gc_w"].get<double>(), 0.1);
  expect_rel_near(s["metrics"]["power"]["tss_gc"], f["metrics"]["power"]["tss_gc"], 1e-3, "tss_gc");
  EXPECT_EQ(s["thresholds"], f["thresholds"]);
  EXPECT_EQ(s["file"]["sha256"], f["file"]["sha256"]);
  EXPECT_EQ(s["series"]["samples"], f["series"]["samples"]);

  const Output mmp = podium("activity mmp " + edge + db());
  ASSERT_EQ(mmp.code, 0) << mmp.err;
  const std::vector<std::string> lines = lines_of(mmp.out);
  ASSERT_EQ(lines.size(), 4701u) << "one row per second of the 4700 s ride";
  EXPECT_EQ(lines[0], "duration_s,watts");
  EXPECT_NEAR(std::stod(split_csv(lines[300])[1]), f["mmp_w"]["300"].get<double>(), 0.1);
}

// What a file said beyond its samples (sessions with the device's summaries, device, laps, pauses,
// developer channels) is kept at import: `show ID` prints it as `show FILE` does.
TEST_F(SharedActivityCli, StoredActivityShowsWhatItsFileSaid) {
  const std::string athlete = add_athlete();
  const std::vector<std::string> names = {kEdge810, "gc-Fr955v19.28andStryd.fit",
                                          "gc-activity_165850259_multi-session.tcx"};
  for (const std::string& name : names)
    ASSERT_EQ(podium("activity import " + shared(name) + " --athlete " + athlete + db()).code, 0);
  const auto ids = stored_ids(athlete);
  for (const std::string& name : names) {
    const json s =
        parse_json(podium("activity show " + std::to_string(ids.at(name)) + " --json" + db()));
    const json f =
        parse_json(podium("activity show " + shared(name) + " --json --athlete " + athlete + db()));
    for (const char* key :
         {"sport", "start", "device", "laps", "pauses", "developer_channels", "sessions"})
      EXPECT_EQ(s[key], f[key]) << name << ": " << key;
    EXPECT_FALSE(s["sessions"].empty()) << name;
  }
}

// A stored ride without power comes back without power: no power metrics, no curve.
TEST_F(SharedActivityCli, StoredRideWithoutPowerHasNoPowerMetrics) {
  const std::string name = "slib-ride-3939576645.gpx";  // heart rate, no power
  const std::string athlete = add_athlete();
  ASSERT_EQ(podium("activity import " + shared(name) + " --athlete " + athlete + db()).code, 0);
  const std::string id = std::to_string(stored_ids(athlete).at(name));
  const json stored = parse_json(podium("activity show " + id + " --json" + db()));
  EXPECT_TRUE(stored["metrics"]["power"].is_null()) << stored["metrics"]["power"];
  EXPECT_EQ(stored["mmp_w"], json::object());
  EXPECT_TRUE(stored["metrics"]["heart_rate"].is_object());
  const Output mmp = podium("activity mmp " + id + db());
  EXPECT_EQ(mmp.code, 2) << mmp.out.substr(0, 200) << mmp.err;
  EXPECT_TRUE(contains(mmp.err, "no power")) << mmp.err;
}

// --- load ----------------------------------------------------------------------------------------

struct LoadRow {
  std::string date;
  double tss, ctl, atl;
  int planned;
};

std::vector<LoadRow> load_rows(const Output& r) {
  std::vector<LoadRow> rows;
  const std::vector<std::string> lines = lines_of(r.out);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> f = split_csv(lines[i]);
    EXPECT_EQ(f.size(), 11u) << lines[i];
    if (f.size() != 11u) continue;
    rows.push_back({f[0], csv_number(f[1]), csv_number(f[3]), csv_number(f[4]), std::stoi(f[2])});
  }
  return rows;
}

constexpr const char* kLoadHeader =
    "date,tss,planned,ctl,atl,tsb,tsb_today,ramp_7d,monotony,strain,performance";

TEST_F(SharedActivityCli, LoadCsvFollowsTheImportedTssAndThePlan) {
  // Three rides in nine days (2021-08-30, 09-05, 09-07).
  const std::vector<std::string> names = {"slib-broken-start-latlng.fit",
                                          "slib-ride-7432332116.fit", "slib-ride-7445393868.fit"};
  const std::string athlete = add_athlete();
  std::string files;
  for (const std::string& n : names)
    files.append(" ").append(shared(n));
  ASSERT_EQ(podium("activity import" + files + " --athlete " + athlete + db()).code, 0);

  // The daily TSS, independently: each stored activity's tss_gc on its start day.
  std::map<int, double> tss_by_day;
  for (const auto& [name, id] : stored_ids(athlete)) {
    const json a = parse_json(podium("activity show " + std::to_string(id) + " --json" + db()));
    tss_by_day[day_of(a["start"].get<std::string>())] +=
        a["metrics"]["power"]["tss_gc"].get<double>();
  }
  ASSERT_EQ(tss_by_day.size(), 3u);
  const int first = tss_by_day.begin()->first;
  const int last = tss_by_day.rbegin()->first;

  Output r = podium("load --athlete " + athlete + " --csv" + db());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(lines_of(r.out).at(0), kLoadHeader);
  std::vector<LoadRow> rows = load_rows(r);
  ASSERT_EQ(rows.size(), static_cast<std::size_t>(last - first + 1));
  const double ctl_decay = std::exp(-1.0 / 42);
  const double atl_decay = std::exp(-1.0 / 7);
  const double tss0 = tss_by_day.at(first);
  EXPECT_NEAR(rows[1].ctl, tss0 * (1 - ctl_decay) * ctl_decay, 1e-4)
      << "CTL the day after the first ride";
  double ctl = 0, atl = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const int day = first + static_cast<int>(i);
    EXPECT_EQ(day_of(rows[i].date), day) << rows[i].date;
    const double tss = tss_by_day.count(day) ? tss_by_day.at(day) : 0.0;
    ctl = ctl * ctl_decay + tss * (1 - ctl_decay);
    atl = atl * atl_decay + tss * (1 - atl_decay);
    EXPECT_NEAR(rows[i].tss, tss, 1e-3 * std::max(1.0, tss)) << rows[i].date;
    EXPECT_NEAR(rows[i].ctl, ctl, 1e-4 * std::max(1.0, ctl)) << rows[i].date;
    EXPECT_NEAR(rows[i].atl, atl, 1e-4 * std::max(1.0, atl)) << rows[i].date;
    EXPECT_EQ(rows[i].planned, 0) << rows[i].date;
  }

  // TrainingPeaks' convention: CTL moves by 1/42 of the difference.
  r = podium("load --athlete " + athlete + " --csv --convention tp" + db());
  ASSERT_EQ(r.code, 0) << r.err;
  rows = load_rows(r);
  ASSERT_EQ(rows.size(), static_cast<std::size_t>(last - first + 1));
  EXPECT_NEAR(rows[0].ctl, tss0 / 42, 1e-4);
  ctl = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const int day = first + static_cast<int>(i);
    ctl += ((tss_by_day.count(day) ? tss_by_day.at(day) : 0.0) - ctl) / 42;
    EXPECT_NEAR(rows[i].ctl, ctl, 1e-4 * std::max(1.0, ctl)) << rows[i].date;
  }

  // A plan three days after the last ride: those days are planned, the gap before them is not.
  std::ofstream(path("plan.csv")) << "date,tss\n2021-09-10,100\n2021-09-11,50\n2021-09-12,80\n";
  r = podium("load --athlete " + athlete + " --csv --plan " + path("plan.csv") + db());
  ASSERT_EQ(r.code, 0) << r.err;
  rows = load_rows(r);
  ASSERT_EQ(rows.size(), static_cast<std::size_t>(day_of("2021-09-12") - first + 1));
  const std::map<std::string, double> plan = {
      {"2021-09-10", 100}, {"2021-09-11", 50}, {"2021-09-12", 80}};
  ctl = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const int day = first + static_cast<int>(i);
    const bool planned = plan.count(rows[i].date) > 0;
    EXPECT_EQ(rows[i].planned, planned ? 1 : 0) << rows[i].date;
    const double tss =
        planned ? plan.at(rows[i].date) : (tss_by_day.count(day) ? tss_by_day.at(day) : 0.0);
    EXPECT_NEAR(rows[i].tss, tss, 1e-3 * std::max(1.0, tss)) << rows[i].date;
    ctl = ctl * ctl_decay + tss * (1 - ctl_decay);
    EXPECT_NEAR(rows[i].ctl, ctl, 1e-4 * std::max(1.0, ctl)) << rows[i].date;
  }

  std::ofstream(path("bad.csv")) << "date,tss\n2021-09-10,100\n2021-09-11,abc\n";
  r = podium("load --athlete " + athlete + " --csv --plan " + path("bad.csv") + db());
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(contains(r.err, "line 3")) << r.err;
  EXPECT_TRUE(contains(r.err, "'abc'")) << r.err;
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r.err;
}

}  // namespace
