// race_key() (results.hpp) and the time-trial test of race names (results_csv.hpp). The alias
// table comes from grepping the shared PCS data for every name a WorldTour one-day race had
// (docs/formats.md lists it); its targets are the race_key values of the derived classics file.
#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <utility>

#include "podium/career/results.hpp"
#include "podium/career/results_csv.hpp"

namespace podium::career {
namespace {

// Latin-1 supplement letters U+00C0..U+00FF folded to ASCII ('\0' = not a letter: dropped).
constexpr std::string_view kLatin1Fold =
    "aaaaaaaceeeeiiii"   // C0-CF (Æ -> a)
    "dnooooo\0ouuuuyts"  // D0-DF (× dropped, Þ -> t, ß -> s)
    "aaaaaaaceeeeiiii"   // E0-EF
    "dnooooo\0ouuuuyty"  // F0-FF
    ;

// Latin Extended-A U+0100..U+017F: the base letter of each (pairs upper/lower).
constexpr std::string_view kLatinExtAFold =
    "aaaaaaccccccccdd"  // 0100-010F
    "ddeeeeeeeeeegggg"  // 0110-011F
    "gggghhhhiiiiiiii"  // 0120-012F
    "iiiijjkkklllllll"  // 0130-013F
    "lllnnnnnnnnnoooo"  // 0140-014F
    "oooorrrrrrssssss"  // 0150-015F
    "ssttttttuuuuuuuu"  // 0160-016F
    "uuuuwwyyyzzzzzzs"  // 0170-017F
    ;

struct Alias {
  std::string_view from;
  std::string_view to;
};

// Normalised source names -> one key per race. Sorted by target.
constexpr std::array kAliases = {
    Alias{"bretagne-classic-ouest-france", "bretagne-classic"},
    Alias{"gp-ouest-france-plouay", "bretagne-classic"},
    Alias{"clasica-ciclista-san-sebastian", "clasica-san-sebastian"},
    Alias{"donostia-san-sebastian-klasikoa", "clasica-san-sebastian"},
    Alias{"ag-driedaagse-brugge-de-panne", "classic-brugge-de-panne"},
    Alias{"driedaagse-brugge-de-panne", "classic-brugge-de-panne"},
    Alias{"minerva-classic-brugge-de-panne", "classic-brugge-de-panne"},
    Alias{"oxyclean-classic-brugge-de-panne", "classic-brugge-de-panne"},
    Alias{"euroeyes-cyclassics-hamburg", "cyclassics-hamburg"},
    Alias{"vattenfall-cyclassics", "cyclassics-hamburg"},
    Alias{"hew-cyclassics", "cyclassics-hamburg"},
    Alias{"dwars-door-vlaanderen-a-travers-la-flandre", "dwars-door-vlaanderen"},
    Alias{"e3-binckbank-classic", "e3-harelbeke"},
    Alias{"e3-prijs-harelbeke", "e3-harelbeke"},
    Alias{"e3-prijs-vlaanderen", "e3-harelbeke"},
    Alias{"e3-saxo-bank-classic", "e3-harelbeke"},
    Alias{"record-bank-e3-harelbeke", "e3-harelbeke"},
    Alias{"eschborn-frankfurt-rund-um-den-finanzplatz", "eschborn-frankfurt"},
    Alias{"rund-um-den-finanzplatz-eschborn-frankfurt", "eschborn-frankfurt"},
    Alias{"gent-wevelgem-in-flanders-fields", "gent-wevelgem"},
    Alias{"giro-di-lombardia", "il-lombardia"},
    Alias{"kuurne-bruxelles-kuurne", "kuurne-brussel-kuurne"},
    Alias{"omloop-het-volk", "omloop-het-nieuwsblad"},
    Alias{"prudential-ridelondon-classic", "ridelondon-classic"},
    Alias{"prudential-ridelondon-surrey-classic", "ridelondon-classic"},
    Alias{"ride-london-classic", "ridelondon-classic"},
    Alias{"ronde-van-vlaanderen-tour-des-flandres", "ronde-van-vlaanderen"},
    Alias{"montepaschi-strade-bianche-eroica-toscana", "strade-bianche"},
};

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// Lower-case ASCII with Latin accents folded; every other byte becomes '-'.
std::string fold(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
      continue;
    }
    const auto next = i + 1 < name.size() ? static_cast<unsigned char>(name[i + 1]) : 0U;
    const bool continuation = (next & 0xC0U) == 0x80U;
    const unsigned cp = continuation ? ((c & 0x1FU) << 6) | (next & 0x3FU) : 0U;
    if ((c & 0xE0U) == 0xC0U && continuation && cp >= 0xC0 && cp < 0x180) {
      const char folded = cp < 0x100 ? kLatin1Fold[cp - 0xC0] : kLatinExtAFold[cp - 0x100];
      out += folded != '\0' ? folded : '-';
      ++i;
      continue;
    }
    out += '-';
  }
  return out;
}

bool is_category(std::string_view inside) {
  std::string lower(inside);
  for (char& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view category :
       {"u23", "u19", "mj", "wj", "mu", "wu", "juniors", "junior", "espoirs"}) {
    if (lower == category) return true;
  }
  return false;
}

}  // namespace

std::string race_key(std::string_view name) {
  while (!name.empty() && name.back() == ' ')
    name.remove_suffix(1);
  if (!name.empty() && name.back() == ')') {
    // The class suffix goes; a category in brackets ("(U23)") is part of the race's identity,
    // else the under-23 edition would share the elite race's key.
    const std::size_t open = name.rfind('(');
    if (open != std::string_view::npos &&
        !is_category(name.substr(open + 1, name.size() - open - 2))) {
      name = name.substr(0, open);
    }
  }
  const std::string folded = fold(name);
  std::string key;
  for (char c : folded) {
    if (is_alnum(c)) {
      key += c;
    } else if (!key.empty() && key.back() != '-') {
      key += '-';
    }
  }
  while (!key.empty() && key.back() == '-')
    key.pop_back();
  for (std::string_view category : {"-me", "-we"}) {
    if (key.size() > category.size() &&
        std::string_view(key).substr(key.size() - category.size()) == category)
      key.resize(key.size() - category.size());
  }
  for (const Alias& alias : kAliases)
    if (key == alias.from) return std::string(alias.to);
  return key;
}

bool is_time_trial_name(std::string_view name) {
  const std::string folded = fold(name);
  std::string_view s = folded;
  if (s.substr(0, 8) == "prologue") return true;
  // "itt" or "time trial" as whole words; "ttt" / "team time trial" are not individual.
  for (std::size_t pos = s.find("itt"); pos != std::string_view::npos;
       pos = s.find("itt", pos + 1)) {
    const bool starts = pos == 0 || !is_alnum(s[pos - 1]);
    const bool ends = pos + 3 == s.size() || !is_alnum(s[pos + 3]);
    if (starts && ends) return true;
  }
  const std::size_t tt = s.find("time trial");
  if (tt != std::string_view::npos) {
    const bool team = tt >= 5 && s.substr(tt - 5, 5) == "team ";
    if (!team) return true;
  }
  return s.find("contre-la-montre") != std::string_view::npos &&
         s.find("equipe") == std::string_view::npos;
}

}  // namespace podium::career
