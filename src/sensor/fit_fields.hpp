// Reading native fields of one decoded FIT message by field number (internal to the FIT reader).
//
// Contract: a field that the message's definition lacks, or that the decoder marked unusable
// (unknown base type, size not a multiple of the base type), reads as absent: NaN, an empty
// vector or an empty string. Numbers are raw (no scale or offset); callers apply the profile's.
//
//   double hr = fit_number(message, fit::kRecordHeartRate);  // NaN when absent or 0xFF
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fit_decode.hpp"

namespace podium::sensor {

const FitFieldDef* fit_find_field(const FitMessage& m, std::uint8_t number);

// First element as a number; NaN when absent, invalid or a string.
double fit_number(const FitMessage& m, std::uint8_t number);

// A field holding an enum, index or count: its value when it is an integer in [0, 65535],
// otherwise (absent, invalid, or a file declaring it with a type that gives something else)
// `absent`. Casting such file-chosen doubles to int unchecked would be undefined behaviour.
int fit_enum(const FitMessage& m, std::uint8_t number, int absent);

// Every element (NaN where invalid); empty when absent or a string.
std::vector<double> fit_numbers(const FitMessage& m, std::uint8_t number);

// A string field up to its first NUL; "" when absent or not a string.
std::string fit_text(const FitMessage& m, std::uint8_t number);

}  // namespace podium::sensor
