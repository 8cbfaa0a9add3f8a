// The API's data endpoints over HTTP on loopback, with the users of each role: athletes,
// activities (upload, summary, channels, MMP, W'bal), load, consent, users and teams, the audit
// log, export and erasure, model cards, careers (with the curves' bands) and race predictions (the
// baseline, and an XGBoost ranker trained here with its SHAP values); the 403 paths of each.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <set>
#include <utility>

#include "career/synthetic_results.hpp"
#include "podium/rank/experiment.hpp"
#include "rank_args.hpp"
#include "rank_pipeline.hpp"
#include "results_store.hpp"
#include "server/api_fixture.hpp"

namespace podium::server {
namespace {

using ::testing::HasSubstr;
using testkit::ApiTest;
using testkit::bearer;
using testkit::error_of;
using testkit::Json;
using testkit::kTestBodyBytes;

TEST_F(ApiTest, AthletesAreWhatTheRoleMaySee) {
  const auto names = [](const httplib::Result& r) {
    return Json::parse(r->body)["athletes"].get<std::vector<std::string>>();
  };
  EXPECT_EQ(names(get("admin", "/api/v1/athletes")),
            (std::vector<std::string>{"A1", "A2", "B1", "C1"}));
  EXPECT_EQ(names(get("coach_red", "/api/v1/athletes")), (std::vector<std::string>{"A1", "A2"}));
  EXPECT_EQ(names(get("athlete_a1", "/api/v1/athletes")), (std::vector<std::string>{"A1"}));
  EXPECT_EQ(get("coach_red", "/api/v1/athletes/A1")->status, 200);
  const auto other_team = get("coach_red", "/api/v1/athletes/B1");
  EXPECT_EQ(other_team->status, 403);
  EXPECT_EQ(error_of(other_team)["kind"], "forbidden");
  EXPECT_EQ(get("coach_blue", "/api/v1/athletes/A1/activities")->status, 403);
  EXPECT_EQ(get("admin", "/api/v1/athletes/ZZZ")->status, 404);
}

TEST_F(ApiTest, ActivityReadsAndTheirAccess) {
  const auto list = get("athlete_a1", "/api/v1/athletes/A1/activities");
  ASSERT_EQ(list->status, 200);
  EXPECT_EQ(Json::parse(list->body)["activities"].size(), 1U);

  const auto one = get("athlete_a1", activity_path());
  ASSERT_EQ(one->status, 200) << one->body;
  const Json a = Json::parse(one->body);
  EXPECT_GT(a["metrics"]["power"]["avg_w"].get<double>(), 150.0) << a["metrics"].dump();

  const auto ch = get("analyst_red", activity_path("/channels?names=power_w,heart_rate_bpm"));
  ASSERT_EQ(ch->status, 200) << ch->body;
  EXPECT_EQ(Json::parse(ch->body)["channels"]["power_w"].size(), 1200U);
  const auto bad_channel = get("analyst_red", activity_path("/channels?names=nope"));
  EXPECT_EQ(bad_channel->status, 400);
  EXPECT_EQ(error_of(bad_channel)["field"], "names");

  const auto mmp = get("coach_red", activity_path("/mmp"));
  ASSERT_EQ(mmp->status, 200) << mmp->body;
  const Json m = Json::parse(mmp->body);
  EXPECT_EQ(m["duration_s"].size(), m["watts"].size());
  EXPECT_GE(m["watts"][0].get<double>(), m["watts"][60].get<double>());
  EXPECT_TRUE(m["cp"].contains("cp2_linear"));

  const auto wbal = get("coach_red", activity_path("/wbal"));
  ASSERT_EQ(wbal->status, 200) << wbal->body;
  EXPECT_EQ(Json::parse(wbal->body)["wbal_j"].size(), 1200U);

  // Another team's coach, and an unknown id.
  for (const char* rest : {"", "/channels?names=power_w", "/mmp", "/wbal"})
    EXPECT_EQ(get("coach_blue", activity_path(rest))->status, 403) << rest;
  EXPECT_EQ(get("admin", "/api/v1/activities/999999")->status, 404);
  EXPECT_EQ(get("admin", "/api/v1/activities/abc")->status, 400);
}

TEST_F(ApiTest, AnAthleteCannotReadAnotherAthletesActivity) {
  // A2's ride, imported by the admin after A2's consent.
  ASSERT_EQ(post_json("admin", "/api/v1/athletes/A2/consent",
                      {{"purpose", "performance_modelling"}, {"granted", true}})
                ->status,
            200);
  const auto up =
      server_->client()->Post("/api/v1/athletes/A2/activities?name=a2.tcx", bearer(token("admin")),
                              testkit::synthetic_tcx(300, 3), "application/octet-stream");
  ASSERT_EQ(up->status, 201) << up->body;
  const std::string path = "/api/v1/activities/" + Json::parse(up->body)["id"].dump();
  const auto r = get("athlete_a1", path);
  EXPECT_EQ(r->status, 403);
  EXPECT_THAT(error_of(r)["message"].get<std::string>(), HasSubstr("A2"));
  EXPECT_EQ(get("coach_red", path)->status, 200);
}

TEST_F(ApiTest, UploadsAreCheckedBeforeAnythingIsWritten) {
  auto c = server_->client();
  const std::string tcx = testkit::synthetic_tcx(60, 9);
  // No consent: refused with the command that grants it.
  const auto refused = c->Post("/api/v1/athletes/C1/activities?name=c1.tcx", bearer(token("admin")),
                               tcx, "application/octet-stream");
  EXPECT_EQ(refused->status, 403);
  EXPECT_THAT(error_of(refused)["message"].get<std::string>(), HasSubstr("performance_modelling"));
  EXPECT_EQ(Json::parse(get("admin", "/api/v1/athletes/C1/activities")->body)["activities"].size(),
            0U);
  // Another athlete's folder.
  EXPECT_EQ(c->Post("/api/v1/athletes/A2/activities?name=x.tcx", bearer(token("athlete_a1")), tcx,
                    "application/octet-stream")
                ->status,
            403);
  // File names that could name a path, or none.
  for (const char* name : {"..%2Fx.tcx", "a%2Fb.tcx", "a%5Cb.tcx", "..", ".hidden.tcx", ""}) {
    const std::string path = std::string("/api/v1/athletes/A1/activities?name=") + name;
    const auto r =
        c->Post(path.c_str(), bearer(token("athlete_a1")), tcx, "application/octet-stream");
    EXPECT_EQ(r->status, 400) << name << ": " << r->body;
    EXPECT_EQ(error_of(r)["field"], "name") << name;
  }
  // The wrong content type, and a body past the limit.
  const auto json_upload = c->Post("/api/v1/athletes/A1/activities?name=x.tcx",
                                   bearer(token("athlete_a1")), tcx, "application/json");
  EXPECT_EQ(json_upload->status, 415);
  const auto huge =
      c->Post("/api/v1/athletes/A1/activities?name=x.tcx", bearer(token("athlete_a1")),
              std::string(kTestBodyBytes + 1, 'x'), "application/octet-stream");
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413);
  EXPECT_EQ(error_of(huge)["kind"], "payload_too_large");
  // Not an activity file: the reader's error, placed.
  const auto garbage =
      c->Post("/api/v1/athletes/A1/activities?name=x.tcx", bearer(token("athlete_a1")),
              std::string("<nope"), "application/octet-stream");
  EXPECT_EQ(garbage->status, 400) << garbage->body;
  EXPECT_EQ(Json::parse(get("admin", "/api/v1/athletes/A1/activities")->body)["activities"].size(),
            1U);
  // The same bytes again: a duplicate, nothing new.
  const auto again =
      c->Post("/api/v1/athletes/A1/activities?name=again.tcx", bearer(token("athlete_a1")),
              testkit::synthetic_tcx(1200, 0), "application/octet-stream");
  EXPECT_EQ(again->status, 200);
  EXPECT_TRUE(Json::parse(again->body)["duplicate"].get<bool>());
}

TEST_F(ApiTest, LoadNeedsAccessAndConsent) {
  const auto r = get("coach_red", "/api/v1/athletes/A1/load");
  ASSERT_EQ(r->status, 200) << r->body;
  const Json j = Json::parse(r->body);
  EXPECT_EQ(j["metric"], "tss_gc");
  ASSERT_FALSE(j["days"].empty());
  EXPECT_GT(j["days"][0]["tss"].get<double>(), 0.0);
  EXPECT_EQ(get("coach_blue", "/api/v1/athletes/A1/load")->status, 403);
  const auto no_consent = get("admin", "/api/v1/athletes/C1/load");
  EXPECT_EQ(no_consent->status, 403);
  EXPECT_THAT(error_of(no_consent)["message"].get<std::string>(), HasSubstr("consent"));
  EXPECT_EQ(get("coach_red", "/api/v1/athletes/A1/load?convention=xx")->status, 400);
}

TEST_F(ApiTest, ConsentIsChangedByCoachesNotAnalysts) {
  const Json grant = {{"purpose", "video_analysis"}, {"granted", true}, {"note", "form 12"}};
  const auto analyst = post_json("analyst_red", "/api/v1/athletes/A1/consent", grant);
  EXPECT_EQ(analyst->status, 403);
  EXPECT_EQ(post_json("coach_blue", "/api/v1/athletes/A1/consent", grant)->status, 403);
  const auto coach = post_json("coach_red", "/api/v1/athletes/A1/consent", grant);
  ASSERT_EQ(coach->status, 200) << coach->body;
  EXPECT_TRUE(Json::parse(coach->body)["consent"]["video_analysis"].get<bool>());
  const Json history = Json::parse(get("analyst_red", "/api/v1/athletes/A1/consent")->body);
  EXPECT_EQ(history["history"].back()["actor"], "coach_red");
  EXPECT_EQ(history["history"].back()["note"], "form 12");
}

TEST_F(ApiTest, AdminsManageUsersTeamsAndReadTheAudit) {
  EXPECT_EQ(get("coach_red", "/api/v1/users")->status, 403);
  EXPECT_EQ(post_json("coach_red", "/api/v1/teams", {{"name", "green"}})->status, 403);
  ASSERT_EQ(post_json("admin", "/api/v1/teams", {{"name", "green"}})->status, 201);
  const auto added = post_json("admin", "/api/v1/users",
                               {{"name", "coach_green"},
                                {"password", testkit::kPassword},
                                {"role", "coach"},
                                {"teams", {"green"}}});
  ASSERT_EQ(added->status, 201) << added->body;
  EXPECT_EQ(Json::parse(added->body)["teams"], Json({"green"}));
  const auto dup =
      post_json("admin", "/api/v1/users",
                {{"name", "coach_green"}, {"password", testkit::kPassword}, {"role", "coach"}});
  EXPECT_EQ(dup->status, 400);
  const auto short_pw = post_json("admin", "/api/v1/users",
                                  {{"name", "x"}, {"password", "short"}, {"role", "coach"}});
  EXPECT_EQ(short_pw->status, 400);
  ASSERT_EQ(post_json("admin", "/api/v1/teams/green/members", {{"athlete", "C1"}})->status, 200);
  const std::string t = login("coach_green")["token"];
  EXPECT_EQ(server_->client()->Get("/api/v1/athletes/C1", bearer(t))->status, 200);
  EXPECT_EQ(server_->client()->Get("/api/v1/athletes/A1", bearer(t))->status, 403);
  const Json users = Json::parse(get("admin", "/api/v1/users")->body)["users"];
  EXPECT_GE(users.size(), 6U);
  EXPECT_EQ(Json::parse(get("admin", "/api/v1/teams")->body)["teams"].size(), 3U);

  // Reads of personal data are in the audit log, with who read them.
  ASSERT_EQ(get("athlete_a1", activity_path("/mmp"))->status, 200);
  const auto audit = get("admin", "/api/v1/audit?athlete=A1");
  ASSERT_EQ(audit->status, 200);
  bool seen = false;
  const Json rows = Json::parse(audit->body)["audit"];
  for (const Json& row : rows)
    seen = seen || (row["action"] == "read.mmp" && row["actor"] == "athlete_a1");
  EXPECT_TRUE(seen) << audit->body;
  EXPECT_EQ(get("coach_red", "/api/v1/audit")->status, 403);
  EXPECT_EQ(get("admin", "/api/v1/audit?limit=0")->status, 400);
}

TEST_F(ApiTest, ExportsArePseudonymisedAndErasureErases) {
  const auto exp = get("coach_red", "/api/v1/athletes/A1/export");
  ASSERT_EQ(exp->status, 200) << exp->body;
  EXPECT_EQ(exp->body.find("\"A1\""), std::string::npos) << "the id is pseudonymised";
  EXPECT_EQ(get("analyst_red", "/api/v1/athletes/A1/export")->status, 403);
  EXPECT_EQ(get("coach_red", "/api/v1/athletes/A1/export?identified=true")->status, 403)
      << "identified needs the sharing consent";

  // An athlete of its own, so that the other tests see B1 in any order.
  {
    store::Store st = store::Store::open(*dir_ + "/podium.db");
    st.add_athlete(std::string("E1"));
    store::Accounts(st).add_team_athlete("blue", "E1", "test");
  }
  EXPECT_EQ(server_->client()->Delete("/api/v1/athletes/E1", bearer(token("coach_blue")))->status,
            403);
  const auto del = server_->client()->Delete("/api/v1/athletes/E1", bearer(token("admin")));
  ASSERT_EQ(del->status, 200) << del->body;
  EXPECT_EQ(get("admin", "/api/v1/athletes/E1")->status, 404);
  EXPECT_EQ(server_->client()->Delete("/api/v1/athletes/E1", bearer(token("admin")))->status, 404);
}

TEST_F(ApiTest, ModelCardsAreCachedWithAnETag) {
  const auto r = get("coach_blue", "/api/v1/models");
  ASSERT_EQ(r->status, 200) << r->body;
  const Json j = Json::parse(r->body);
  EXPECT_FALSE(j["pretrained"]["models"].empty());
  const std::string etag = r->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  const auto again = server_->client()->Get(
      "/api/v1/models",
      {{"Authorization", "Bearer " + token("coach_blue")}, {"If-None-Match", etag}});
  EXPECT_EQ(again->status, 304);
  EXPECT_EQ(get("athlete_a1", "/api/v1/rank/models")->status, 200);
}

TEST_F(ApiTest, CareersAreThePeakAgeStudyForAnyUser) {
  const std::string query =
      "/api/v1/careers?from=1990&to=2022&min_points=0&top=0&clusters=2&bootstrap=20&"
      "permutations=19";
  {
    // A store without results (a server of its own: the suite's may have them already).
    const std::string dir = testkit::temp_dir("careers-empty");
    testkit::make_store(dir + "/podium.db");
    {
      testkit::Running empty(dir, ServerOptions{});
      const Json body = {{"name", "athlete_a1"}, {"password", testkit::kPassword}};
      const auto in = empty.client()->Post("/api/v1/session", body.dump(), "application/json");
      ASSERT_EQ(in->status, 200);
      const auto none = empty.client()->Get(
          query.c_str(), bearer(Json::parse(in->body)["token"].get<std::string>()));
      EXPECT_EQ(none->status, 404);
      EXPECT_THAT(error_of(none)["message"].get<std::string>(), HasSubstr("podium results import"));
    }
    std::filesystem::remove_all(dir);
  }
  {
    store::Store st = store::Store::open(*dir_ + "/podium.db");
    app::save_results(st, career::synthetic_table(30, 7), "test");
  }
  // Any role, no team needed: the results are public.
  const auto r = get("athlete_a1", query);
  ASSERT_EQ(r->status, 200) << r->body;
  const Json j = Json::parse(r->body);
  EXPECT_EQ(j["cohort"]["athletes"], 60);
  ASSERT_FALSE(j["groups"].empty());
  bool fitted = false;
  for (const Json& g : j["groups"]) {
    if (!g.contains("peak_age")) continue;
    fitted = true;
    EXPECT_GT(g["peak_age"].get<double>(), 22.0) << g.dump();
    EXPECT_LT(g["peak_age"].get<double>(), 33.0) << g.dump();
    // The curve on its age grid with the pointwise 95 % band from the same resamples.
    const Json& curve = g["curve"];
    const std::size_t n = curve["age"].size();
    ASSERT_EQ(n, 61U) << curve.dump();
    ASSERT_EQ(curve["fit"].size(), n);
    ASSERT_EQ(curve["lo"].size(), n);
    ASSERT_EQ(curve["hi"].size(), n);
    EXPECT_DOUBLE_EQ(curve["age"][0].get<double>(), g["age_range"][0].get<double>());
    EXPECT_DOUBLE_EQ(curve["age"][n - 1].get<double>(), g["age_range"][1].get<double>());
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_LE(curve["lo"][i].get<double>(), curve["fit"][i].get<double>()) << i;
      EXPECT_GE(curve["hi"][i].get<double>(), curve["fit"][i].get<double>()) << i;
    }
  }
  EXPECT_TRUE(fitted) << r->body;
  EXPECT_EQ(get("coach_blue", query)->get_header_value("ETag"), r->get_header_value("ETag"));
  EXPECT_EQ(get("admin", "/api/v1/careers?performance=speed")->status, 400);
  EXPECT_EQ(get("admin", "/api/v1/careers?bootstrap=100000")->status, 400);
}

