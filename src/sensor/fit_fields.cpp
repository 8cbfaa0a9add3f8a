#include "fit_fields.hpp"

#include <cmath>
#include <limits>

#include "fit_stream.hpp"

namespace podium::sensor {

const FitFieldDef* fit_find_field(const FitMessage& m, std::uint8_t number) {
  for (const FitFieldDef& f : m.definition->fields)
    if (f.number == number && f.usable) return &f;
  return nullptr;
}

double fit_number(const FitMessage& m, std::uint8_t number) {
  const FitFieldDef* f = fit_find_field(m, number);
  if (f == nullptr || f->base_type == kFitString) return std::numeric_limits<double>::quiet_NaN();
  return fit_element(f->base_type, m.data + f->offset, m.definition->little_endian);
}

int fit_enum(const FitMessage& m, std::uint8_t number, int absent) {
  constexpr double kMaxEnum = 65535;
  double v = fit_number(m, number);
  if (!(v >= 0 && v <= kMaxEnum) || v != std::floor(v)) return absent;
  return static_cast<int>(v);
}

std::vector<double> fit_numbers(const FitMessage& m, std::uint8_t number) {
  std::vector<double> out;
  const FitFieldDef* f = fit_find_field(m, number);
  if (f == nullptr || f->base_type == kFitString) return out;
  std::size_t step = fit_base_type(f->base_type)->size;
  for (std::size_t at = 0; at + step <= f->size; at += step)
    out.push_back(fit_element(f->base_type, m.data + f->offset + at, m.definition->little_endian));
  return out;
}

std::string fit_text(const FitMessage& m, std::uint8_t number) {
  const FitFieldDef* f = fit_find_field(m, number);
  if (f == nullptr || f->base_type != kFitString) return "";
  return fit_string(m.data + f->offset, f->size);
}

}  // namespace podium::sensor
