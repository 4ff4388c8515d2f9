// batch: converting whole archives (批量转换) — input lists, a worker pool,
// resume, the failure log, and the long-format warehouse files.
//
// Resume: after a document is emitted, a sidecar OUTDIR/<stem>.batch.json
// records the input's content hash (FNV-1a 64 over the file bytes) and the
// pipeline version (and the hash of the JSON written). A later run skips a
// document whose JSON and sidecar exist, whose input hash and version match and
// whose JSON is unchanged; the sidecar is written after the emit
// renames, so a run killed at any point either left a complete, recorded
// output or gets the document reconverted. Changing pipeline.yaml is not
// detected: use --force.
//
// Parallelism: one document per worker (std::thread); the page-level OCR pool
// of a document gets jobs / workers threads, so the total stays at --jobs.
#pragma once

#include "model/options.h"
#include "model/status.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace juesuan::batch {

using Json = nlohmann::ordered_json;

// The version recorded in sidecars; a different version reconverts.
std::string pipeline_version();

// FNV-1a 64-bit hash of a file's bytes; nullopt when it cannot be read.
std::optional<uint64_t> file_hash(const std::filesystem::path& path);
std::string hash_hex(uint64_t hash);  // 16 lower-case hex digits

struct Shard {
    int index = 0;  // K, 0-based
    int count = 1;  // N
};

// "K/N" with 0 <= K < N; nullopt when malformed.
std::optional<Shard> parse_shard(const std::string& text);

// Expands the command line's inputs in order: a directory becomes its *.pdf
// files (recursive, case-insensitive extension, sorted by path); a file stays
// as given. Lines of list_file (if non-empty; blank lines and lines starting
// with # skipped) are expanded the same way and appended. Then keeps the
// shard's slice: the inputs whose 0-based index i has i % N == K.
Status expand_inputs(const std::vector<std::string>& args, const std::string& list_file,
                     const Shard& shard, std::vector<std::string>& inputs);

struct BatchRequest {
    std::vector<std::string> inputs;  // already expanded
    std::string out_dir;
    std::string stop_after;  // non-empty: dump the model, no resume
    int jobs = 0;            // 0: number of cores
    bool force = false;      // reconvert even when up to date
    bool long_format = false;  // --emit long
    bool timings = false;
    bool quiet = false;
};

struct BatchSummary {
    int converted = 0;
    int skipped = 0;  // up to date
    int failed = 0;
    long pages = 0;
    int exit_code = 0;  // ErrorCode of the first failure in input order
};

// Converts every input; prints result lines to out, error lines and the
// terminal progress line to err. Writes OUTDIR/failures.jsonl (every run) and,
// with long_format, the long-format files (write_long_format).
BatchSummary run_batch(const BatchRequest& request, const Options& options, std::ostream& out,
                       std::ostream& err);

// Long format (长表) for a warehouse, written atomically into out_dir:
//   facts.csv / facts.jsonl          one row per field value of every record
//   documents.csv / documents.jsonl  one row per document
//   checks.csv / checks.jsonl        one row per check
// keyed by doc_id (the content hash). Documents are ordered by source path;
// a document whose content equals an earlier one (same doc_id) is written once.
struct DocumentRows {
    Json document;            // documents row
    std::vector<Json> facts;  // facts rows, in table, record, field order
    std::vector<Json> checks;
};

// Column names of each long-format file, in order.
const std::vector<std::string>& fact_columns();
const std::vector<std::string>& document_columns();
const std::vector<std::string>& check_columns();

// Rows of one converted document from its contract JSON and its sidecar.
DocumentRows document_rows(const Json& contract, const Json& sidecar);

// Sorts, de-duplicates and writes the six files.
Status write_long_format(std::vector<DocumentRows> docs, const std::filesystem::path& out_dir);

// The same, streaming: reads OUTDIR/<stem>.json and its sidecar of each
// converted input (sorted by path) one at a time, so memory stays flat.
Status write_long_format_from_outputs(std::vector<std::string> inputs, const std::filesystem::path& out_dir);

// A JSON file, or nullopt when it is missing or not JSON (sidecars, outputs).
std::optional<Json> read_json(const std::filesystem::path& path);

// Reads the long-format set of a directory (the .jsonl files).
Status read_long_format(const std::filesystem::path& dir, std::vector<DocumentRows>& docs);

// pipeline merge: combines the long-format sets of shard directories.
Status merge_long_format(const std::vector<std::string>& dirs, const std::string& out_dir);

}  // namespace juesuan::batch
