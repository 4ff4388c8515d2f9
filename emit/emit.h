// emit: writes OUTDIR/<stem>.json (the contract of spec/tables.md) and one CSV
// per table in OUTDIR/<stem>/<NN>_<kind>.csv, atomically.
//
// Atomicity: everything is first written into a hidden temporary directory
// inside OUTDIR (same file system, so renames are atomic); only when every file
// is complete are they renamed into place: the old CSV directory is moved aside,
// the new one moved in, then the JSON renamed over the old JSON. A failure at
// any step removes the temporaries and restores the old CSV directory, so a
// document either has its complete new output or keeps what it had before.
// With emit.csv false the CSV directory is left untouched.
//
// Numbers: amounts that went through arithmetic (sums in checks) carry binary
// float noise (897.4100000000001); JSON and CSV print every non-integral number
// rounded to kNumberDecimals decimals, in its shortest form (897.41).
#pragma once

#include "model/document.h"
#include "model/options.h"
#include "model/status.h"

#include <filesystem>
#include <string>
#include <vector>

namespace juesuan {

// Decimals kept when printing numbers: far beyond any printed amount (2–4
// decimals) and far below the float noise of sums (~1e-12 relative).
inline constexpr int kNumberDecimals = 6;

struct EmitResult {
    std::filesystem::path json_path;                // empty when emit.json is false
    std::filesystem::path csv_dir;                  // empty when emit.csv is false
    std::vector<std::filesystem::path> csv_paths;  // in table order
};

// Writes every file to a temporary name first and renames into place, so a
// failure leaves no partial output for this document. Failure: output_failed
// with "<path>: <cause>".
Status emit_document(const Document& doc, const std::filesystem::path& out_dir,
                     const EmitOptions& options, EmitResult* result = nullptr);

// The JSON text written to OUTDIR/<stem>.json: to_contract_json(doc), numbers
// de-noised, UTF-8 (not ASCII-escaped), indented by options.json_indent
// (negative: one line), ending with a newline.
std::string document_json_text(const Document& doc, const EmitOptions& options);

// CSV text of one table (RFC 4180: CRLF line ends, fields with , " CR LF quoted,
// quotes doubled). Header row: the kind's canonical field names
// (record_fields); one row per record, null → empty field. Generic tables: a
// col1..colN header and the printed body rows.
std::string table_csv(const Table& table);

// File name of the table at 0-based position index: "<NN>_<kind>.csv".
std::string table_csv_name(const Table& table, size_t index);

// A table's header-block fields (performance tables: project, budgets,
// total score, goal…) as a one-row CSV, keys as the header row; empty when
// the table has none. Written beside the records' CSV as NN_<kind>.fields.csv.
std::string table_fields_csv(const Table& table);
std::string table_fields_csv_name(const Table& table, size_t index);

// A number as emitted: integral values without a fraction ("2"), others rounded
// to kNumberDecimals and printed in the shortest form ("897.41").
std::string format_number(double value);

}  // namespace juesuan
