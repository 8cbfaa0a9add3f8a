// podium's input limits in one place. Outside data beyond one of them is refused before it is
// allocated, with one located error naming the file, the limit and the value (exit 2), so no input
// of any size can take more than about 1 GB of memory. docs/limits.md gives the reason for each
// number; a reader that needs a limit takes it from here, and a new limit is added here (in its
// section) together with its row in docs/limits.md.
//
//   if (st.st_size > limits::kFileBytes) throw limits::exceeded(path, "size", st.st_size, ...);
//   if (records.size() == limits::kActivityRecords)
//     throw limits::exceeded(Place{.source = name, .byte = at}, "records", records.size() + 1,
//                            limits::kActivityRecords, "records per activity");
#pragma once

#include <cstdint>
#include <string>

#include "podium/core/error.hpp"

namespace podium::limits {

// --- Files and compression ----------------------------------------------------------------------

// A file read whole into memory (activity files, results tables, model.json, COCO ground truth).
// The largest real file read whole is the PCS results table, 126 MB when not compressed; twice
// that, so that the bytes and what a reader builds from them stay within 1 GB.
inline constexpr std::uint64_t kFileBytes = std::uint64_t{256} << 20;

// What a gzip member may inflate to (.fit.gz, .tcx.gz, .gpx.gz, .csv.gz). The largest real
// compressed input inflates to 126 MB (the PCS results table); activity files stay under 50 MB.
// Twice the largest real input, and small enough that a reader's work on it stays within 1 GB.
inline constexpr std::uint64_t kInflatedBytes = std::uint64_t{256} << 20;

// --- JSON ---------------------------------------------------------------------------------------

// Values (numbers, strings, containers) in one JSON document podium reads: each costs 16 to ~100
// bytes once parsed. COCO val2017 person keypoints hold 1.3 M; a TF.js model.json tens of
// thousands. 4 M keep the parsed document under ~400 MB.
inline constexpr std::uint64_t kJsonValues = 4'000'000;
// Bytes of a COCO ground-truth or results file: val2017 person keypoints is 10 MB; 256 MiB of
// text with its parsed strings and kJsonValues values stays within 1 GB.
inline constexpr std::uint64_t kCocoJsonBytes = std::uint64_t{256} << 20;
// Entries of a COCO file's lists, checked before they are read: COCO train2017 has 118 K images,
// 262 K person annotations and 80 categories (1 in the keypoint files). kJsonValues bounds every
// list below 4 M entries first in practice (an entry is at least one value), so of these only
// kCocoCategories ever refuses a file.
inline constexpr std::uint64_t kCocoImages = 10'000'000;
inline constexpr std::uint64_t kCocoAnnotations = 10'000'000;
inline constexpr std::uint64_t kCocoCategories = 10'000;
inline constexpr std::uint64_t kCocoResults = 10'000'000;

// --- Activities ---------------------------------------------------------------------------------

// Samples per activity (FIT record messages, TCX Trackpoints, GPX trkpt): a week at 5 Hz
// (7 x 86400 x 5). Real files record at 1 Hz or less; a record costs 80 bytes, so the largest
// allowed activity needs about 240 MB. RR intervals (FIT hrv) share the limit: a week at 210 bpm
// is 2.1 M beats.
inline constexpr std::uint64_t kActivityRecords = 3'024'000;
// Laps, sessions, timer pauses and developer-field descriptions per activity: a lap every 6 s
// for a week. Real files hold at most a few hundred.
inline constexpr std::uint64_t kActivityLaps = 100'000;
// Developer (FIT) channels per activity: real files carry a handful; past 256 the rest are dropped
// with one warning (each is a value per record, so channels x records is bounded too).
inline constexpr std::uint64_t kActivityDeveloperChannels = 256;
// Seconds an activity's 1 Hz series may span from its first sample: 31 days. A longer grid is a
// bogus date (the shared 27-day Magellan file spans 2.3 M s); refusing it keeps a corrupt
// timestamp from allocating gigabytes of zero-filled seconds.
inline constexpr std::uint64_t kActivitySeconds = std::uint64_t{31} * 24 * 3600;
// Bytes of one text value an activity keeps (sport, device names, developer field names and
// units, TCX Notes): real values are a few dozen bytes.
inline constexpr std::uint64_t kActivityTextBytes = 1024;
// Warnings a lenient FIT read lists: a broken file can repeat one problem per message (a
// compressed timestamp before any full one, in one-byte messages: 256 M warnings of ~100 bytes in
// a file at the inflate limit). Past 1000 the rest are counted in one last warning; real files
// with problems have a handful.
inline constexpr std::uint64_t kActivityWarnings = 1000;

// --- XML (TCX, GPX) -----------------------------------------------------------------------------

// Bytes of a TCX or GPX document (after inflation): a day at 1 Hz with power, heart rate,
// cadence and position is ~40 MB of indented TCX; a GPX point takes a third of that.
inline constexpr std::uint64_t kXmlBytes = std::uint64_t{64} << 20;
// Nodes (tags and attributes, counted in the text before parsing): each costs pugixml 40-64
// bytes, so 4 M keep the parsed tree under 256 MB. A 64 MiB TCX of full trackpoints has ~2.7 M.
inline constexpr std::uint64_t kXmlNodes = 4'000'000;
// Element nesting: activity files nest 6-8 deep; the bound keeps every walk of the tree cheap.
inline constexpr std::uint64_t kXmlDepth = 64;

// --- CSV and results ----------------------------------------------------------------------------

// Bytes of one CSV record, fields per record and bytes per field. The real tables podium reads
// have at most 49 columns (ATP matches), records of at most a few hundred bytes and fields of at
// most 100 (PCS race names); a field is a name, a date or a number.
inline constexpr std::uint64_t kCsvRecordBytes = std::uint64_t{1} << 20;
inline constexpr std::uint64_t kCsvFields = 1000;
inline constexpr std::uint64_t kCsvFieldBytes = 4096;
// What one results table may hold. A max-size file (kInflatedBytes) of short valid rows would
// otherwise intern ~10 M athletes or events at 150-400 bytes each (several GB): the table is
// bounded instead, so that its text, its rows and their indexes stay within 1 GB together. The
// PCS table (the largest real one) has 1.55 M results before duplicates, 61 K events and 9 K
// riders; ATP 1985-2024 at most 0.26 M player results (130 K matches). Results cost ~110 bytes each
// while read (the row, its sort key, ATP's per-player index), an event ~1 KB with names at their
// limit, an athlete ~250 bytes (ids are at most 64 bytes).
inline constexpr std::uint64_t kResultsRows = 3'000'000;
inline constexpr std::uint64_t kResultsEvents = 200'000;
inline constexpr std::uint64_t kResultsAthletes = 200'000;
// Bytes of an event name, class or source key the table keeps (each is held 2-3 times: the
// event, its edition key, its race key). The longest real one is 100 bytes (a PCS race name).
inline constexpr std::uint64_t kResultsNameBytes = 256;

// --- Images and video ---------------------------------------------------------------------------

// Pixels of an image (checked from its header before decoding) or of a video frame: 8K UHD is
// 33.2 M; 50 M pixels decode to 150 MB of BGR.
inline constexpr std::uint64_t kImagePixels = 50'000'000;

// Points of a uniform time grid a pose series is resampled to (filters, kinematics): 2^24 is 19 h
// of video at 240 fps; 128 MiB as doubles.
inline constexpr std::uint64_t kResampleGridPoints = std::uint64_t{1} << 24;

// --- Pose sequences and arrays
// --------------------------------------------------------------------

// Values of one NumPy array (core/npy.hpp), checked from its header before it is allocated: an
// hour of BlazePose-33 (x, y, z) at 60 fps is 21 M values. The shared sets hold at most 135 K
// (Countix-Fitness, 1365 frames x 99). 2^25 values take 256 MiB as doubles.
inline constexpr std::uint64_t kNpyElements = std::uint64_t{1} << 25;
// Frames of one pose sequence read from a file (podium's sequence CSV and JSON, keypoints.csv, the
// shared sets): 2^19 is 2.4 h at 60 fps. The longest real one is 1365 frames (Countix-Fitness);
// at BlazePose-33 a sequence at the limit holds 207 MB of x, y and score.
inline constexpr std::uint64_t kPoseSequenceFrames = std::uint64_t{1} << 19;
// Sequences in one file or imported set: the shared sets hold at most 336 (tennis shots); a
// sequence costs a few hundred bytes before its frames, which the file's size bounds.
inline constexpr std::uint64_t kPoseSequences = 100'000;

// --- Tensors and model outputs ------------------------------------------------------------------

// Elements of one op's output, checked before the op allocates: 2^26 (256 MiB as float32). The
// largest activation of the models podium runs is far below (docs/limits.md gives it).
inline constexpr std::uint64_t kOpOutputElements = std::uint64_t{1} << 26;
// Elements alive at once in one run of a graph (outputs not yet released): 2^27 (512 MiB as
// float32).
inline constexpr std::uint64_t kRunLiveElements = std::uint64_t{1} << 27;
// Bytes of the JSON `podium nn run` prints (estimated from the output elements before it is
// built): 256 MiB.
inline constexpr std::uint64_t kJsonOutputBytes = std::uint64_t{256} << 20;
// A hostile model.json: nodes per graph, tensor rank, elements per weight, bytes of the topology
// (the largest topologies podium loads are a few MB; weights live in the shards).
inline constexpr std::uint64_t kGraphNodes = 100'000;
inline constexpr std::uint64_t kTensorRank = 8;
inline constexpr std::uint64_t kWeightElements = std::uint64_t{1} << 30;
inline constexpr std::uint64_t kModelJsonBytes = std::uint64_t{256} << 20;

// A model manifest (models/manifest.json, compiled into podium): bytes, models, and files per
// model. The manifest is 9 KB of 11 models with at most 2 files each; these only stop a corrupt
// one early.
inline constexpr std::uint64_t kManifestBytes = std::uint64_t{1} << 20;
inline constexpr std::uint64_t kManifestEntries = 1000;

// --- The store and saved models -----------------------------------------------------------------

// Values in one stored channel (a blob in the store; a database file is outside data too): over
// a year of 1 Hz samples; decoded, 2^25 values take 256 MiB.
inline constexpr std::uint64_t kChannelValues = std::uint64_t{1} << 25;

// Bytes of a JSON value podium itself stored and reads back (an activity's summary, a saved
// model's card): a few KB in practice; a store or model file is outside data all the same.
inline constexpr std::uint64_t kStoredJsonBytes = std::uint64_t{16} << 20;
// Items in one list of a JSON value podium stored and reads back: zones, warnings, a model card's
// feature names, layer sizes, means and scales. Real lists hold a few dozen (33 rank features,
// 5-7 zones); 2^20 items cost at most 32 MiB as the vector read from them (a string is 32 bytes
// and its text is bounded by kStoredJsonBytes).
inline constexpr std::uint64_t kStoredJsonItems = std::uint64_t{1} << 20;

// Bytes of an athlete id, 1 or more characters of [A-Za-z0-9_.-]: the store's key of an athlete
// and a results table's athlete_id (a PCS slug, an ATP player id). The longest real one is 47
// bytes (a PCS slug); ATP ids are 6 digits.
inline constexpr std::uint64_t kAthleteIdBytes = 64;
// Bytes of a name a store row keeps, without control characters: a channel's and a saved rank
// model's. podium names both; the longest is 21 bytes (xgboost-pairwise-2019).
inline constexpr std::uint64_t kStoredNameBytes = 128;

// --- Tracking (MOTChallenge files) --------------------------------------------------------------

// Rows of one MOTChallenge file (vision/mot.hpp): a row is kept in 80 bytes and the evaluation
// adds about as much again in indices, so two files of 4 M rows stay within 1 GB.
inline constexpr std::uint64_t kMotRows = 4'000'000;
// A frame number: 2^24 frames are 19 h of video at 240 fps.
inline constexpr std::uint64_t kMotFrames = std::uint64_t{1} << 24;
// Boxes of one file in one frame: the per-frame matchings are cubic in them (1000 boxes are
// ~10^9 steps of the assignment solver per frame), and a frame's IoU matrix is their square.
inline constexpr std::uint64_t kMotBoxesPerFrame = 1000;
// |left|, |top|, width and height of a box, pixels: 130 times an 8K frame's width.
inline constexpr std::uint64_t kMotCoordinatePixels = 1'000'000;
// Ground-truth x predicted ids the IDF1 matching solves at once (one connected group of ids that
// share boxes): 2^22 pairs are a 32 MiB cost matrix and ~10^10 solver steps at worst.
inline constexpr std::uint64_t kMotIdentityPairs = std::uint64_t{1} << 22;

// --- Action sequences --------------------------------------------------------------------------

// Frames of a pose sequence the repetition counter takes (action/count.hpp): its period search is
// quadratic in frames (every lag up to half the sequence). 36 000 frames are 20 minutes at 30 fps
// (10 at 60), ~2 s of counting; a longer recording is segmented into sets first.
inline constexpr std::uint64_t kCountFrames = 36'000;

// Error(InvalidInput) "<source>: <what> = <value>: more than podium's limit of <limit> <unit>
// (docs/limits.md)".
Error exceeded(const std::string& source, const std::string& what, std::uint64_t value,
               std::uint64_t limit, const std::string& unit);
// The same at a place inside the source (its byte, line, record, JSON path): `what` and `value`
// become the place's field and value; a field the place already names (a JSON path, a node) stays
// in front, "model.json: weight 'w': shape: rank = 9: more than ...".
Error exceeded(Place place, const std::string& what, std::uint64_t value, std::uint64_t limit,
               const std::string& unit);

}  // namespace podium::limits
