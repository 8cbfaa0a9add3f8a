// Where podium keeps its state: the store and the fetched models.
//
// Contract: $PODIUM_HOME when set and non-empty, else $HOME/.cache/podium, else ./.podium.
// Nothing is created here; callers create what they write.
//
//   std::string db = podium_home() + "/podium.db";
#pragma once

#include <string>

namespace podium {

std::string podium_home();

}  // namespace podium
