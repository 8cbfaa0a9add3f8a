// The one entry point of the neural ranker's library (podium_rank_neural, which links libtorch):
// registers the "neural" kind into rank's ranker registry (ranker.hpp). Callers that must not
// load libtorch unless a neural ranker is needed call it right before, and nothing else of that
// library: a C symbol, so it can be looked up in a library opened at run time.
//
//   podium_register_neural_ranker();
//   std::unique_ptr<rank::Ranker> r = rank::create_ranker(rank::RankerKind::Neural);
#pragma once

extern "C" void podium_register_neural_ranker();
