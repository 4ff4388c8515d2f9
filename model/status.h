// Failure of a whole document (tier 3 of the error model): an error value with
// the file (and page where known) in its message and a distinct exit code.
// Per-cell / per-table problems are Diagnostics on the Document instead.
#pragma once

#include <string>

namespace juesuan {

// Values are the process exit codes of `pipeline run` (documented in README).
enum class ErrorCode {
    ok = 0,
    usage = 2,            // bad command line or configuration
    missing_input = 3,    // file does not exist or cannot be read
    not_pdf = 4,          // not a PDF (nor a supported image)
    encrypted = 5,        // password-protected PDF
    no_tables = 6,        // no disclosure table found
    unreadable_page = 7,  // damaged PDF or a page that cannot be read
    output_failed = 8,    // results could not be written
    checks_failed = 9,    // --strict and a check failed
    ocr_unavailable = 10, // a page needs OCR but Tesseract or its language data cannot load
};

struct Status {
    ErrorCode code = ErrorCode::ok;
    std::string message;

    bool ok() const { return code == ErrorCode::ok; }
    static Status success() { return {}; }
    static Status failure(ErrorCode code, std::string message) { return {code, std::move(message)}; }
};

}  // namespace juesuan
