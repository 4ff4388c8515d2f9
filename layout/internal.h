// Building blocks of the layout stage, exposed for unit tests.
//
// words → text lines (recover_lines) → cells (split_cells: words closer than
// cell_gap em) → table blocks (consecutive grid-like lines under a title) →
// columns (x-gaps of body cells plus the 栏次 row and header cells that sit over
// no body column) → header rows and body rows (anchored rows; wrapped text
// fragments join the nearest anchored row).
#pragma once

#include "model/document.h"
#include "model/options.h"

#include <string>
#include <vector>

namespace juesuan::layout {

struct TextCell {
    std::string text;
    Box box;
    double font_size = 0;
};

struct TextLine {
    int page = 0;
    Box box;
    double font_size = 0;
    std::vector<TextCell> cells;  // left to right
    std::string text() const;     // cells joined, no spaces
};

// Groups a page's words into text lines (top to bottom) and each line's words
// into cells.
std::vector<TextLine> recover_lines(const Page& page, const LayoutOptions& options);

// Joins two pieces of one cell: no space between CJK, one space otherwise.
std::string join_text(const std::string& a, const std::string& b);

// Column x-ranges (left to right) of a table from its header and body lines.
struct Column {
    double x0 = 0, x1 = 0;
};
std::vector<Column> find_columns(const std::vector<TextLine>& header,
                                 const std::vector<TextLine>& body, const LayoutOptions& options);

// Index of the column a cell belongs to (largest overlap, else nearest).
int column_of(const std::vector<Column>& columns, const Box& box);

// Title-like line of a table (…表, 目录, …构成), without 公开NN表 / unit lines.
bool is_title_line(const std::string& compact_text);

// "2023年度收入支出决算总表" → "收入支出决算总表" (NFKC text, spaces removed).
std::string strip_year_prefix(const std::string& title);

}  // namespace juesuan::layout
