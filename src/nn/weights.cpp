#include "weights.hpp"

#include <cmath>
#include <cstring>
#include <filesystem>

#include "podium/core/error.hpp"
#include "podium/core/file.hpp"

namespace podium::nn {
namespace {

std::size_t quant_width(const std::string& q) {
  if (q == "float16" || q == "uint16") return 2;
  if (q == "uint8") return 1;
  return 0;
}

float half_to_float(std::uint16_t h) {
  const std::uint32_t sign = std::uint32_t{h & 0x8000u} << 16;
  std::uint32_t exp = (h >> 10) & 0x1f;
  std::uint32_t mant = h & 0x3ff;
  std::uint32_t bits = 0;
  if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else {  // subnormal: renormalise
      exp = 127 - 15 + 1;
      while ((mant & 0x400) == 0) {
        mant <<= 1;
        --exp;
      }
      mant &= 0x3ff;
      bits = sign | (exp << 23) | (mant << 13);
    }
  } else if (exp == 31) {
    bits = sign | 0x7f800000u | (mant << 13);
  } else {
    bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
  }
  float f = 0;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

}  // namespace

std::unordered_map<std::string, at::Tensor> decode_weights(
    const GraphDef& graph, const std::vector<std::vector<std::string>>& shard_bytes) {
  std::unordered_map<std::string, at::Tensor> out;
  PODIUM_ASSERT(shard_bytes.size() == graph.weight_groups.size());
  for (std::size_t g = 0; g < graph.weight_groups.size(); ++g) {
    const WeightGroup& group = graph.weight_groups[g];
    PODIUM_ASSERT(shard_bytes[g].size() == group.paths.size());
    std::string joined;
    std::vector<std::size_t> shard_end;  // cumulative sizes, to say which shard a byte is in
    for (const std::string& b : shard_bytes[g]) {
      joined += b;
      shard_end.push_back(joined.size());
    }
    // A position in the concatenated shards of this group is a byte of one shard file, which
    // lies beside model.json: "models/movenet/group1-shard2of2.bin: byte 96: weight 'w'".
    auto place = [&](std::size_t pos, const std::string& weight) {
      std::size_t k = 0;
      while (k + 1 < shard_end.size() && pos >= shard_end[k])
        ++k;
      const std::size_t start = k == 0 ? 0 : shard_end[k - 1];
      const std::string shard = group.paths.empty() ? "(no shard)" : group.paths[k];
      return Place{.source = (std::filesystem::path(graph.source).parent_path() / shard).string(),
                   .byte = pos - start,
                   .field = "weight '" + weight + "'"};
    };
    std::size_t offset = 0;
    for (const WeightSpec& w : group.weights) {
      const Place where = place(offset, w.name);
      std::int64_t numel = 1;
      for (std::int64_t d : w.shape)
        numel *= d;  // bounded by the parser
      const std::size_t n = static_cast<std::size_t>(numel);
      std::size_t width = 0;
      if (!w.quant_dtype.empty()) {
        width = quant_width(w.quant_dtype);
        if (width == 0) {
          throw Error(ErrorKind::Unsupported, where,
                      "quantization dtype '" + w.quant_dtype + "' is not supported");
        }
      } else if (w.dtype == "float32" || w.dtype == "int32") {
        width = 4;
      } else if (w.dtype == "bool") {
        width = 1;
      } else {
        throw Error(ErrorKind::Unsupported, where, "dtype '" + w.dtype + "' is not supported");
      }
      if (w.dtype != "float32" && w.dtype != "int32" && w.dtype != "bool") {
        throw Error(ErrorKind::Unsupported, where, "dtype '" + w.dtype + "' is not supported");
      }
      const std::size_t need = n * width;
      if (joined.size() < offset || joined.size() - offset < need) {
        throw Error(ErrorKind::Format, where,
                    "needs " + std::to_string(need) + " bytes, the shards hold only " +
                        std::to_string(joined.size() - std::min(offset, joined.size())) +
                        " more (shard is short)");
      }
      const char* p = joined.data() + offset;
      std::vector<std::int64_t> shape(w.shape.begin(), w.shape.end());
      at::Tensor t;
      if (w.dtype == "bool") {
        t = at::empty(shape, at::kBool);
        auto* dst = t.data_ptr<bool>();
        for (std::size_t i = 0; i < n; ++i)
          dst[i] = p[i] != 0;
      } else if (w.quant_dtype.empty()) {
        t = at::empty(shape, w.dtype == "float32" ? at::kFloat : at::kInt);
        if (need > 0) std::memcpy(t.data_ptr(), p, need);  // a 0-element tensor has no buffer
      } else if (w.quant_dtype == "float16") {
        if (w.dtype != "float32") {
          throw Error(ErrorKind::Unsupported, where, "float16 quantization of " + w.dtype);
        }
        t = at::empty(shape, at::kFloat);
        auto* dst = t.data_ptr<float>();
        for (std::size_t i = 0; i < n; ++i) {
          std::uint16_t h = 0;
          std::memcpy(&h, p + 2 * i, 2);
          dst[i] = half_to_float(h);
        }
      } else {
        t = at::empty(shape, w.dtype == "float32" ? at::kFloat : at::kInt);
        for (std::size_t i = 0; i < n; ++i) {
          std::uint32_t q = 0;
          if (width == 1) {
            q = static_cast<unsigned char>(p[i]);
          } else {
            std::uint16_t h = 0;
            std::memcpy(&h, p + 2 * i, 2);
            q = h;
          }
          const double v = q * w.quant_scale + w.quant_min;
          if (w.dtype == "float32") {
            t.data_ptr<float>()[i] = static_cast<float>(v);
          } else {
            t.data_ptr<std::int32_t>()[i] = static_cast<std::int32_t>(std::lround(v));
          }
        }
      }
      if (t.scalar_type() == at::kFloat) {
        const float* v = t.data_ptr<float>();
        for (std::size_t i = 0; i < n; ++i) {
          if (std::isnan(v[i])) {
            throw Error(ErrorKind::Model, where, "element " + std::to_string(i) + " is NaN");
          }
        }
      }
      if (!out.emplace(w.name, std::move(t)).second) {
        throw Error(ErrorKind::Format, where, "listed twice in the weights manifest");
      }
      offset += need;
    }
    if (offset != joined.size()) {
      throw Error(ErrorKind::Format, Place{.source = graph.source},
                  "weight group " + std::to_string(g) + " (" +
                      (group.paths.empty() ? "" : group.paths.front()) +
                      (group.paths.size() > 1 ? ", ..." : "") + ") holds " +
                      std::to_string(joined.size()) + " bytes, the manifest describes " +
                      std::to_string(offset));
    }
  }
  return out;
}

std::unordered_map<std::string, at::Tensor> load_weights(const GraphDef& graph,
                                                         const std::string& model_dir) {
  std::vector<std::vector<std::string>> bytes;
  for (const WeightGroup& group : graph.weight_groups) {
    auto& shards = bytes.emplace_back();
    for (const std::string& p : group.paths) {
      const std::string path = (std::filesystem::path(model_dir) / p).string();
      std::error_code ec;
      if (!std::filesystem::exists(path, ec)) {
        throw Error(ErrorKind::NotFound, Place{.source = graph.source},
                    "weight shard '" + path + "' is missing");
      }
      shards.push_back(read_file(path));
    }
  }
  return decode_weights(graph, bytes);
}

}  // namespace podium::nn
