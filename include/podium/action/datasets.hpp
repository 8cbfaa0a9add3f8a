// Importers for the real labelled pose-sequence sets under shared/data/actions (their
// PROVENANCE.md; caveats per set in docs/actions.md). Each reads the set's index.csv and the
// files it lists, and returns validated sequences; the data is never copied.
//
// Contract: each sequence's source is the set's name (tennis_shots_movenet,
// exercise_form_openpose, pushup_form_movenet, countix_fitness_pose), so sets whose coordinates
// mean different things are never mixed by accident; its id is "<set>/<index.csv's file without
// extension>", folders kept ("tennis_shots_movenet/alcaraz/serve_001": unique in the set).
//   tennis_shots_movenet   MoveNet-13, normalised to the player's crop (y read before x in the
//                          files), 30 frames, fps 0 (not given), no scores; label from the
//                          `shot` column (checked against index.csv); group = source video
//   exercise_form_openpose OpenPose-18 NPY (T, 18, 3) pixels + confidence, (0, 0, 0) = not
//                          seen, confidence above 1 (OpenPose's heatmap peak) taken as 1;
//                          label "<exercise>/<good|bad>"; group = the file (subjects are not
//                          given); fps 0
//   pushup_form_movenet    COCO-17 pixels + score, 25 fps; label correct / wrong; group = the
//                          file; y carries the source's de-normalisation bug (not undone)
//   countix_fitness_pose   BlazePose-33 NPY (T, 99) x, y, z min-max normalised per frame (z is
//                          dropped), no scores, all-zero frames not seen; label = class;
//                          group = the file; fps 0; repetitions[i] = the ground-truth count
// A missing or broken file is one Error naming it (NotFound, Format, InvalidInput); files listed
// in index.csv must be relative paths inside the set's folder. Sequences come in index order.
//
//   const ImportedSet countix = import_countix_fitness(shared + "/actions/countix_fitness_pose");
//   score(count_repetitions(countix.sequences[i]), countix.repetitions[i]);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "podium/action/sequence.hpp"

namespace podium::action {

struct ImportedSet {
  std::string source;  // the set's name
  std::vector<PoseSequence> sequences;
  // The ground-truth repetition count of each sequence (same index) for sets that have one
  // (countix_fitness_pose); empty for the others.
  std::vector<std::int64_t> repetitions;
};

ImportedSet import_tennis_shots(const std::string& dir);
ImportedSet import_pose_trainer(const std::string& dir);
ImportedSet import_pushup_form(const std::string& dir);
ImportedSet import_countix_fitness(const std::string& dir);

}  // namespace podium::action
