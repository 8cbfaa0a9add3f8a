// The 2023 scrape's readers on made-up rows (each corruption class one located error), and the
// reconciliation of its "Lastname Firstname" names with PCS slugs on hand cases.
#include "podium/career/results_pcs2023.hpp"

#include <gtest/gtest.h>

#include <string>

#include "podium/core/error.hpp"

namespace podium::career {
namespace {

constexpr const char* kRidersHeader =
    "Rank;Prev;Diff;Rider;Team;Points;Date_of_birth;Nationality;Weight;Height;PCS_points;"
    "One_dav_races;GC;Time_trial;Sprint;Cimber\n";
constexpr const char* kRacesHeader =
    "nom,circuit,date,heure_depart,categorie2,premier,deuxieme,troisieme,quatrieme,cinquieme,"
    "sixieme,septieme,huitieme,neuvieme,dixieme\n";

std::string riders(const std::string& rows) {
  return std::string(kRidersHeader) + rows;
}
std::string races(const std::string& rows) {
  return std::string(kRacesHeader) + rows;
}

// The error a reader throws: its place and problem.
template <typename Read>
Error error_of(Read&& read) {
  try {
    read();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error";
  return Error(ErrorKind::Internal, "none");
}

TEST(ResultsPcs2023, RidersWithBirthDaysInTextForm) {
  const auto r = read_pcs2023_riders(
      riders("1;1;;Pogačar Tadej;UAE Team Emirates;3309;21st September 1998;Slovenia;66;1.76;"
             "3309;4490;5194;1837;226;7346\n"
             "2;2;;Van Der Poel Mathieu;Alpecin;2000;;Netherlands;75;1.84;1;2;3;4;5;6\n"),
      "coureurs.csv");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].uci_rank, 1);
  EXPECT_EQ(r[0].name, "Pogačar Tadej");
  EXPECT_EQ(r[0].team, "UAE Team Emirates");
  EXPECT_EQ(r[0].birth_day, day_from_ymd(1998, 9, 21));
  EXPECT_EQ(r[0].line, 2);
  EXPECT_FALSE(r[1].birth_day.has_value());
}

TEST(ResultsPcs2023, RacesOneDayStagesAndTimeTrials) {
  const auto r = read_pcs2023_races(
      races("\"Milano-Sanremo, ME\",1.UWT,18 March 2023,10:00,1.WT.A,Van Der Poel Mathieu,Ganna "
            "Filippo,Van Aert Wout,,,,,,,\n"
            "Santos Tour Down Under,2.UWT,17 January 2023,18:00,2.WT.Stage,A B,,,,,,,,,\n"
            "Boucles de la Mayenne,Final,28 May 2023,,,C D,,,,,,,,,\n"
            "National Championships Germany ME - ITT,NC,23 June 2023,,Nationals.C3.TT,E "
            "F,,,,,,,,,\n"
            "Tour of Antalya,2.1,,,,,,,,,,,,,\n"),
      "courses.csv");
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[4].kind, Pcs2023Kind::Empty);
  EXPECT_EQ(r[0].name, "Milano-Sanremo, ME");
  EXPECT_EQ(r[0].kind, Pcs2023Kind::OneDay);
  EXPECT_EQ(r[0].day, day_from_ymd(2023, 3, 18));
  EXPECT_EQ(r[0].top[2], "Van Aert Wout");
  EXPECT_EQ(r[0].top[3], "");
  EXPECT_FALSE(r[0].time_trial);
  EXPECT_EQ(r[1].kind, Pcs2023Kind::Stage);
  EXPECT_EQ(r[2].kind, Pcs2023Kind::Other);
  EXPECT_EQ(r[3].kind, Pcs2023Kind::OneDay);
  EXPECT_TRUE(r[3].time_trial);
}

TEST(ResultsPcs2023, EachCorruptionIsOneLocatedError) {
  struct Case {
    std::string bytes;
    bool riders_file;
    std::uint64_t line;
    std::string field;
  };
  const std::string good_race = "R,1.1,01 May 2023,,1.1,A B,,,,,,,,,\n";
  const Case cases[] = {
      {"", true, 1, "header"},                               // empty file
      {"Rank;Rider;Team\n1;A B;T\n", true, 1, "header"},     // no Date_of_birth
      {riders("x;;;A B;T;1;;;;;;;;;;\n"), true, 2, "Rank"},  // rank not a number
      {riders("0;;;A B;T;1;;;;;;;;;;\n"), true, 2, "Rank"},  // rank 0
      {riders("1;;;A B;T;1;31st February 1990;;;;;;;;;\n"), true, 2, "Date_of_birth"},
      {riders("1;;;A B;T;1;1st Smarch 1990;;;;;;;;;\n"), true, 2, "Date_of_birth"},
      {riders("1;;; ;T;1;;;;;;;;;;\n"), true, 2, "Rider"},  // empty name
      {riders("1;;;A B;T;1;\n"), true, 2, "fields"},        // short record
      {races(good_race + "R,1.1,2023-05-01,,1.1,A,,,,,,,,,\n"), false, 3, "date"},
      {races(",1.1,01 May 2023,,1.1,A,,,,,,,,,\n"), false, 2, "nom"},
      {races("R,1.1,,,1.1,A,,,,,,,,,\n"), false, 2, "date"},  // places but no date
      {races("R,1.1,01 May 2023,,1.1,A,,,,,,,,\n"), false, 2, "fields"},
      {"nom,circuit,date\nR,1.1,01 May 2023\n", false, 1, "header"},  // no places
  };
  for (const Case& c : cases) {
    const Error e = error_of([&] {
      if (c.riders_file) {
        read_pcs2023_riders(c.bytes, "f.csv");
      } else {
        read_pcs2023_races(c.bytes, "f.csv");
      }
    });
    EXPECT_EQ(e.kind(), ErrorKind::Format) << c.bytes;
    EXPECT_EQ(e.place().source, "f.csv") << c.bytes;
    EXPECT_EQ(e.place().line, c.line) << c.bytes;
    EXPECT_EQ(e.place().field, c.field) << c.bytes;
  }
  // An unterminated quote is the CSV reader's located error.
  EXPECT_THROW(read_pcs2023_races(races("\"R,1.1\n"), "f.csv"), Error);
}

