#include "podium/action/read_sequences.hpp"

#include <filesystem>
#include <string_view>

#include "podium/action/datasets.hpp"
#include "podium/action/keypoints_csv.hpp"
#include "podium/action/sequence_csv.hpp"
#include "podium/action/sequence_json.hpp"
#include "podium/core/error.hpp"
#include "podium/core/file.hpp"

namespace podium::action {

namespace {

namespace fs = std::filesystem;

std::string_view first_line(std::string_view bytes) {
  const std::size_t end = bytes.find('\n');
  return bytes.substr(0, end == std::string_view::npos ? bytes.size() : end);
}

bool has_column(std::string_view header, std::string_view name) {
  std::size_t start = 0;
  while (start <= header.size()) {
    std::size_t end = header.find(',', start);
    if (end == std::string_view::npos) end = header.size();
    std::string_view cell = header.substr(start, end - start);
    while (!cell.empty() && (cell.back() == '\r' || cell.back() == ' '))
      cell.remove_suffix(1);
    while (!cell.empty() && cell.front() == ' ')
      cell.remove_prefix(1);
    if (cell == name) return true;
    start = end + 1;
  }
  return false;
}

std::vector<PoseSequence> read_set(const std::string& dir) {
  const std::string index = (fs::path(dir) / "index.csv").string();
  if (!fs::is_regular_file(index))
    throw Error(ErrorKind::InvalidInput, Place{.source = dir},
                "a folder must be a shared action set (it has no index.csv)");
  const std::string header(first_line(read_file(index)));
  if (has_column(header, "player_video")) return import_tennis_shots(dir).sequences;
  if (has_column(header, "exercise")) return import_pose_trainer(dir).sequences;
  if (has_column(header, "gt_count")) return import_countix_fitness(dir).sequences;
  if (has_column(header, "form_label")) return import_pushup_form(dir).sequences;
  throw Error(ErrorKind::InvalidInput, Place{.source = index},
              "not the index of a known action set (tennis_shots_movenet, "
              "exercise_form_openpose, pushup_form_movenet, countix_fitness_pose)");
}

}  // namespace

std::string keypoints_csv_name(const std::string& path) {
  const fs::path p(path);
  return p.filename() == "keypoints.csv" && p.has_parent_path() &&
                 !p.parent_path().filename().empty()
             ? p.parent_path().filename().string()
             : p.stem().string();
}

std::vector<PoseSequence> read_sequences(const std::string& path) {
  if (fs::is_directory(path)) return read_set(path);
  const std::string bytes = read_file(path);
  const std::size_t first = bytes.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && (bytes[first] == '[' || bytes[first] == '{'))
    return parse_sequences_json(bytes, path);
  const std::string_view header = first_line(bytes);
  if (has_column(header, "track_id") && has_column(header, "raw_x") &&
      has_column(header, "raw_y")) {
    auto tracks = parse_keypoints_csv(bytes, path, keypoints_csv_name(path));
    std::vector<PoseSequence> out;
    out.reserve(tracks.size());
    for (auto& t : tracks)
      out.push_back(std::move(t.sequence));
    return out;
  }
  return parse_sequences_csv(bytes, path);
}

}  // namespace podium::action