TEST_F(ApiTest, RacePredictionsRankTheRidersOfARace) {
  {
    store::Store st = store::Store::open(*dir_ + "/podium.db");
    app::save_results(st, career::synthetic_table(30, 7), "test");
  }
  // The baseline needs no trained model: riders by points in the previous 365 days.
  const auto r =
      get("athlete_a1", "/api/v1/rank/predictions?year=2005&race=classic&model=baseline&top=5");
  ASSERT_EQ(r->status, 200) << r->body;
  const Json j = Json::parse(r->body);
  ASSERT_FALSE(j["races"].empty());
  const Json& race = j["races"][0];
  EXPECT_EQ(race["model"], "baseline");
  ASSERT_EQ(race["top"].size(), 5U);
  for (std::size_t i = 1; i < 5; ++i)
    EXPECT_GE(race["top"][i - 1]["score"].get<double>(), race["top"][i]["score"].get<double>());
  // No stored XGBoost model for 2005: the message names the command that trains one.
  const auto untrained = get("athlete_a1", "/api/v1/rank/predictions?year=2005&race=classic");
  EXPECT_EQ(untrained->status, 404) << untrained->body;
  EXPECT_THAT(error_of(untrained)["message"].get<std::string>(), HasSubstr("rank train"));
  EXPECT_EQ(get("admin", "/api/v1/rank/predictions?year=2020")->status, 400);
  EXPECT_EQ(get("admin", "/api/v1/rank/predictions?year=2020&race=x&model=magic")->status, 400);
}