TEST(ResultsPcs2023, NameKeysFoldOrderAccentsAndApostrophes) {
  EXPECT_EQ(rider_name_key("Pogačar Tadej"), "pogacar-tadej");
  EXPECT_EQ(rider_name_key("tadej-pogacar"), rider_name_key("Pogačar Tadej"));
  EXPECT_EQ(rider_name_key("O'connor Ben"), rider_name_key("ben-oconnor"));
  EXPECT_EQ(rider_name_key("Kragh Andersen Søren"), rider_name_key("soren-kragh-andersen"));
  EXPECT_EQ(rider_name_key("Van Der Poel Mathieu"), rider_name_key("mathieu-van-der-poel"));
  EXPECT_EQ(rider_name_key("Liepiņš Emīls"), rider_name_key("emils-liepins"));
  EXPECT_EQ(rider_name_key("alex-kirsch-2"), rider_name_key("Kirsch Alex"));
  EXPECT_NE(rider_name_key("Yates Simon"), rider_name_key("Yates Adam"));
  EXPECT_EQ(rider_name_key(" - "), "");
}

TEST(ResultsPcs2023, MatchByNameThenBirthDay) {
  ResultsTable t;
  const Day born = *day_from_ymd(1998, 9, 21);
  t.athletes = {{.id = "tadej-pogacar", .birth_day = born},
                {.id = "simon-yates", .birth_day = day_from_ymd(1992, 8, 7)},
                {.id = "adam-yates", .birth_day = day_from_ymd(1992, 8, 7)},
                {.id = "alex-kirsch", .birth_day = day_from_ymd(1992, 6, 12)},
                {.id = "alex-kirsch-1", .birth_day = day_from_ymd(1970, 1, 1)},
                {.id = "jan-namesake", .birth_day = day_from_ymd(1980, 1, 1)},
                {.id = "jonas-vingegaard-rasmussen", .birth_day = day_from_ymd(1996, 12, 10)},
                {.id = "william-barta", .birth_day = day_from_ymd(1996, 1, 4)},
                {.id = "william-barta-2", .birth_day = day_from_ymd(1996, 1, 4)},
                {.id = "rui-oliveira", .birth_day = day_from_ymd(1996, 9, 5)}};
  const std::vector<Pcs2023Rider> riders = {
      {.name = "Pogačar Tadej", .birth_day = born},
      {.name = "Yates Adam"},
      {.name = "Kirsch Alex", .birth_day = day_from_ymd(1992, 6, 12)},
      {.name = "Kirsch Alex"},
      {.name = "Namesake Jan", .birth_day = day_from_ymd(2001, 1, 1)},
      {.name = "Unknown Rider"},
      {.name = "Vingegaard Jonas", .birth_day = day_from_ymd(1996, 12, 10)},
      {.name = "Barta Will", .birth_day = day_from_ymd(1996, 1, 4)},
      {.name = "Vingegaard Jonas", .birth_day = day_from_ymd(1996, 12, 11)},
      {.name = "Oliveira Ivo", .birth_day = day_from_ymd(1996, 9, 5)}};
  const RiderMatches m = match_riders(t, riders);
  ASSERT_EQ(m.athlete.size(), 10u);
  EXPECT_EQ(m.athlete[0], 0);
  EXPECT_EQ(m.how[0], RiderMatch::Name);
  EXPECT_EQ(m.athlete[1], 2);  // no birth day in the file: the name alone
  EXPECT_EQ(m.athlete[2], 3);  // two Alex Kirsch: the birth day decides
  EXPECT_EQ(m.how[2], RiderMatch::NameAndBirthDay);
  EXPECT_EQ(m.athlete[3], -1);  // two and no birth day to decide
  EXPECT_EQ(m.how[3], RiderMatch::Ambiguous);
  EXPECT_EQ(m.athlete[4], -1);  // same name, another birth day: a namesake
  EXPECT_EQ(m.how[4], RiderMatch::BirthDayDiffers);
  EXPECT_EQ(m.how[5], RiderMatch::None);
  // An extra word in the slug, same birth day: the one athlete whose name covers the rider's.
  EXPECT_EQ(m.athlete[6], 6);
  EXPECT_EQ(m.how[6], RiderMatch::WordsAndBirthDay);
  // "will" begins "william", but two such athletes were born that day: no match.
  EXPECT_EQ(m.athlete[7], -1);
  // Another birth day: no match.
  EXPECT_EQ(m.athlete[8], -1);
  // Twins: Ivo's brother Rui, born the same day, shares only the surname.
  EXPECT_EQ(m.athlete[9], -1);
  EXPECT_EQ(m.how[9], RiderMatch::None);
  EXPECT_EQ(m.matched(), 4u);
  EXPECT_STREQ(rider_match_name(m.how[2]), "name+birth_day");
}

}  // namespace
}  // namespace podium::career
