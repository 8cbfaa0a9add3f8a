// pycocotools' evaluateImg, accumulate and summarize means, operation by operation (shared by
// the keypoint and the box evaluation).
#include "coco_match.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace podium::vision::coco_match {
namespace {

bool match_outside(double area, AreaRange range) {
  return area < range[0] || area > range[1];
}

// Fills precision[t][r] (101 points) and recall[t] for one category and area range; leaves -1
// when there is no ground truth to find.
void accumulate(const std::vector<EvalImage>& images, double* precision, double* recall) {
  std::size_t counted = 0;
  struct Det {
    double score;
    const EvalImage* image;
    std::size_t index;
  };
  std::vector<Det> dets;
  for (const EvalImage& e : images) {
    counted += e.counted_gt;
    for (std::size_t d = 0; d < e.scores.size(); ++d)
      dets.push_back({e.scores[d], &e, d});
  }
  if (counted == 0) return;
  std::stable_sort(dets.begin(), dets.end(),
                   [](const Det& a, const Det& b) { return a.score > b.score; });
  const std::size_t nd = dets.size();
  std::vector<double> rc(nd), pr(nd);
  for (std::size_t t = 0; t < kThresholds; ++t) {
    double tp = 0, fp = 0;
    for (std::size_t i = 0; i < nd; ++i) {
      const EvalImage& e = *dets[i].image;
      const bool ig = e.ignored[t][dets[i].index];
      const bool m = e.matched[t][dets[i].index];
      tp += (m && !ig) ? 1 : 0;
      fp += (!m && !ig) ? 1 : 0;
      rc[i] = tp / static_cast<double>(counted);
      pr[i] = tp / (fp + tp + kNumpyEps);
    }
    recall[t] = nd > 0 ? rc[nd - 1] : 0;
    for (std::size_t i = nd; i-- > 1;) {
      if (pr[i] > pr[i - 1]) pr[i - 1] = pr[i];
    }
    double* q = precision + t * kRecallPoints;
    for (std::size_t r = 0; r < kRecallPoints; ++r) {
      // np.linspace(0, 1, 101): r * 0.01, the last one exactly 1.
      const double threshold = r == kRecallPoints - 1 ? 1.0 : static_cast<double>(r) * (1.0 / 100);
      const auto at =
          static_cast<std::size_t>(std::lower_bound(rc.begin(), rc.end(), threshold) - rc.begin());
      if (at >= nd) break;  // pycocotools: IndexError ends the loop, the rest stays 0
      q[r] = pr[at];
    }
  }
}

// Mean of the entries > -1, -1 when there is none (pycocotools' _summarize).
double summary_mean(const std::vector<double>& values) {
  std::vector<double> kept;
  for (double v : values) {
    if (v > -1) kept.push_back(v);
  }
  return kept.empty() ? -1 : numpy_mean(kept);
}

}  // namespace

double pairwise_sum(const double* a, std::size_t n) {
  if (n < 8) {
    double res = 0.;
    for (std::size_t i = 0; i < n; ++i)
      res += a[i];
    return res;
  }
  if (n <= 128) {
    double r[8];
    for (std::size_t j = 0; j < 8; ++j)
      r[j] = a[j];
    std::size_t i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (std::size_t j = 0; j < 8; ++j)
        r[j] += a[i + j];
    }
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i)
      res += a[i];
    return res;
  }
  std::size_t n2 = n / 2;
  n2 -= n2 % 8;
  return pairwise_sum(a, n2) + pairwise_sum(a + n2, n - n2);
}

// np.mean(values): the reduction runs in buffers of 8192 elements.
double numpy_mean(const std::vector<double>& v) {
  constexpr std::size_t kBuffer = 8192;
  double sum = 0;
  for (std::size_t i = 0; i < v.size(); i += kBuffer)
    sum += pairwise_sum(v.data() + i, std::min(kBuffer, v.size() - i));
  return sum / static_cast<double>(v.size());
}

