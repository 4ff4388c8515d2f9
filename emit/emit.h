// emit: writes OUTDIR/<stem>.json (the contract of spec/tables.md) and one CSV
// per table in OUTDIR/<stem>/<NN>_<kind>.csv, atomically.
#pragma once

#include "model/document.h"
#include "model/options.h"
#include "model/status.h"

#include <filesystem>
#include <string>
#include <vector>

namespace juesuan {

struct EmitResult {
    std::filesystem::path json_path;
    std::filesystem::path csv_dir;
    std::vector<std::filesystem::path> csv_paths;
};

// Writes every file to a temporary name first and renames into place, so a
// failure leaves no partial output for this document.
Status emit_document(const Document& doc, const std::filesystem::path& out_dir,
                     const EmitOptions& options, EmitResult* result = nullptr);

// CSV text of one table: canonical field names as the header row.
std::string table_csv(const Table& table);

}  // namespace juesuan
