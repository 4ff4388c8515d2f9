// Reading a table's printed grid, shared by the kind drivers.
//
// The layout stage hands over header and body rows in the contract's shape:
// one cell string per printed column, the text of a merged cell at the first
// column of its span and "" in the others. Spans are therefore rebuilt here
// from the header itself: a header cell extends to the right up to the next
// non-empty cell of its row, never past the span of the cell above it (so a
// vertically merged cell is not mistaken for the neighbour's continuation).
#pragma once

#include "model/document.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace juesuan::grid {

// Cell text of a row, "" beyond its end (rows may be ragged).
const std::string& cell(const CellRow& row, size_t column);

// Widest row of header and body.
size_t column_count(const Table& table);

// Header rows as plain strings (what KindDriver::identify reads).
std::vector<std::vector<std::string>> texts(const std::vector<CellRow>& rows);

// Canonical label: the printed text with all white space removed (spec: names
// and items are NFKC, which the normalize stage has applied, without spaces).
std::string label(std::string_view text);

// Item of a summary label: its leading ordinal removed ("二十六、" "3." "(1)").
std::string strip_ordinal(std::string_view label);

// True for a non-empty run of ASCII digits.
bool all_digits(std::string_view text);

// A printed amount as a JSON number, or null when blank or not a number
// (header words printed in a 合计 row are not values).
Json amount(std::string_view text);

// Header words of the left-hand (row label) columns: 项目, 科目编码, 科目名称,
// 类/款/项, 栏次, 行次, 单位名称 ... A body row whose label is one of them is a
// stray header row (栏次, a repeated 项目 row), not a record.
bool is_label_heading(std::string_view label);

// One header cell above a column: its space-free text, its header row and the
// columns its (rebuilt) span covers.
struct Heading {
    std::string text;
    size_t row = 0;
    size_t first = 0;
    size_t last = 0;
};

// For every column, the header cells above it, top row first. 栏次 rows
// (column numbers) are left out: they label nothing.
using ColumnHeadings = std::vector<std::vector<Heading>>;
ColumnHeadings column_headings(const std::vector<CellRow>& header, size_t columns);

// Texts of the headings printed at the column itself (spans starting there):
// with two or more, first all of them joined top to bottom (a label wrapped
// over header rows: 对附属单位补 / 助支出), then each, deepest first (the most
// specific label of the column).
std::vector<std::string> own_headings(const ColumnHeadings& headings, size_t column);

// Keywords that name an amount field; the first rule whose keyword occurs in a
// label wins, so more specific rules come first.
struct FieldRule {
    std::string_view field;
    std::vector<std::string_view> keywords;
};
using FieldRules = std::vector<FieldRule>;

// The field a label names, or empty.
std::string_view match_field(std::string_view label, const FieldRules& rules);

// Assigns a field to each of `columns` (same order; "" where none): first by
// the column's own headings, then by header words printed in body cells of
// the column (sub-heads printed inside the 合计 row), then the fields still
// unassigned, in `order` (the printed order of the standard form), go to the
// unlabelled columns left to right.
std::vector<std::string> assign_fields(const std::vector<size_t>& columns,
                                       const ColumnHeadings& headings,
                                       const std::vector<CellRow>& body,
                                       const FieldRules& rules,
                                       const std::vector<std::string>& order);

// Subject / economic classification codes from the label columns of a row:
// digits in one column ("2101501") or split over 类|款|项 columns ("210 | 15 |
// 01"), a row printing only its lower parts taking the upper ones from the
// row above; any other text of the label columns is the name.
class CodeReader {
public:
    explicit CodeReader(std::vector<size_t> label_columns);

    struct Label {
        std::optional<std::string> code;
        std::string name;  // space-free, "" when none
    };
    Label read(const CellRow& row);

private:
    std::vector<size_t> columns_;
    std::vector<std::string> parents_;  // code parts of the last coded row, by label column
};

}  // namespace juesuan::grid