// A league with an order to learn (synthetic_table ranks every rider 5th): 60 riders of seeded
// ability, 8 one-day WorldTour races a season 1995-2008 ("Classic A".."H"), 40 starters each,
// placed by ability plus noise, points for the top 10 (as tests/browser/make_data.mjs).
career::ResultsTable predictions_league() {
  career::ResultsTable t;
  std::mt19937 gen(7);
  std::normal_distribution<double> z(0.0, 1.0);
  constexpr int kRiders = 60, kStarters = 40;
  std::vector<double> ability;
  for (int r = 0; r < kRiders; ++r) {
    ability.push_back(z(gen));
    t.athletes.push_back(
        {"rider-" + std::to_string(r), career::day_from_ymd(1975 + r % 12, 1 + r % 9, 15)});
  }
  for (int season = 1995; season <= 2008; ++season) {
    for (int race = 0; race < 8; ++race) {
      const career::Day day = *career::day_from_ymd(season, 3 + race, 5 + 2 * race);
      std::string name = "Classic ";
      name.push_back(static_cast<char>('A' + race));
      std::string key = "classic-";
      key.push_back(static_cast<char>('a' + race));
      t.events.push_back({.name = name,
                          .race_key = key,
                          .event_class = "1.UWT",
                          .start_day = day,
                          .end_day = day,
                          .season = season});
      const auto event = static_cast<std::int32_t>(t.events.size() - 1);
      std::vector<int> riders(kRiders);
      std::iota(riders.begin(), riders.end(), 0);
      std::shuffle(riders.begin(), riders.end(), gen);
      std::vector<std::pair<double, int>> order;
      order.reserve(kStarters);
      for (int k = 0; k < kStarters; ++k)
        order.emplace_back(ability[static_cast<std::size_t>(riders[k])] + 0.7 * z(gen), riders[k]);
      std::sort(order.rbegin(), order.rend());
      for (int place = 0; place < kStarters; ++place) {
        t.results.push_back({.event = event,
                             .athlete = order[static_cast<std::size_t>(place)].second,
                             .day = day,
                             .rank = place + 1,
                             .points = place < 10 ? 100.0 - 10.0 * place : 0.0});
      }
    }
  }
  return t;
}

