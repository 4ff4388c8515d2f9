// 出处 (provenance) of record values, so a user can find and check any number:
// for every record, the printed body cell each field was read from, with its
// page, box, source (text layer or OCR) and OCR confidence (the lowest of the
// cell's words).
//
// The kind drivers build records from body cells without saying which, and
// their reading differs per kind (side-by-side groups, items across the
// header, labels merged down). So the cells are recovered here, once for all
// kinds, by matching each record's values back to the body:
// - a record's row is the body row printing most of its values (texts count
//   double: they name the record), ties going to the first row at or after
//   the previous record's;
// - a value printed more than once in that row (合计 = 财政拨款) goes to the
//   column its field takes in the table's other records (voted per field and
//   per the record's label column, so the two sides of a summary table and
//   the groups of a basic-detail table vote apart; ties go left to right in
//   field order, the printed order of the standard forms); a number cell
//   serves one record field only;
// - a text merged down several rows (绩效 一级指标) is found on the nearest
//   row above; a number not in the row, in the same column as the record's
//   other values (a transposed table: 预算数 and 决算数 rows).
// A value that cannot be placed unambiguously gets no provenance: derived
// values (a code joined from 类|款|项, an item enum, side/group) and nulls are
// absent by design. Where the checks repair an OCR misread, the field's
// provenance keeps the cell's printed text as "original" (checks/checks.cpp).
#pragma once

#include "model/document.h"

namespace juesuan {

// {"page", "box" [x0, y0, x1, y1], "source" "text"|"ocr", "confidence"} of a
// printed cell, from the words of its page whose centre lies in it; null when
// none does (a cell without words, or without a page).
Json cell_provenance(const Document& doc, const Cell& cell);

// The provenance list of a table: one object per record of table.records, in
// the same order, mapping field names to cell_provenance.
Json table_provenance(const Document& doc, const Table& table);

}  // namespace juesuan