EvalImage evaluate_image(std::span<const MatchGt> gts, std::span<const double> scores,
                         std::span<const double> dt_areas,
                         const std::vector<std::vector<double>>& similarity, AreaRange range) {
  const std::size_t gt_count = gts.size(), dt_count = scores.size();
  std::vector<char> gt_ignore(gt_count);
  for (std::size_t g = 0; g < gt_count; ++g)
    gt_ignore[g] = gts[g].ignore || match_outside(gts[g].area, range);
  std::vector<std::size_t> order(gt_count);  // ignored ground truth last, stable
  for (std::size_t g = 0; g < gt_count; ++g)
    order[g] = g;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return gt_ignore[a] < gt_ignore[b]; });

  EvalImage e;
  e.scores.assign(scores.begin(), scores.end());
  for (std::size_t g = 0; g < gt_count; ++g)
    e.counted_gt += gt_ignore[g] ? 0 : 1;
  for (std::size_t t = 0; t < kThresholds; ++t) {
    std::vector<char>& dtm = e.matched[t];
    std::vector<char>& dtig = e.ignored[t];
    dtm.assign(dt_count, 0);
    dtig.assign(dt_count, 0);
    std::vector<char> gtm(gt_count, 0);
    if (gt_count > 0) {
      for (std::size_t d = 0; d < dt_count; ++d) {
        double best = std::min(kSimilarityThresholds[t], 1 - 1e-10);
        std::ptrdiff_t m = -1;
        for (std::size_t s = 0; s < gt_count; ++s) {
          const std::size_t g = order[s];
          if (gtm[s] && !gts[g].crowd) continue;
          if (m > -1 && !gt_ignore[order[m]] && gt_ignore[g]) break;
          if (similarity[d][g] < best) continue;
          best = similarity[d][g];
          m = static_cast<std::ptrdiff_t>(s);
        }
        if (m == -1) continue;
        dtig[d] = gt_ignore[order[m]];
        dtm[d] = 1;
        gtm[m] = 1;
      }
    }
    for (std::size_t d = 0; d < dt_count; ++d) {
      if (!dtm[d] && match_outside(dt_areas[d], range)) dtig[d] = 1;
    }
  }
  return e;
}

Accumulated::Accumulated(const std::vector<std::vector<EvalImage>>& evals, std::size_t cats,
                         std::size_t ranges)
    : cats_(cats),
      ranges_(ranges),
      precision_(kThresholds * kRecallPoints * cats * ranges, -1.0),
      recall_(kThresholds * cats * ranges, -1.0) {
  std::vector<double> p(kThresholds * kRecallPoints), r(kThresholds);
  for (std::size_t k = 0; k < cats; ++k) {
    for (std::size_t a = 0; a < ranges; ++a) {
      std::fill(p.begin(), p.end(), 0.0);
      std::fill(r.begin(), r.end(), -1.0);
      accumulate(evals[k * ranges + a], p.data(), r.data());
      if (r[0] == -1.0) continue;
      for (std::size_t t = 0; t < kThresholds; ++t) {
        recall_[(t * cats + k) * ranges + a] = r[t];
        for (std::size_t q = 0; q < kRecallPoints; ++q)
          precision_[((t * kRecallPoints + q) * cats + k) * ranges + a] = p[t * kRecallPoints + q];
      }
    }
  }
}

double Accumulated::ap(std::size_t a, std::size_t t_begin, std::size_t t_end) const {
  std::vector<double> s;
  for (std::size_t t = t_begin; t < t_end; ++t) {
    for (std::size_t q = 0; q < kRecallPoints; ++q) {
      for (std::size_t k = 0; k < cats_; ++k)
        s.push_back(precision_[((t * kRecallPoints + q) * cats_ + k) * ranges_ + a]);
    }
  }
  return summary_mean(s);
}

double Accumulated::ar(std::size_t a, std::size_t t_begin, std::size_t t_end) const {
  std::vector<double> s;
  for (std::size_t t = t_begin; t < t_end; ++t) {
    for (std::size_t k = 0; k < cats_; ++k)
      s.push_back(recall_[(t * cats_ + k) * ranges_ + a]);
  }
  return summary_mean(s);
}

std::string summary_report(std::span<const SummaryRow> rows, int max_dets) {
  std::string out;
  char line[128];
  for (const SummaryRow& row : rows) {
    std::snprintf(line, sizeof line, " %-18s %s @[ IoU=%-9s | area=%6s | maxDets=%3d ] = %0.3f\n",
                  row.precision ? "Average Precision" : "Average Recall",
                  row.precision ? "(AP)" : "(AR)", row.iou, row.area, max_dets, row.value);
    out += line;
  }
  return out;
}

}  // namespace podium::vision::coco_match