// What `podium rank train --model xgboost` does, through the library: the ranker of `year`
// trained on the stored results before it and saved in the store.
void train_xgboost_ranker(const std::string& db_path, int year) {
  store::Store st = store::Store::open(db_path);
  const auto in = app::load_rank_inputs(st);
  app::RankArgs a;
  a.year = year;
  const rank::Experiment e = a.experiment();
  const rank::TrainingSets sets = rank::training_sets(*in->builder, e, st.path());
  const auto ranker = app::make_ranker(rank::RankerKind::XgboostNdcg);
  ranker->train(sets.fit, &sets.validation, {.seed = e.seed, .threads = 1});
  const std::string bytes = ranker->save();
  st.save_rank_model(
      rank::model_name(rank::RankerKind::XgboostNdcg, year),
      rank::ranker_kind_name(rank::RankerKind::XgboostNdcg),
      rank::experiment_card(ranker->card(), e, rank::RankerKind::XgboostNdcg, sets).dump(),
      std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
}

TEST_F(ApiTest, RacePredictionsOfATrainedRankerComeWithShapValues) {
  // A store and server of their own: the league's riders would join the other tests' cohort.
  constexpr int kYear = 2008;
  const std::string dir = testkit::temp_dir("predictions-xgboost");
  testkit::make_store(dir + "/podium.db");
  {
    store::Store st = store::Store::open(dir + "/podium.db");
    app::save_results(st, predictions_league(), "test");
  }
  train_xgboost_ranker(dir + "/podium.db", kYear);
  const std::set<std::string> known = [] {
    const auto names = rank::feature_names(rank::FeatureOptions{});
    return std::set<std::string>(names.begin(), names.end());
  }();
  {
    testkit::Running own(dir, ServerOptions{});
    const Json body = {{"name", "athlete_a1"}, {"password", testkit::kPassword}};
    const auto in = own.client()->Post("/api/v1/session", body.dump(), "application/json");
    ASSERT_EQ(in->status, 200);
    const auto auth = bearer(Json::parse(in->body)["token"].get<std::string>());

    const auto r =
        own.client()->Get("/api/v1/rank/predictions?year=2008&race=classic-c&top=8", auth);
    ASSERT_EQ(r->status, 200) << r->body;
    const Json j = Json::parse(r->body);
    ASSERT_EQ(j["races"].size(), 1U);
    EXPECT_EQ(j["races"][0]["race_key"], "classic-c");
    for (const Json& race : j["races"]) {
      EXPECT_EQ(race["model"], "xgboost-ndcg");
      EXPECT_EQ(race["method"], "tree_shap");
      EXPECT_EQ(race["riders"], 40);
      const Json& top = race["top"];
      ASSERT_EQ(top.size(), 8U);
      for (std::size_t i = 0; i < top.size(); ++i) {
        const Json& pick = top[i];
        EXPECT_EQ(pick["position"], i + 1);
        const double score = pick["score"].get<double>();
        if (i > 0) {
          EXPECT_GE(top[i - 1]["score"].get<double>(), score) << "ranked by score";
        }
        // TreeSHAP is exact: the base plus every feature's contribution is the score.
        double sum = pick["base"].get<double>();
        double strongest = 0.0;
        ASSERT_EQ(pick["features"].size(), known.size());
        for (const Json& f : pick["features"]) {
          EXPECT_TRUE(known.count(f["feature"].get<std::string>())) << f.dump();
          const double c = f["contribution"].get<double>();
          sum += c;
          strongest = std::max(strongest, std::abs(c));
        }
        EXPECT_NEAR(sum, score, 1e-4 * std::max(1.0, std::abs(score))) << pick.dump();
        EXPECT_GT(strongest, 0.0) << "a trained model leans on some feature: " << pick.dump();
      }
      // The riders differ in what the model sees, so the scores spread.
      EXPECT_GT(top.front()["score"].get<double>(), top.back()["score"].get<double>());
    }
    // Without explanations: the same ranking, no attributions.
    const auto plain = own.client()->Get(
        "/api/v1/rank/predictions?year=2008&race=classic-c&top=8&explain=false", auth);
    ASSERT_EQ(plain->status, 200) << plain->body;
    const Json p = Json::parse(plain->body)["races"][0];
    EXPECT_FALSE(p.contains("method"));
    EXPECT_FALSE(p["top"][0].contains("features"));
    EXPECT_EQ(p["top"][0]["athlete"], j["races"][0]["top"][0]["athlete"]);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace podium::server
