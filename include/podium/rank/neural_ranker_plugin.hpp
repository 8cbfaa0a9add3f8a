// The one entry point of the neural ranker's library (podium_rank_neural, which links libtorch):
// registers the "neural" kind into rank's ranker registry (ranker.hpp). The CLI loads that library
// only when a neural ranker is asked for and calls this, and nothing else of it: a C symbol, so
// it can be looked up in a library opened at run time (core/plugin.hpp).
//
//   podium_register_neural_ranker();  // or through plugin_symbol("podium_rank_neural", ...)
//   std::unique_ptr<rank::Ranker> r = rank::create_ranker(rank::RankerKind::Neural);
#pragma once

extern "C" void podium_register_neural_ranker();
