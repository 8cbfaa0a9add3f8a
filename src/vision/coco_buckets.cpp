#include "coco_buckets.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "podium/core/error.hpp"

namespace podium::vision {

CocoBuckets coco_buckets(const CocoGroundTruth& gt, std::span<const CocoResult> results) {
  std::unordered_set<std::int64_t> images;
  for (const CocoImage& im : gt.images)
    images.insert(im.id);
  std::unordered_map<std::int64_t, std::size_t> categories;
  std::vector<std::int64_t> cat_ids;
  for (const CocoCategory& c : gt.categories)
    cat_ids.push_back(c.id);
  std::sort(cat_ids.begin(), cat_ids.end());
  cat_ids.erase(std::unique(cat_ids.begin(), cat_ids.end()), cat_ids.end());
  for (std::size_t k = 0; k < cat_ids.size(); ++k)
    categories.emplace(cat_ids[k], k);

  CocoBuckets ix;
  ix.categories = cat_ids.size();
  for (std::size_t i = 0; i < gt.annotations.size(); ++i) {
    const CocoAnnotation& a = gt.annotations[i];
    const auto k = categories.find(a.category_id);
    if (k == categories.end() || !images.contains(a.image_id)) continue;
    ix.buckets[{k->second, a.image_id}].gts.push_back(i);
  }
  for (std::size_t i = 0; i < results.size(); ++i) {
    const CocoResult& r = results[i];
    if (!images.contains(r.image_id)) {
      throw Error(ErrorKind::InvalidInput, "results[" + std::to_string(i) + "].image_id " +
                                               std::to_string(r.image_id) + " is not an image of " +
                                               gt.source);
    }
    const auto k = categories.find(r.category_id);
    if (k != categories.end()) ix.buckets[{k->second, r.image_id}].dts.push_back(i);
  }
  return ix;
}

}  // namespace podium::vision
