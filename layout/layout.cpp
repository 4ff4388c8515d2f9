// The layout stage: finds tables on every page, merges tables continued over
// pages, and recovers their header rows and body grid.
#include "layout/layout.h"

#include "layout/internal.h"
#include "model/text.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>

namespace juesuan {
namespace layout {
namespace {

// ---------------------------------------------------------------- line kinds

// "公开01表", "公开 01 表", "公开表一" → the printed number ("01"); empty if none.
std::string table_number_in(const std::string& compact) {
    static const std::regex re(R"(公开(\d{1,2})表)");
    std::smatch m;
    if (std::regex_search(compact, m, re)) return m[1].str();
    return {};
}

bool is_table_number_cell(const std::string& compact) {
    static const std::regex re(R"(^(附表\d*)?公开(\d{1,2}|表[一二三四五六七八九十]+)表?$)");
    return std::regex_match(compact, re);
}

bool starts_with_any(const std::string& s, std::initializer_list<const char*> prefixes) {
    for (const char* p : prefixes)
        if (starts_with(s, p)) return true;
    return false;
}

// "单位：…", "金额单位：…", "编制单位：…", "部门：…" lines above a table.
bool is_unit_cell(const std::string& compact) {
    // "单位：…", "金额单位：万元", "部门(单位)：…", "编制单位：…": a short label
    // naming the unit or the department, then a colon.
    // OCR reads the full-width colon as ";" at times.
    const auto colon = compact.find_first_of(":;");
    if (colon == std::string::npos || colon == 0 || colon > 30) return false;
    const std::string label = compact.substr(0, colon);
    return contains(label, "单位") || contains(label, "部门");
}

bool is_note_start(const std::string& compact) {
    return starts_with_any(compact, {"注:", "注1", "注:", "说明:", "备注:", "注释:"}) || compact == "注";
}

std::optional<std::string> amount_unit_in(const std::string& compact) {
    for (const char* key : {"金额单位:", "单位:", "单位(", "金额单位(", "金额单位;", "单位;"}) {
        const auto pos = compact.find(key);
        if (pos == std::string::npos) continue;
        std::string rest = compact.substr(pos + std::string(key).size());
        for (const char* unit : {"万元", "千元", "亿元", "元"})
            if (starts_with(rest, unit)) return std::string(unit);
    }
    return std::nullopt;
}

// A cell that can only be part of a table's body: an amount, a code, a total
// row label or an ordinal item (一、…).
bool is_body_keyword(const std::string& compact) {
    static const std::regex ordinal(R"(^([一二三四五六七八九十]+、|\d+\.|\(\d+\)|\([一二三四五六七八九十]+\)))");
    if (compact == "合计" || compact == "总计" || compact == "无" || compact == "小计") return true;
    if (starts_with_any(compact, {"本年收入合计", "本年支出合计", "人员经费合计", "公用经费合计", "“三公”经费",
                                  "\"三公\"经费", "总计"}))
        return true;
    return std::regex_search(compact, ordinal);
}

bool is_decimal_amount(const std::string& compact) {
    return looks_numeric(compact) && compact.find('.') != std::string::npos;
}

}  // namespace

bool is_title_line(const std::string& compact) {
    if (compact.empty() || compact.size() > 150) return false;
    if (is_unit_cell(compact) || is_note_start(compact)) return false;
    const auto u = utf8_to_u32(compact);
    if (u.size() > 48 || u.size() < 2) return false;
    if (compact == "目录") return true;
    // A title names something: "07表" (公开 lost to OCR) is a table number.
    int cjk = 0;
    for (const char32_t c : u) cjk += is_cjk(c) && c != U'表';
    if (cjk < 2) return false;
    std::string t = compact;
    // "(续)", "(续表)", "(2023年度)" after the title
    static const std::regex tail(R"((\((续|续表|续上表)\)|续表)$)");
    t = std::regex_replace(t, tail, "");
    if (t.find(':') != std::string::npos || t.find("。") != std::string::npos ||
        t.find(",") != std::string::npos)
        return false;
    const bool table_word = t.size() >= 3 && (t.rfind("表") == t.size() - 3 ||
                                              std::regex_search(t, std::regex(R"(表\([^)]*\)$)")));
    if (!table_word) return t.size() > 6 && (t.rfind("构成") == t.size() - 6);
    // Section headings such as "二、2023年度部门决算公开表" are not table titles.
    static const std::regex heading(R"(^([一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|第[一二三四五六七八九十]+部分))");
    if (std::regex_search(t, heading)) return false;
    return !(t.size() > 9 && t.rfind("公开表") == t.size() - 9 && t.find("决算公开表") != std::string::npos);
}

std::string strip_year_prefix(const std::string& title) {
    static const std::regex re(R"(^(\d{4})年(度)?)");
    return std::regex_replace(title, re, "");
}

namespace {

// ---------------------------------------------------------------- page furniture

bool is_page_number(const std::string& compact) {
    static const std::regex re(R"(^(-?\d{1,3}-?|第\d{1,3}页(共\d{1,3}页)?|\d{1,3}/\d{1,3}|-\d{1,3}-|—\d{1,3}—)$)");
    return std::regex_match(compact, re);
}

// Drops page numbers and running headers/footers in the top/bottom margins.
void drop_furniture(std::vector<TextLine>& lines, const Page& page) {
    std::erase_if(lines, [&](const TextLine& l) {
        const bool margin = l.box.y0 > page.height * 0.9 || l.box.y1 < page.height * 0.06;
        return margin && is_page_number(l.text());
    });
}

// ---------------------------------------------------------------- table blocks

enum class BlockEnd { page_end, notes, title, narrative };

struct Block {
    int page = 0;
    std::string title;  // compact title line, empty for a continuation
    std::string table_no;
    std::optional<std::string> amount_unit;
    std::vector<TextLine> lines;
    std::vector<std::string> notes;
    BlockEnd end = BlockEnd::page_end;
    const Page* source = nullptr;  // the page printing it (its ruled cells)
};

// A line this many times the page's median line height is a title's size.
constexpr double kTitleFont = 1.4;

double median_font(const std::vector<TextLine>& lines) {
    std::vector<double> v;
    for (const auto& l : lines) v.push_back(l.box.height());
    if (v.empty()) return 10;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// A paragraph line of the narrative: one wide cell of running text from the
// left margin (a long text in a form's right-hand column is no paragraph).
bool is_narrative(const TextLine& line, double page_width) {
    if (line.cells.size() != 1) return false;
    const auto& c = line.cells.front();
    const auto n = utf8_to_u32(remove_spaces(c.text)).size();
    return n >= 20 && c.box.width() > page_width * 0.45 && c.box.x0 < page_width * 0.3;
}

// Heading of a narrative section (一、…, (一)…, "第三部分  …" in two cells) in
// a larger font than the table.
bool is_section_heading(const TextLine& line, double table_font) {
    static const std::regex part(R"(^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、))");
    if (line.cells.empty() || line.cells.size() > 2) return false;
    if (line.cells.size() == 2 && (!std::regex_search(remove_spaces(line.cells.front().text), part) ||
                                   looks_numeric(remove_spaces(line.cells.back().text))))
        return false;
    return line.box.height() > table_font * 1.2;
}

bool is_body_line(const TextLine& line);

std::vector<Block> find_blocks(const Page& page, const LayoutOptions& options) {
    std::vector<TextLine> lines = recover_lines(page, options);
    drop_furniture(lines, page);
    const double page_font = median_font(lines);
    std::vector<Block> blocks;
    Block cur;
    bool open = false;       // inside a table region
    bool in_notes = false;   // collecting the notes under a table

    auto close = [&](BlockEnd end) {
        if (open && !cur.lines.empty()) {
            cur.end = end;
            blocks.push_back(std::move(cur));
        }
        cur = Block{};
        open = false;
    };

    for (size_t i = 0; i < lines.size(); ++i) {
        const TextLine& line = lines[i];
        const std::string t = line.text();

        // Strip 公开NN表 / unit cells to see what the line really is.
        std::string core;
        std::string number;
        std::optional<std::string> unit;
        int meta_cells = 0, specks = 0;
        for (size_t k = 0; k < line.cells.size(); ++k) {
            const auto& c = line.cells[k];
            const std::string ct = remove_spaces(c.text);
            // A year set apart from its 年 ("2023" "年度…决算表") is part of
            // the text after it, not a cell of its own.
            static const std::regex year(R"(^(19|20)\d\d$)");
            if (k + 1 < line.cells.size() && std::regex_match(ct, year) &&
                starts_with(remove_spaces(line.cells[k + 1].text), "年")) {
                core += ct;
                ++specks;
                continue;
            }
            // A lone punctuation mark (an OCR speck) takes no part in what the line is.
            const auto cu = utf8_to_u32(ct);
            if (cu.size() == 1 && !is_cjk(cu[0]) && !(cu[0] >= '0' && cu[0] <= '9')) {
                ++specks;
                continue;
            }
            // OCR can leave "公开02表" in pieces ("公开02" "表"): up to three
            // adjacent cells that together are a table number are one.
            std::string joined = ct;
            size_t last = k;
            while (!is_table_number_cell(joined) && last + 1 < line.cells.size() && last < k + 2)
                joined += remove_spaces(line.cells[++last].text);
            if (is_table_number_cell(joined) && !joined.ends_with("表") && last + 1 < line.cells.size() &&
                remove_spaces(line.cells[last + 1].text) == "表")
                joined += remove_spaces(line.cells[++last].text);
            if (is_table_number_cell(joined)) {
                number = table_number_in(joined);
                meta_cells += static_cast<int>(last - k + 1);
                k = last;
            } else if (is_unit_cell(ct)) {
                if (auto u = amount_unit_in(ct)) unit = u;
                ++meta_cells;
            } else {
                core += ct;
            }
        }
        if (number.empty()) number = table_number_in(t);

        if (in_notes) {
            const TextLine& prev = lines[i - 1];
            const bool near = line.box.y0 - prev.box.y1 < prev.box.height() * 1.2;
            if (near && line.cells.size() == 1 && !is_title_line(core) && !is_section_heading(line, prev.box.height()) &&
                !blocks.empty()) {
                blocks.back().notes.push_back(line.cells.front().text);
                continue;
            }
            in_notes = false;
        }

        // A title is one cell; OCR can leave a large title in pieces
        // ("2023年度财政拨款" "“三公" "经费支出决算表"), which its size
        // and its lack of amounts still tell from a table row.
        int amounts = 0;
        for (const auto& c : line.cells) amounts += is_decimal_amount(remove_spaces(c.text));
        const bool large_text = line.box.height() > kTitleFont * page_font && amounts == 0;
        if (is_title_line(core) && (line.cells.size() - meta_cells - specks <= 1 || large_text)) {
            // 公开NN表 / units printed above the title belong to it.
            const std::string pending_no = open ? std::string() : cur.table_no;
            const auto pending_unit = open ? std::nullopt : cur.amount_unit;
            close(BlockEnd::title);
            cur.page = page.number;
            cur.source = &page;
            cur.title = core;
            cur.table_no = number.empty() ? pending_no : number;
            cur.amount_unit = unit ? unit : pending_unit;
            open = true;
            continue;
        }
        if (meta_cells > 0 && line.cells.size() == static_cast<size_t>(meta_cells)) {
            // A pure meta line: remember for the current (or next) table.
            // 公开NN表 or a 单位: line after some rows announces the next table.
            if (open && !cur.lines.empty()) close(BlockEnd::title);
            if (!number.empty()) cur.table_no = number;
            if (unit) cur.amount_unit = unit;
            continue;
        }
        if (is_note_start(t)) {
            if (open) {
                close(BlockEnd::notes);
                if (!blocks.empty()) blocks.back().notes.push_back(line.cells.front().text);
                for (size_t k = 1; k < line.cells.size(); ++k) blocks.back().notes.back() += line.cells[k].text;
                in_notes = true;
            }
            continue;
        }
        if (!open) {
            // Lines at the top of a page before any title continue the last
            // table of the previous page (handled by the caller).
            if (blocks.empty() && cur.title.empty() && !is_narrative(line, page.width)) {
                if (line.cells.size() >= 2 || is_body_line(line)) {
                    open = true;
                    cur.page = page.number;
                    cur.source = &page;
                    // One-cell lines right above it: a cell's text wrapped
                    // from the page's first row (its other cells are centred
                    // lower, on their own text line).
                    size_t k = i;
                    while (k > 0 && lines[k - 1].cells.size() == 1 &&
                           lines[k].box.y0 - lines[k - 1].box.y1 < 0.5 * lines[k - 1].box.height() &&
                           !is_narrative(lines[k - 1], page.width))
                        --k;
                    for (; k <= i; ++k) cur.lines.push_back(lines[k]);
                }
            }
            continue;
        }
        // Inside a table region.
        if (!cur.lines.empty()) {
            const double font = median_font(cur.lines);
            const TextLine& prev = cur.lines.back();
            const double gap = line.box.y0 - prev.box.y1;
            // Within one ruled table the rulings, not gaps or a taller OCR
            // line (digits read shorter than CJK), tell where it ends.
            const int ruled = ruled_table_at(page, line.box);
            const bool same_ruled = ruled >= 0 && ruled == ruled_table_at(page, prev.box);
            if (!same_ruled && (gap > options.max_row_gap * font || is_narrative(line, page.width) ||
                                is_section_heading(line, font))) {
                close(BlockEnd::narrative);
                continue;
            }
        } else if (is_narrative(line, page.width) ||
                   (line.cells.size() == 1 && utf8_to_u32(t).size() >= 15)) {
            // Prose between a heading-like title and its table (部门决算单位构成
            // is a section heading, a paragraph, then the list): keep waiting.
            continue;
        }
        cur.lines.push_back(line);
    }
    close(BlockEnd::page_end);
    return blocks;
}

// ---------------------------------------------------------------- grid

bool is_column_number_line(const TextLine& line) {
    bool has_label = false;
    int numbers = 0;
    for (const auto& c : line.cells) {
        const std::string t = remove_spaces(c.text);
        if (is_column_number_label(t)) {
            has_label = true;
            continue;
        }
        if (t.size() <= 2 && looks_numeric(t) && t.find('.') == std::string::npos) ++numbers;
        else return false;
    }
    return has_label || numbers >= 3;
}

// Strong evidence that a line is a body row: an amount, a code, or a row of
// plain integers that is not the 栏次 row.
bool is_strong_body_line(const TextLine& line) {
    if (is_column_number_line(line)) return false;
    int numeric = 0;
    for (const auto& c : line.cells) {
        const std::string t = remove_spaces(c.text);
        if (is_decimal_amount(t) || looks_like_code(t)) return true;
        if (looks_numeric(t)) ++numeric;
    }
    return numeric >= 2 && numeric * 2 >= static_cast<int>(line.cells.size());
}

// Weak evidence: a total or ordinal item label at the row's start (合计 is
// also a heading of 三公 tables, so this alone does not end the header).
bool is_weak_body_line(const TextLine& line) {
    if (line.cells.empty() || is_column_number_line(line)) return false;
    const std::string first = remove_spaces(line.cells.front().text);
    // A numbered list row (序号 1, 2, …) is a body row too.
    const bool ordinal = line.cells.size() >= 2 && first.size() <= 3 && looks_numeric(first) &&
                         first.find('.') == std::string::npos;
    return ordinal || is_body_keyword(first);
}

bool is_body_line(const TextLine& line) { return is_strong_body_line(line) || is_weak_body_line(line); }

// Number of header lines at the top of a table's lines: everything before the
// first strong body line, less the total/item rows right above it; without
// any strong line, everything but the trailing total/item rows.
size_t header_length(const std::vector<TextLine>& lines) {
    size_t s = 0;
    while (s < lines.size() && !is_strong_body_line(lines[s])) ++s;
    if (s == lines.size()) {
        // No amounts at all (an empty table, or a template): the body starts
        // at the first item row when item rows dominate what follows it; a
        // lone 合计 among heading lines (三公 headers) does not start it.
        size_t first = 0;
        while (first < lines.size() && !is_weak_body_line(lines[first])) ++first;
        size_t weak = 0;
        for (size_t i = first; i < lines.size(); ++i) weak += is_weak_body_line(lines[i]) ? 1 : 0;
        if (first < lines.size() && weak * 2 >= lines.size() - first) return first;
    }
    while (s > 0 && is_weak_body_line(lines[s - 1])) --s;
    if (s == 0 && !lines.empty() && !is_body_line(lines[0])) s = 1;  // generic: first line heads it
    return s;
}

// Anchored rows own their line; other lines (wrapped text) join the nearest
// anchored row on the same page.
bool is_anchor(const TextLine& line, const std::vector<Column>& cols) {
    if (is_body_line(line)) return true;
    std::vector<int> used;
    for (const auto& c : line.cells) {
        const int k = column_of(cols, c.box);
        if (std::find(used.begin(), used.end(), k) == used.end()) used.push_back(k);
    }
    return used.size() >= 2;
}

// The lines of one body row; lines[anchor] is the line that made it a row.
struct RowLines {
    std::vector<TextLine> lines;
    size_t anchor = 0;
};

// A body grid, with for every cell whether its text came only from lines
// other than the row's anchor (a "floating" label: wrapped or merged text).
struct BodyGrid {
    std::vector<CellRow> rows;
    std::vector<std::vector<bool>> floating;
    std::vector<Box> anchor_boxes;
    std::vector<int> pages;
};

BodyGrid build_rows(const std::vector<RowLines>& row_lines, const std::vector<Column>& cols) {
    BodyGrid grid;
    for (const auto& rl : row_lines) {
        const auto& group = rl.lines;
        CellRow row(cols.size());
        std::vector<bool> used(cols.size(), false);
        std::vector<bool> floating(cols.size(), true);
        for (size_t li = 0; li < group.size(); ++li) {
            const auto& line = group[li];
            for (const auto& c : line.cells) {
                const int k = column_of(cols, c.box);
                if (k < 0) continue;
                Cell& cell = row[static_cast<size_t>(k)];
                cell.text = join_text(cell.text, trim(c.text));
                cell.box = used[k] ? cell.box.united(c.box) : c.box;
                cell.page = line.page;
                used[k] = true;
                if (li == rl.anchor) floating[k] = false;
            }
        }
        const TextLine& anchor = group[rl.anchor];
        for (size_t k = 0; k < cols.size(); ++k) {
            if (!used[k]) {
                row[k].box = {cols[k].x0, anchor.box.y0, cols[k].x1, anchor.box.y1};
                row[k].page = anchor.page;
            }
        }
        grid.rows.push_back(std::move(row));
        grid.floating.push_back(std::move(floating));
        grid.anchor_boxes.push_back(anchor.box);
        grid.pages.push_back(anchor.page);
    }
    return grid;
}

// A label in a cell merged over several rows is printed centred in it, so it
// lands on a middle row. Each column is walked top to bottom: a floating label
// spans from where the column's previous cell ended to as far below its
// centre, and moves to the first row of that span (as printed grids are read).
void place_merged_labels(BodyGrid& grid) {
    if (grid.rows.empty()) return;
    const size_t ncols = grid.rows.front().size();
    for (size_t c = 0; c < ncols; ++c) {
        double start = 0;
        int page = -1;
        for (size_t r = 0; r < grid.rows.size(); ++r) {
            if (grid.pages[r] != page) {
                page = grid.pages[r];
                start = grid.anchor_boxes[r].y0;
            }
            Cell& cell = grid.rows[r][c];
            if (cell.text.empty()) continue;
            if (!grid.floating[r][c]) {
                // A one-row cell ends halfway to the next row's text.
                double bottom = grid.anchor_boxes[r].y1;
                if (r + 1 < grid.rows.size() && grid.pages[r + 1] == page)
                    bottom = (bottom + grid.anchor_boxes[r + 1].y0) / 2;
                start = std::max(start, bottom);
                continue;
            }
            const double end = 2 * cell.box.cy() - start;
            // The span must end before the column's next printed cell and the
            // page's last row; otherwise the rows above were blank cells, not
            // part of a merged one, and the label stays on its row.
            bool fits = true;
            for (size_t q = r + 1; q < grid.rows.size() && grid.pages[q] == page; ++q) {
                if (grid.rows[q][c].text.empty()) {
                    if (q + 1 == grid.rows.size() || grid.pages[q + 1] != page)
                        fits = end <= grid.anchor_boxes[q].y1 + grid.anchor_boxes[q].height() * 1.5;
                    continue;
                }
                fits = end <= grid.anchor_boxes[q].cy();
                break;
            }
            if (!fits) {
                start = std::max(start, cell.box.y1);
                continue;
            }
            size_t first = r;
            for (size_t q = r; q-- > 0;) {
                if (grid.pages[q] != page || grid.anchor_boxes[q].cy() < start) break;
                if (!grid.rows[q][c].text.empty()) break;
                first = q;
            }
            if (first != r) {
                grid.rows[first][c] = cell;
                grid.floating[first][c] = true;
                cell = Cell{"", {cell.box.x0, grid.anchor_boxes[r].y0, cell.box.x1, grid.anchor_boxes[r].y1}, page};
            }
            start = std::max(start, end);
        }
    }
}

// Vertical extent of each row of a grid from its cells in columns from
// `first_column` on (texts of one row, centred on it), else its anchor line.
std::vector<std::pair<double, double>> row_extents(const BodyGrid& grid, size_t first_column) {
    std::vector<std::pair<double, double>> ext;
    for (size_t r = 0; r < grid.rows.size(); ++r) {
        double y0 = 1e18, y1 = -1e18;
        for (size_t c = first_column; c < grid.rows[r].size(); ++c) {
            const Cell& cell = grid.rows[r][c];
            if (cell.text.empty() || cell.page != grid.pages[r]) continue;
            y0 = std::min(y0, cell.box.y0);
            y1 = std::max(y1, cell.box.y1);
        }
        if (y0 > y1) {
            y0 = grid.anchor_boxes[r].y0;
            y1 = grid.anchor_boxes[r].y1;
        }
        ext.emplace_back(y0, y1);
    }
    return ext;
}

// A form's labels merged over rows (一级/二级指标) stand in its first columns,
// up to the last one headed …级指标 (else left of its densest column, the
// indicators); the columns from there on hold one text per row, centred on
// it. A label, wherever its text line was grouped, is centred in its merged
// cell: of the spans of empty rows around its row, the one whose middle
// (between the row boundaries, halfway across the padding between rows'
// texts) is nearest the label's centre is its cell (the widest of equally
// near ones: a 一级指标 cell covers every row up to the next), and the label
// moves to the span's first row.
void place_form_labels(BodyGrid& grid) {
    if (grid.rows.size() < 2) return;
    const size_t ncols = grid.rows.front().size();
    size_t label_columns = 0;
    for (size_t c = 0; c < ncols; ++c)
        if (contains(remove_spaces(grid.rows.front()[c].text), "级指标")) label_columns = c + 1;
    size_t best_fill = 0;
    for (size_t c = 0; c < ncols && label_columns == 0; ++c) {
        size_t filled = 0;
        for (size_t r = 1; r < grid.rows.size(); ++r) filled += grid.rows[r][c].text.empty() ? 0 : 1;
        if (filled > best_fill) {
            best_fill = filled;
            label_columns = c;
        }
    }
    const auto ext = row_extents(grid, label_columns);
    // Padding: half the median gap between consecutive rows' texts on a page.
    std::vector<double> gaps;
    for (size_t r = 2; r < grid.rows.size(); ++r)
        if (grid.pages[r] == grid.pages[r - 1]) gaps.push_back(std::max(0.0, ext[r].first - ext[r - 1].second));
    double pad = 2;
    if (!gaps.empty()) {
        std::sort(gaps.begin(), gaps.end());
        pad = gaps[gaps.size() / 2] / 2;
    }
    auto top = [&](size_t r) {
        if (r > 1 && grid.pages[r - 1] == grid.pages[r]) return (ext[r - 1].second + ext[r].first) / 2;
        return ext[r].first - pad;
    };
    auto bottom = [&](size_t r) {
        if (r + 1 < grid.rows.size() && grid.pages[r + 1] == grid.pages[r])
            return (ext[r].second + ext[r + 1].first) / 2;
        return ext[r].second + pad;
    };
    auto page_last = [&](size_t r) { return r + 1 == grid.rows.size() || grid.pages[r + 1] != grid.pages[r]; };
    // The 总分 row spans the label columns: no label's cell reaches into it.
    auto total_row = [&](size_t r) {
        for (const auto& cell : grid.rows[r])
            if (starts_with(remove_spaces(cell.text), "总分")) return true;
        return false;
    };
    for (size_t c = 0; c < label_columns; ++c) {
        // 一级指标 cover every row; a 二级指标 cell may be left blank, so its
        // label rather keeps to the fewest rows.
        const bool widest = c + 1 < label_columns;
        size_t free_from = 1;  // rows before this one belong to earlier labels
        bool open = false;     // the last label's cell ran to the end of its page
        for (size_t r = 1; r < grid.rows.size(); ++r) {
            Cell& cell = grid.rows[r][c];
            if (cell.text.empty() || looks_numeric(remove_spaces(cell.text))) continue;
            const int page = grid.pages[r];
            size_t lo = r, hi = r;
            while (lo > free_from && grid.pages[lo - 1] == page && grid.rows[lo - 1][c].text.empty()) --lo;
            while (hi + 1 < grid.rows.size() && grid.pages[hi + 1] == page && grid.rows[hi + 1][c].text.empty() &&
                   !total_row(hi + 1))
                ++hi;
            // The blank rows atop a page rather continue a cell merged on
            // from the page before: a span starting there must fit better.
            const bool continued = open && (lo == 1 || grid.pages[lo - 1] != page);
            const double centre = cell.box.cy();
            size_t first = r, last = r;
            double best = 1e18;
            for (size_t a = lo; a <= r; ++a)
                for (size_t b = r; b <= hi; ++b) {
                    const double err = std::abs((top(a) + bottom(b)) / 2 - centre) + (continued && a == lo ? 1.5 : 0);
                    const bool wider = widest ? b - a > last - first : b - a < last - first;
                    if (err < best - 1 || (err < best + 1 && wider)) {
                        best = std::min(best, err);
                        first = a;
                        last = b;
                    }
                }
            // A cell merged on into the next page prints its label on its
            // first row (the rows atop the next page, blank there, continue it).
            const bool continues = page_last(hi) && hi + 1 < grid.rows.size() && grid.rows[hi + 1][c].text.empty();
            const bool on_row = std::abs(centre - grid.anchor_boxes[r].cy()) < 0.3 * grid.anchor_boxes[r].height();
            if (widest && continues && on_row) {
                first = r;
                last = hi;
            }
            if (first != r) {
                grid.rows[first][c] = cell;
                cell = Cell{"", {cell.box.x0, grid.anchor_boxes[r].y0, cell.box.x1, grid.anchor_boxes[r].y1}, page};
            }
            free_from = last + 1;
            open = page_last(last);
        }
    }
}

// Groups body lines into rows: each anchor line starts a row; the other lines
// join the vertically nearest anchor on their page.
// A line of a form's grid carrying at least two numbers (分值 and 得分).
bool is_scored_line(const TextLine& line) {
    int numbers = 0;
    for (const auto& c : line.cells)
        if (looks_numeric(remove_spaces(c.text))) ++numbers;
    return numbers >= 2;
}

// In a form, the lines of one cell's wrapped text lie less than this many line
// heights apart (their leading); a row's text lies further from the next
// row's (the cells' padding on both sides of the rule between them).
constexpr double kStackGap = 0.34;

// A form's rows without numbers (a label-only indicator such as 经济效益指标,
// or a 二级指标 with no indicators). Rows are separated by their cells'
// padding, while a wrapped text's lines stack closely and a label merged over
// rows overlaps the rows it spans: a text (with its wrapped lines) that no
// other line comes near is a row of its own. anchors are line indices in order.
void add_label_rows(const std::vector<TextLine>& lines, std::vector<size_t>& anchors) {
    auto gap = [](const TextLine& a, const TextLine& b) {
        return std::max(a.box.y0, b.box.y0) - std::min(a.box.y1, b.box.y1);
    };
    auto near = [&](const TextLine& a, const TextLine& b) {
        // Tighter than kStackGap: a label merged over rows can share a
        // text line with a row and bring it closer to the row above.
        return a.page == b.page && gap(a, b) < 0.25 * std::min(a.box.height(), b.box.height());
    };
    auto same_column = [](const TextLine& a, const TextLine& b) {
        return std::min(a.box.x1, b.box.x1) > std::max(a.box.x0, b.box.x0);
    };
    std::vector<bool> anchor(lines.size(), false);
    for (size_t a : anchors) anchor[a] = true;
    for (size_t i = 1; i < lines.size(); ++i) {
        if (anchor[i] || (anchor[i - 1] && near(lines[i - 1], lines[i]))) continue;
        // The text's stack: the lines below it wrapped in the same column.
        size_t end = i + 1;
        while (end < lines.size() && !anchor[end] && near(lines[end - 1], lines[end]) &&
               same_column(lines[end - 1], lines[end]))
            ++end;
        bool alone = true;
        for (size_t k = 0; k < lines.size() && alone; ++k) {
            if (k >= i && k < end) continue;
            for (size_t s = i; s < end && alone; ++s)  // a label merged left of it spans rows
                if (near(lines[k], lines[s]) && lines[k].box.x1 > lines[s].box.x0) alone = false;
        }
        if (alone) anchor[i] = true;
        i = end - 1;
    }
    anchors.clear();
    for (size_t i = 0; i < lines.size(); ++i)
        if (anchor[i]) anchors.push_back(i);
}

// A form's unanchored lines go to rows cell by cell: a text wrapped over
// several lines of one cell (a long 偏差原因 remark) is centred on its row, so
// the stack of its lines goes whole to the row of the anchor line it shares,
// or else to the anchor nearest its centre. Lines far from every anchor
// (row_index pointing at a row of their own) stay whole.
void assign_form_cells(const std::vector<TextLine>& lines, const std::vector<Column>& cols,
                       const std::vector<size_t>& anchors, const std::vector<int>& row_index,
                       std::vector<std::vector<TextLine>>& rows) {
    struct Piece {
        size_t line, cell;
        int column;
    };
    std::vector<Piece> pieces;
    for (size_t i = 0; i < lines.size(); ++i)
        for (size_t k = 0; k < lines[i].cells.size(); ++k)
            pieces.push_back({i, k, column_of(cols, lines[i].cells[k].box)});
    std::vector<size_t> parent(pieces.size());
    for (size_t p = 0; p < parent.size(); ++p) parent[p] = p;
    auto root = [&](size_t p) {
        while (parent[p] != p) p = parent[p] = parent[parent[p]];
        return p;
    };
    auto box = [&](const Piece& p) -> const Box& { return lines[p.line].cells[p.cell].box; };
    for (size_t p = 0; p < pieces.size(); ++p)
        for (size_t q = p + 1; q < pieces.size(); ++q) {
            const Piece &a = pieces[p], &b = pieces[q];
            if (a.line == b.line || a.column != b.column || lines[a.line].page != lines[b.line].page) continue;
            const double h = std::min(box(a).height(), box(b).height());
            const double gap = std::max(box(a).y0, box(b).y0) - std::min(box(a).y1, box(b).y1);
            if (gap < kStackGap * h && gap > -0.6 * h) parent[root(p)] = root(q);
        }
    std::vector<bool> is_anchor(lines.size(), false);
    for (size_t a : anchors) is_anchor[a] = true;
    // Per stack: its extent and the rows of the anchor lines it takes part in.
    std::map<size_t, std::pair<double, double>> extent;
    std::map<size_t, std::vector<int>> anchored;
    for (size_t p = 0; p < pieces.size(); ++p) {
        const size_t r = root(p);
        auto [it, fresh] = extent.try_emplace(r, box(pieces[p]).y0, box(pieces[p]).y1);
        if (!fresh) {
            it->second.first = std::min(it->second.first, box(pieces[p]).y0);
            it->second.second = std::max(it->second.second, box(pieces[p]).y1);
        }
        if (is_anchor[pieces[p].line]) anchored[r].push_back(row_index[pieces[p].line]);
    }
    // A stack taking part in two anchor lines is a label wrapped over a cell
    // merged across their rows: it goes whole to the row nearest its centre.
    auto anchors_of = [&](size_t r) {
        std::vector<int> own = anchored.count(r) ? anchored[r] : std::vector<int>{};
        std::sort(own.begin(), own.end());
        own.erase(std::unique(own.begin(), own.end()), own.end());
        return own;
    };
    for (size_t i = 0; i < lines.size(); ++i) {
        const size_t row = static_cast<size_t>(row_index[i]);
        if (is_anchor[i]) {  // an anchor line, or a line that became a row of its own
            TextLine kept = lines[i];
            kept.cells.clear();
            for (size_t p = 0; p < pieces.size(); ++p)
                if (pieces[p].line == i && anchors_of(root(p)).size() < 2)
                    kept.cells.push_back(lines[i].cells[pieces[p].cell]);
            if (kept.cells.size() == lines[i].cells.size()) {
                rows[row].push_back(lines[i]);
                continue;
            }
            rows[row].push_back(std::move(kept));  // keeps the anchor's box
        }
        for (size_t p = 0; p < pieces.size(); ++p) {
            if (pieces[p].line != i) continue;
            const size_t r = root(p);
            const std::vector<int> own = anchors_of(r);
            if (is_anchor[i] && own.size() < 2) continue;
            int target = static_cast<int>(row);
            if (own.size() == 1) {
                target = own.front();
            } else {
                const double centre = (extent[r].first + extent[r].second) / 2;
                double best = 1e18;
                for (size_t a = 0; a < anchors.size(); ++a) {
                    const TextLine& al = lines[anchors[a]];
                    if (al.page != lines[i].page) continue;
                    const double d = std::abs(al.box.cy() - centre);
                    if (d < best) {
                        best = d;
                        target = static_cast<int>(a);
                    }
                }
            }
            TextLine piece = lines[i];
            piece.cells = {lines[i].cells[pieces[p].cell]};
            piece.box = piece.cells.front().box;
            rows[static_cast<size_t>(target)].push_back(std::move(piece));
        }
    }
}

// form: a form-like section (绩效 indicator rows), where only lines with
// amounts (and the section's heading line) anchor rows, since merged labels
// and wrapped texts share lines with the rows above and below.
std::vector<RowLines> group_body(const std::vector<TextLine>& lines, const std::vector<Column>& cols,
                                 const LayoutOptions& options, bool form = false) {
    std::vector<size_t> anchors;
    for (size_t i = 0; i < lines.size(); ++i)
        if (form ? (i == 0 || is_scored_line(lines[i])) : is_anchor(lines[i], cols)) anchors.push_back(i);
    if (form) add_label_rows(lines, anchors);
    // A cell's text wrapped over two lines can put an anchor on each line
    // ("二十二、灾害防治及应急管理支" / "出 54 0.00 …"). Such lines are closer
    // together than rows are: within a fraction of the usual row pitch, and one
    // of them holds a single column or they share none, they are one row.
    std::vector<double> pitches;
    for (size_t a = 1; a < anchors.size(); ++a) {
        const TextLine& p = lines[anchors[a - 1]];
        const TextLine& q = lines[anchors[a]];
        if (p.page == q.page) pitches.push_back(q.box.cy() - p.box.cy());
    }
    if (pitches.size() >= 3) {
        std::vector<double> sorted = pitches;
        std::sort(sorted.begin(), sorted.end());
        const double pitch = sorted[sorted.size() / 2];
        auto columns_used = [&](const TextLine& l) {
            std::vector<int> used;
            for (const auto& c : l.cells) {
                const int k = column_of(cols, c.box);
                if (std::find(used.begin(), used.end(), k) == used.end()) used.push_back(k);
            }
            return used;
        };
        std::vector<size_t> kept;
        for (size_t a = 0; a < anchors.size(); ++a) {
            if (!kept.empty()) {
                const TextLine& p = lines[kept.back()];
                const TextLine& q = lines[anchors[a]];
                const auto up = columns_used(p), uq = columns_used(q);
                bool disjoint = true;
                for (int k : uq)
                    if (std::find(up.begin(), up.end(), k) != up.end()) disjoint = false;
                const double d = q.box.cy() - p.box.cy();
                const bool tight = p.page == q.page && d < options.wrap_pitch * pitch;
                // Far closer than a text line to the row above: a straddling
                // line of one vertically centred row.
                const bool straddling = p.page == q.page && d < 0.6 * std::min(p.box.height(), q.box.height());
                if ((tight && (disjoint || up.size() == 1 || uq.size() == 1)) || straddling) continue;
            }
            kept.push_back(anchors[a]);
        }
        anchors = kept;
    }
    std::vector<std::vector<TextLine>> rows(anchors.size());
    std::vector<int> row_index(lines.size(), -1);
    for (size_t a = 0; a < anchors.size(); ++a) row_index[anchors[a]] = static_cast<int>(a);
    for (size_t i = 0; i < lines.size(); ++i) {
        if (row_index[i] >= 0) continue;
        double best = 1e18;
        int best_row = -1;
        for (size_t a = 0; a < anchors.size(); ++a) {
            const TextLine& al = lines[anchors[a]];
            if (al.page != lines[i].page) continue;
            const double d = std::abs(al.box.cy() - lines[i].box.cy());
            if (d < best) {
                best = d;
                best_row = static_cast<int>(a);
            }
        }
        const double h = std::max(1.0, lines[i].box.height());
        if (best_row >= 0 && best <= options.wrap_distance * h * 2.5) {
            row_index[i] = best_row;
        } else {
            // An unanchored line far from any row is a row of its own.
            row_index[i] = static_cast<int>(rows.size());
            rows.emplace_back();
            anchors.push_back(i);
        }
    }
    if (form) {
        assign_form_cells(lines, cols, anchors, row_index, rows);
    } else {
        for (size_t i = 0; i < lines.size(); ++i) rows[static_cast<size_t>(row_index[i])].push_back(lines[i]);
    }
    // Rows in page/y order of their anchor.
    std::vector<size_t> order(rows.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const TextLine& la = lines[anchors[a]];
        const TextLine& lb = lines[anchors[b]];
        if (la.page != lb.page) return la.page < lb.page;
        return la.box.cy() < lb.box.cy();
    });
    std::vector<RowLines> out;
    for (size_t k : order) {
        auto& r = rows[k];
        std::stable_sort(r.begin(), r.end(), [](const TextLine& a, const TextLine& b) {
            if (a.page != b.page) return a.page < b.page;
            return a.box.cy() < b.box.cy();
        });
        const TextLine& al = lines[anchors[k]];
        size_t anchor = 0;
        for (size_t j = 0; j < r.size(); ++j)
            if (r[j].page == al.page && r[j].box.y0 == al.box.y0 && r[j].box.x0 == al.box.x0) anchor = j;
        out.push_back({std::move(r), anchor});
    }
    return out;
}

// Header lines → rows of the grid, one per text line. A cell spanning several
// columns (本年支出 over 小计/基本支出/项目支出) is written at the first column of
// its span, as printed grids are read: the span reaches halfway to the
// neighbouring cells of its band.
// Joins header text wrapped over several lines of one cell ("支出功能分类科" /
// "目编码") into the cell's first line: stacked boxes, centred or left-aligned
// on each other, less than 0.4 line apart.
std::vector<TextLine> join_wrapped_header(std::vector<TextLine> lines) {
    for (size_t i = 0; i < lines.size(); ++i) {
        if (is_column_number_line(lines[i])) continue;
        for (auto& a : lines[i].cells) {
            bool grown = true;
            while (grown) {
                grown = false;
                for (size_t j = i + 1; j < lines.size() && !grown; ++j) {
                    if (is_column_number_line(lines[j])) continue;
                    auto& cells = lines[j].cells;
                    for (size_t k = 0; k < cells.size(); ++k) {
                        const Box& b = cells[k].box;
                        const double h = std::min(a.box.height(), b.height());
                        const double gap = b.y0 - a.box.y1;
                        const bool aligned = std::abs(a.box.cx() - b.cx()) < 4 || std::abs(a.box.x0 - b.x0) < 2;
                        if (gap < 0.4 * h && gap > -0.5 * h && aligned) {
                            a.text = join_text(a.text, cells[k].text);
                            a.box = a.box.united(b);
                            cells.erase(cells.begin() + static_cast<long>(k));
                            grown = true;
                            break;
                        }
                    }
                }
            }
        }
    }
    std::erase_if(lines, [](const TextLine& l) { return l.cells.empty(); });
    return lines;
}

std::vector<CellRow> build_header(const std::vector<TextLine>& raw_lines, const std::vector<Column>& cols) {
    std::vector<CellRow> rows;
    if (cols.empty()) return rows;
    const std::vector<TextLine> lines = join_wrapped_header(raw_lines);
    std::vector<const TextCell*> all;  // the 栏次 row spans nothing
    for (const auto& l : lines)
        if (!is_column_number_line(l))
            for (const auto& c : l.cells) all.push_back(&c);
    double left = 1e18, right = -1e18;
    for (const auto* c : all) {
        left = std::min(left, c->box.x0);
        right = std::max(right, c->box.x1);
    }
    auto centre = [&](size_t k) {
        const double a = std::max(cols[k].x0, left), b = std::min(cols[k].x1, right);
        return (a + b) / 2;
    };
    for (const auto& line : lines) {
        CellRow row(cols.size());
        for (size_t k = 0; k < cols.size(); ++k) row[k].page = line.page;
        for (const auto& c : line.cells) {
            double lo = left - 1, hi = right + 1;
            for (const auto* n : all) {
                if (n == &c) continue;
                const double ov = std::min(c.box.y1, n->box.y1) - std::max(c.box.y0, n->box.y0);
                if (ov < 0.1 * std::min(c.box.height(), n->box.height())) continue;
                if (n->box.x1 <= c.box.x0) lo = std::max(lo, (n->box.x1 + c.box.x0) / 2);
                if (n->box.x0 >= c.box.x1) hi = std::min(hi, (c.box.x1 + n->box.x0) / 2);
            }
            // Spanning: centred over header cells below it, within its stretch.
            double hull0 = 1e18, hull1 = -1e18;
            for (const auto* b : all) {
                if (b == &c || b->box.y0 < c.box.y1 - 0.1 * c.box.height()) continue;
                const double ov = std::min(c.box.x1, b->box.x1) - std::max(c.box.x0, b->box.x0);
                if (ov > 0 || (b->box.cx() > lo && b->box.cx() < hi)) {
                    hull0 = std::min(hull0, b->box.x0);
                    hull1 = std::max(hull1, b->box.x1);
                }
            }
            const bool spans = c.box.cx() >= hull0 - 2 && c.box.cx() <= hull1 + 2;
            int k = column_of(cols, c.box);
            for (size_t j = 0; spans && j < cols.size(); ++j) {
                const double x = centre(j);
                if (x >= lo && x <= hi) {
                    k = std::min(k, static_cast<int>(j));
                    break;
                }
            }
            if (k < 0) continue;
            Cell& cell = row[static_cast<size_t>(k)];
            cell.text = join_text(cell.text, trim(c.text));
            cell.box = cell.text == trim(c.text) ? c.box : cell.box.united(c.box);
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

// Index of the heading line of a second grid inside a table's body: a line of
// four or more text cells, no amounts, after rows with amounts. body.size()
// when there is none.
size_t second_grid_start(const std::vector<TextLine>& body) {
    bool seen_amounts = false;
    for (size_t i = 0; i < body.size(); ++i) {
        const TextLine& l = body[i];
        if (is_strong_body_line(l)) {
            seen_amounts = true;
            continue;
        }
        if (!seen_amounts || l.cells.size() < 4 || is_weak_body_line(l)) continue;
        bool text_only = true;
        for (const auto& c : l.cells)
            if (looks_numeric(remove_spaces(c.text))) text_only = false;
        if (text_only) return i;
    }
    return body.size();
}

struct LogicalTable {
    std::vector<Block> parts;
};

// The ruled cells of every part of a table, or false when a part is not on
// an OCR page whose rulings hold its text.
bool ruled_parts(const LogicalTable& lt, std::vector<std::vector<RuledCell>>& parts, std::vector<int>& pages) {
    for (const auto& part : lt.parts) {
        if (!part.source || part.source->ruled_tables.empty() || part.lines.empty()) return false;
        double y0 = 1e18, y1 = -1e18;
        for (const auto& l : part.lines) {
            y0 = std::min(y0, l.box.y0);
            y1 = std::max(y1, l.box.y1);
        }
        std::vector<RuledCell> cells = ruled_cells_between(*part.source, y0, y1);
        if (cells.empty()) return false;
        parts.push_back(std::move(cells));
        pages.push_back(part.page);
    }
    return !parts.empty();
}

}  // namespace

bool build_ruled_form(const std::vector<std::vector<RuledCell>>& parts, const std::vector<int>& pages,
                      std::vector<CellRow>& header, std::vector<CellRow>& body) {
    constexpr double tol = kRulingTolerance;
    if (parts.empty() || parts.size() != pages.size()) return false;
    const auto& first = parts.front();
    std::vector<double> tops;
    for (const auto& c : first) tops.push_back(c.box.y0);
    const std::vector<double> row_tops = cluster_positions(tops, tol);
    // Each row's texts as a text line, to find the grid's heading row as on
    // born-digital pages.
    std::vector<TextLine> lines(row_tops.size());
    for (const auto& c : first) {
        if (c.text.empty()) continue;
        size_t r = 0;
        for (size_t i = 0; i < row_tops.size(); ++i)
            if (row_tops[i] <= c.box.y0 + tol) r = i;
        TextLine& line = lines[r];
        line.page = pages.front();
        line.box = line.cells.empty() ? c.text_box : line.box.united(c.text_box);
        line.cells.push_back({c.text, c.text_box, c.text_box.height()});
    }
    std::vector<double> line_tops;
    std::vector<TextLine> text_rows;
    for (size_t r = 0; r < lines.size(); ++r) {
        if (lines[r].cells.empty()) continue;
        std::stable_sort(lines[r].cells.begin(), lines[r].cells.end(),
                         [](const TextCell& a, const TextCell& b) { return a.box.x0 < b.box.x0; });
        line_tops.push_back(row_tops[r]);
        text_rows.push_back(std::move(lines[r]));
    }
    const size_t s = second_grid_start(text_rows);
    if (s == text_rows.size()) return false;
    const double cut = line_tops[s];
    std::vector<RuledCell> block, grid;
    std::vector<double> block_x, grid_x;
    for (const auto& c : first) {
        if (c.box.y0 < cut - tol) {
            block.push_back(c);
            block_x.push_back(c.box.x0);
        } else {
            grid.push_back(c);
            if (c.box.y0 <= cut + tol) grid_x.push_back(c.box.x0);
        }
    }
    const std::vector<double> grid_cols = cluster_positions(grid_x, tol);
    header = ruled_rows(block, cluster_positions(block_x, tol), pages.front());
    body = ruled_rows(grid, grid_cols, pages.front());
    if (body.empty()) return false;
    auto texts = [](const CellRow& row) {
        std::string t;
        for (const auto& c : row) t += remove_spaces(c.text) + "|";
        return t;
    };
    const std::string heading = texts(body.front());
    for (size_t p = 1; p < parts.size(); ++p) {
        std::vector<CellRow> rows = ruled_rows(parts[p], grid_cols, pages[p]);
        // A heading repeated on the continuation page is dropped.
        size_t from = !rows.empty() && texts(rows.front()) == heading ? 1 : 0;
        for (size_t r = from; r < rows.size(); ++r) body.push_back(std::move(rows[r]));
    }
    return true;
}

namespace {

Table make_table(const LogicalTable& lt, const LayoutOptions& options) {
    Table table;
    const Block& first = lt.parts.front();
    static const std::regex ordinal(R"(^([一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+[.、]))");
    table.title = strip_year_prefix(std::regex_replace(first.title, ordinal, ""));
    if (!first.table_no.empty()) table.table_no = first.table_no;
    table.amount_unit = first.amount_unit;

    // Header: leading non-body lines of the first part.
    std::vector<TextLine> header, body;
    const auto& lines0 = first.lines;
    const size_t header_end = lines0.size() > 1 ? header_length(lines0) : 0;
    size_t i = 0;
    for (; i < header_end; ++i) header.push_back(lines0[i]);
    std::vector<std::string> header_texts;
    for (const auto& h : header) header_texts.push_back(h.text());
    for (; i < lines0.size(); ++i) body.push_back(lines0[i]);
    for (size_t p = 1; p < lt.parts.size(); ++p) {
        const auto& ls = lt.parts[p].lines;
        size_t j = 0;
        // A repeated header on the continuation page is dropped.
        while (j < ls.size() && !is_body_line(ls[j]) &&
               (is_column_number_line(ls[j]) ||
                std::find(header_texts.begin(), header_texts.end(), ls[j].text()) != header_texts.end()))
            ++j;
        if (!header.empty()) {
            // Header lines may be grouped differently on the new page: drop
            // leading lines made of header words (most of them: OCR can
            // garble one, 编码 read 纲公), no amount among them.
            while (j < ls.size() && !is_body_line(ls[j])) {
                size_t header_words = 0, numbers = 0;
                for (const auto& c : ls[j].cells) {
                    const std::string ct = remove_spaces(c.text);
                    numbers += looks_numeric(ct) ? 1 : 0;
                    for (const auto& ht : header_texts)
                        if (ht.find(ct) != std::string::npos) {
                            ++header_words;
                            break;
                        }
                }
                const size_t n = ls[j].cells.size();
                if (numbers > 0 || header_words * 3 < n * 2) break;
                ++j;
            }
        }
        for (; j < ls.size(); ++j) body.push_back(ls[j]);
    }
    for (const auto& part : lt.parts) {
        if (table.pages.empty() || table.pages.back() != part.page) table.pages.push_back(part.page);
        for (const auto& n : part.notes) table.notes.push_back(n);
    }

    // An OCR form whose text lies in ruled cells: the cells make its grid.
    std::vector<std::vector<RuledCell>> ruled;
    std::vector<int> ruled_pages;
    if (ruled_parts(lt, ruled, ruled_pages) && build_ruled_form(ruled, ruled_pages, table.header, table.body))
        return table;

    // A form (绩效自评表) prints a key-value block, then a second grid under its
    // own heading line (一级指标 二级指标 …): the block becomes the header, the
    // indicator grid the body.
    const size_t section = second_grid_start(body);
    if (section < body.size()) {
        std::vector<TextLine> block(body.begin(), body.begin() + static_cast<long>(section));
        std::vector<TextLine> grid(body.begin() + static_cast<long>(section), body.end());
        // The first line of a heading wrapped over two lines can sit on a text
        // line of the block above: it belongs to the grid's heading.
        for (size_t b = block.size() >= 2 ? block.size() - 2 : 0; b < block.size(); ++b) {
            auto& cells = block[b].cells;
            for (size_t k = 0; k < cells.size();) {
                bool stacked = false;
                for (size_t g = 0; g < std::min<size_t>(2, grid.size()) && !stacked; ++g)
                    for (const auto& gc : grid[g].cells) {
                        const double gap = gc.box.y0 - cells[k].box.y1;
                        // Centred on each other and no wider: a heading's
                        // wrapped first line, not the tail of a long text.
                        const bool aligned = std::abs(gc.box.cx() - cells[k].box.cx()) < 4 &&
                                             cells[k].box.width() <= 1.5 * gc.box.width() + 4;
                        if (aligned && gap > -0.5 * gc.box.height() && gap < 0.4 * gc.box.height() &&
                            !is_scored_line(grid[g]))
                            stacked = true;
                    }
                if (stacked) {
                    grid.front().cells.push_back(cells[k]);
                    cells.erase(cells.begin() + static_cast<long>(k));
                } else {
                    ++k;
                }
            }
        }
        std::stable_sort(grid.front().cells.begin(), grid.front().cells.end(),
                         [](const TextCell& a, const TextCell& b) { return a.box.x0 < b.box.x0; });
        std::erase_if(block, [](const TextLine& l) { return l.cells.empty(); });
        const std::vector<Column> block_cols = find_columns(header, block, options);
        if (!block_cols.empty()) {
            table.header = build_header(header, block_cols);
            for (auto& row : build_rows(group_body(block, block_cols, options), block_cols).rows)
                table.header.push_back(std::move(row));
        }
        const std::vector<Column> grid_cols = find_columns({grid.front()}, grid, options);
        if (grid_cols.empty()) return table;
        BodyGrid rows = build_rows(group_body(grid, grid_cols, options, true), grid_cols);
        place_form_labels(rows);
        table.body = std::move(rows.rows);
        return table;
    }
    std::vector<Column> cols = find_columns(header, body, options);
    if (cols.empty()) return table;
    table.header = build_header(header, cols);
    BodyGrid rows = build_rows(group_body(body, cols, options), cols);
    place_merged_labels(rows);
    table.body = std::move(rows.rows);
    return table;
}

bool same_title(const std::string& a, const std::string& b) {
    static const std::regex tail(R"((\((续|续表|续上表)\)|续表)$)");
    return std::regex_replace(a, tail, "") == std::regex_replace(b, tail, "");
}

}  // namespace
}  // namespace layout

namespace {

using namespace layout;

// Unit (reporting body) and year from the cover: on the first page that
// prints "YYYY年(度)…决算/预算", the unit is what precedes the year.
void read_unit_and_year(Document& doc, const LayoutOptions& options) {
    static const std::regex year_re(R"((\d{4})年度?(单位|部门)?(决算|预算))");
    for (const auto& page : doc.pages) {
        if (page.number > 3) break;
        std::string text;
        for (const auto& l : recover_lines(page, options)) text += l.text();
        std::smatch m;
        if (!std::regex_search(text, m, year_re)) continue;
        const int year = std::stoi(m[1].str());
        if (year < 1990 || year > 2100) continue;
        doc.year = year;
        std::string unit = text.substr(0, static_cast<size_t>(m.position(0)));
        for (const char* p : {"预算主管部门:", "主管部门:", "部门:", "单位:"}) {
            const auto pos = unit.find(p);
            if (pos != std::string::npos) unit = unit.substr(pos + std::string(p).size());
        }
        if (!unit.empty() && utf8_to_u32(unit).size() <= 40) doc.unit = unit;
        return;
    }
}

// Fallback unit: the most common "单位：X" of the tables.
void unit_from_tables(Document& doc, const LayoutOptions& options) {
    if (doc.unit) return;
    std::map<std::string, int> votes;
    for (const auto& page : doc.pages)
        for (const auto& l : recover_lines(page, options))
            for (const auto& c : l.cells) {
                const std::string t = remove_spaces(c.text);
                for (const char* p : {"编制单位:", "单位:", "部门:"})
                    if (starts_with(t, p)) {
                        std::string u = t.substr(std::string(p).size());
                        if (!u.empty() && !amount_unit_in(t)) ++votes[u];
                        break;
                    }
            }
    int best = 0;
    for (const auto& [u, n] : votes)
        if (n > best) {
            best = n;
            doc.unit = u;
        }
}

class LayoutStage final : public Stage {
public:
    std::string_view name() const override { return "layout"; }

    Status run(Document& doc, const Options& options) const override {
        const auto& o = options.layout;
        read_unit_and_year(doc, o);
        unit_from_tables(doc, o);

        std::vector<LogicalTable> tables;
        bool last_open = false;  // the last table ran to the end of its page
        for (const auto& page : doc.pages) {
            auto blocks = find_blocks(page, o);
            for (auto& b : blocks) {
                const bool continuation =
                    !tables.empty() && last_open && b.page == tables.back().parts.back().page + 1 &&
                    (b.title.empty() || same_title(b.title, tables.back().parts.front().title)) &&
                    &b == &blocks.front();
                if (continuation) {
                    tables.back().parts.push_back(std::move(b));
                } else if (!b.title.empty()) {
                    tables.push_back({{std::move(b)}});
                } else {
                    continue;  // untitled lines not continuing a table
                }
                last_open = tables.back().parts.back().end == BlockEnd::page_end;
            }
            if (blocks.empty()) last_open = false;
        }
        doc.tables.clear();
        for (const auto& lt : tables) {
            // A run of one-cell lines under a heading is a list, not a table.
            bool grid = false;
            for (const auto& part : lt.parts)
                for (const auto& l : part.lines)
                    if (l.cells.size() >= 2) grid = true;
            if (!grid) continue;
            Table t = make_table(lt, o);
            if (t.header.empty() && t.body.empty()) continue;
            doc.tables.push_back(std::move(t));
        }
        return Status::success();
    }
};

}  // namespace

StagePtr make_layout_stage() { return std::make_unique<LayoutStage>(); }

}  // namespace juesuan
