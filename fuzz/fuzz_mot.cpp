// libFuzzer target: MOTChallenge tracks (podium::vision::parse_mot), their writer and the tracking
// evaluation. Bytes before the first 0 byte are ground truth, the rest predictions (all of it
// both when there is no 0). Any input must parse or throw podium::Error; whatever parses must
// write back to rows that read back identically, and evaluate (or be refused with an Error) to
// ratios in their ranges. A crash, a sanitizer report, any other exception, a ratio out of
// range or a round trip that differs is a bug. Build and run: fuzz/run.sh (see fuzz/README.md).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/vision/mot.hpp"

namespace {

using podium::vision::MotMetrics;
using podium::vision::MotRow;

bool fuzz_mot_in(double v, double lo, double hi) {
  return v >= lo && v <= hi;
}

void check_round_trip(const std::vector<MotRow>& rows) {
  const auto back = podium::vision::parse_mot(podium::vision::format_mot(rows), "written.txt");
  if (back.size() != rows.size()) std::abort();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const MotRow& a = rows[i];
    const MotRow& b = back[i];
    if (a.frame != b.frame || a.id != b.id || a.box.x != b.box.x || a.box.y != b.box.y ||
        a.box.width != b.box.width || a.box.height != b.box.height || a.score != b.score)
      std::abort();
  }
}

void check_metrics(const MotMetrics& m) {
  for (const double v : {m.motp, m.precision, m.recall, m.idf1, m.idp, m.idr, m.hota, m.deta,
                         m.assa, m.loca, m.det_re, m.det_pr, m.ass_re, m.ass_pr}) {
    if (!fuzz_mot_in(v, 0, 1)) std::abort();
  }
  if (!(m.mota <= 1) || !(m.moda <= 1) || std::isnan(m.mota)) std::abort();
  if (m.tp + m.fn != m.gt_boxes || m.tp + m.fp != m.pred_boxes) std::abort();
  if (m.idtp + m.idfn != m.gt_boxes || m.idtp + m.idfp != m.pred_boxes) std::abort();
  if (m.mostly_tracked + m.partially_tracked + m.mostly_lost != m.gt_ids) std::abort();
}

void evaluate_both_ways(const std::vector<MotRow>& gt, const std::vector<MotRow>& pred) {
  for (const bool classes : {true, false}) {
    try {
      check_metrics(podium::vision::evaluate_mot(gt, pred, {.gt_classes = classes}));
    } catch (const podium::Error&) {
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::size_t split = bytes.find('\0');
  const std::string_view gt_text = bytes.substr(0, split);
  const std::string_view pred_text =
      split == std::string_view::npos ? bytes : bytes.substr(split + 1);
  std::vector<MotRow> gt, pred;
  try {
    gt = podium::vision::parse_mot(gt_text, "fuzz-gt.txt");
    check_round_trip(gt);
  } catch (const podium::Error&) {
    return 0;
  }
  try {
    pred = podium::vision::parse_mot(pred_text, "fuzz-pred.txt");
    check_round_trip(pred);
  } catch (const podium::Error&) {
    return 0;
  }
  evaluate_both_ways(gt, pred);
  return 0;
}
