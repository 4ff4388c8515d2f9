// checks: the pipeline proves its numbers (issue 4).
//
// In-table identities (column sums, subject hierarchy by code prefix, the
// summary tables' totals, the basic-detail groups) go to Table::checks;
// cross-table reconciliation and amounts stated in the report's text go to
// Document::checks. A difference within 0.01 x the number of summed terms is
// rounding (尾差), which the reports themselves warn about. Blank cells count
// as 0; a check whose cells are all blank is not run.
//
// A failed in-table identity is repaired when exactly one single-character
// change to one OCR-read cell (a known OCR confusion such as 8/3, 1/7, 0/6,
// 5/6, or a dropped decimal point) restores it without breaking another
// check; text-layer values are never changed.
#pragma once

#include "model/stage.h"

#include <cstddef>
#include <string>

namespace juesuan {

struct CheckCounts {
    size_t tables = 0, records = 0;
    size_t pass = 0, rounding = 0, fail = 0, repaired = 0;
};

// Outcome of an identity: |expected - found| < 0.005 passes; within 0.01 x
// terms is rounding; more fails.
CheckOutcome check_outcome(double expected, double found, size_t terms);

// Replaces every table's and the document's checks with fresh ones (repairing
// OCR misreads in the records on the way). Narrative checks need the pages'
// words; without words (a document loaded from JSON) the existing narrative
// checks are kept.
void check_document(Document& doc);

// Tables, records and outcomes of all checks (tables' and the document's).
CheckCounts count_checks(const Document& doc);

// Stage "checks": check_document.
StagePtr make_checks_stage();

// Reads a contract JSON (to_contract_json) back into a Document: tables with
// kind, title, amount unit, pages, header/body texts, records and checks, and
// the document's checks. Fails with ErrorCode::usage on a malformed file.
Status document_from_contract_json(const Json& json, Document& doc);

}  // namespace juesuan
