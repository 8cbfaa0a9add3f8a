#include "fit_profile.hpp"

#include <algorithm>

namespace podium::sensor::fit {
namespace {

// Enum names from the FIT profile (SDK 21.x), spelled as @garmin/fitsdk prints them. Sorted by
// number. Manufacturers: the ones head units, watches, power meters and trainer apps write.
struct Name {
  int number;
  const char* name;
};

constexpr Name kSports[] = {
    {0, "generic"},
    {1, "running"},
    {2, "cycling"},
    {3, "transition"},
    {4, "fitnessEquipment"},
    {5, "swimming"},
    {6, "basketball"},
    {7, "soccer"},
    {8, "tennis"},
    {9, "americanFootball"},
    {10, "training"},
    {11, "walking"},
    {12, "crossCountrySkiing"},
    {13, "alpineSkiing"},
    {14, "snowboarding"},
    {15, "rowing"},
    {16, "mountaineering"},
    {17, "hiking"},
    {18, "multisport"},
    {19, "paddling"},
    {20, "flying"},
    {21, "eBiking"},
    {22, "motorcycling"},
    {23, "boating"},
    {24, "driving"},
    {25, "golf"},
    {26, "hangGliding"},
    {27, "horsebackRiding"},
    {28, "hunting"},
    {29, "fishing"},
    {30, "inlineSkating"},
    {31, "rockClimbing"},
    {32, "sailing"},
    {33, "iceSkating"},
    {34, "skyDiving"},
    {35, "snowshoeing"},
    {36, "snowmobiling"},
    {37, "standUpPaddleboarding"},
    {38, "surfing"},
    {39, "wakeboarding"},
    {40, "waterSkiing"},
    {41, "kayaking"},
    {42, "rafting"},
    {43, "windsurfing"},
    {44, "kitesurfing"},
    {45, "tactical"},
    {46, "jumpmaster"},
    {47, "boxing"},
    {48, "floorClimbing"},
    {49, "baseball"},
    {53, "diving"},
};

constexpr Name kSubSports[] = {
    {0, "generic"},
    {1, "treadmill"},
    {2, "street"},
    {3, "trail"},
    {4, "track"},
    {5, "spin"},
    {6, "indoorCycling"},
    {7, "road"},
    {8, "mountain"},
    {9, "downhill"},
    {10, "recumbent"},
    {11, "cyclocross"},
    {12, "handCycling"},
    {13, "trackCycling"},
    {14, "indoorRowing"},
    {15, "elliptical"},
    {16, "stairClimbing"},
    {17, "lapSwimming"},
    {18, "openWater"},
    {19, "flexibilityTraining"},
    {20, "strengthTraining"},
    {21, "warmUp"},
    {22, "match"},
    {23, "exercise"},
    {24, "challenge"},
    {25, "indoorSkiing"},
    {26, "cardioTraining"},
    {27, "indoorWalking"},
    {28, "eBikeFitness"},
    {29, "bmx"},
    {30, "casualWalking"},
    {31, "speedWalking"},
    {32, "bikeToRunTransition"},
    {33, "runToBikeTransition"},
    {34, "swimToBikeTransition"},
    {35, "atv"},
    {36, "motocross"},
    {37, "backcountry"},
    {38, "resort"},
    {39, "rcDrone"},
    {40, "wingsuit"},
    {41, "whitewater"},
    {42, "skateSkiing"},
    {43, "yoga"},
    {44, "pilates"},
    {45, "indoorRunning"},
    {46, "gravelCycling"},
    {47, "eBikeMountain"},
    {48, "commuting"},
    {49, "mixedSurface"},
    {50, "navigate"},
    {51, "trackMe"},
    {52, "map"},
    {53, "singleGasDiving"},
    {54, "multiGasDiving"},
    {55, "gaugeDiving"},
    {56, "apneaDiving"},
    {57, "apneaHunting"},
    {58, "virtualActivity"},
};

constexpr Name kManufacturers[] = {
    {1, "garmin"},
    {2, "garminFr405Antfs"},
    {6, "srm"},
    {7, "quarq"},
    {9, "saris"},
    {13, "dynastreamOem"},
    {15, "dynastream"},
    {16, "timex"},
    {23, "suunto"},
    {32, "wahooFitness"},
    {37, "magellan"},
    {38, "osynce"},
    {40, "concept2"},
    {41, "shimano"},
    {48, "pioneer"},
    {60, "rotor"},
    {63, "specialized"},
    {67, "bkool"},
    {69, "stagesCycling"},
    {70, "sigmasport"},
    {86, "elite"},
    {87, "nielsenKellerman"},
    {89, "tacx"},
    {95, "stryd"},
    {99, "look"},
    {107, "magene"},
    {123, "polarElectro"},
    {129, "corosByte"},
    {255, "development"},
    {258, "lezyne"},
    {260, "zwift"},
    {263, "faveroElectronics"},
    {265, "strava"},
    {267, "bryton"},
    {268, "sram"},
    {281, "trainerRoad"},
    {282, "theSufferfest"},
    {289, "hammerhead"},
    {294, "coros"},
};

template <std::size_t N>
std::string lookup(const Name (&names)[N], int number) {
  const Name* it = std::lower_bound(std::begin(names), std::end(names), number,
                                    [](const Name& n, int v) { return n.number < v; });
  if (it != std::end(names) && it->number == number) return it->name;
  return std::to_string(number);
}

}  // namespace

std::string manufacturer_name(int manufacturer) {
  return lookup(kManufacturers, manufacturer);
}
std::string sport_name(int sport) {
  return lookup(kSports, sport);
}
std::string sub_sport_name(int sub_sport) {
  return lookup(kSubSports, sub_sport);
}

}  // namespace podium::sensor::fit
