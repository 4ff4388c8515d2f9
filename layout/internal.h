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

// ---------------------------------------------------------------- ruled cells
// An OCR page's ruled cells (Page::ruled_tables) give a form its grid outright:
// rows from the cells' tops, columns from their left edges, a merged cell's
// span from its size. Word positions cannot: a scan's text sits a little off
// its baseline from cell to cell, and labels merged over rows float between
// rows.

// A ruling's position jitters by a point or two over a scanned page, while
// the narrowest columns and rows of a form are well over ten points apart.
constexpr double kRulingTolerance = 4;

// One ruled cell and the text of the words whose centre it holds (lines top
// to bottom, words left to right); text_box is the words' extent.
struct RuledCell {
    Box box;
    std::string text;
    Box text_box;
};
std::vector<RuledCell> read_ruled_cells(const std::vector<Box>& cells, const std::vector<Word>& words);

// Values closer than `tolerance` to the first of their run are one (sorted,
// the mean of each run): the rulings' positions of a scan jitter a little.
std::vector<double> cluster_positions(std::vector<double> values, double tolerance);

// The rows of a ruled grid: a row per distinct cell top, a column per entry of
// column_starts (a cell goes to the last column starting at or left of its
// left edge). A merged cell's text stands at the first row and column of its
// span, "" in the others; rows with no text are dropped.
std::vector<CellRow> ruled_rows(const std::vector<RuledCell>& cells, const std::vector<double>& column_starts,
                                int page);

// The ruled cells of a page that hold a table's text between y0 and y1, or
// none when the text there does not lie in ruled cells (an open table, or
// rulings the scan lost).
std::vector<RuledCell> ruled_cells_between(const Page& page, double y0, double y1);

// Index of the ruled table of `page` whose extent holds the centre of `box`,
// -1 if none.
int ruled_table_at(const Page& page, const Box& box);

// A form (a key-value block over an indicator grid, 绩效自评表) built from
// ruled cells: one list of cells per printed part (page) of the table. The
// block, up to the grid's heading row, becomes the header, the indicator grid
// from its heading row on the body, its columns those of the heading row.
// False when the cells hold no second grid.
bool build_ruled_form(const std::vector<std::vector<RuledCell>>& parts, const std::vector<int>& pages,
                      std::vector<CellRow>& header, std::vector<CellRow>& body);

}  // namespace juesuan::layout
