// Ruled cells of OCR pages → text per cell → grid rows (layout/internal.h).
#include "layout/internal.h"
#include "model/text.h"

#include <algorithm>
#include <cmath>

namespace juesuan::layout {

std::vector<RuledCell> read_ruled_cells(const std::vector<Box>& cells, const std::vector<Word>& words) {
    std::vector<RuledCell> out(cells.size());
    std::vector<std::vector<const Word*>> held(cells.size());
    std::vector<bool> taken(words.size(), false);
    // Cells lie a ruling's width apart: a word goes to the cell holding its
    // centre, else to one within a point of it.
    for (double margin : {0.0, 1.0})
        for (size_t w = 0; w < words.size(); ++w) {
            if (taken[w]) continue;
            for (size_t c = 0; c < cells.size(); ++c)
                if (cells[c].holds_centre_of(words[w].box, margin)) {
                    held[c].push_back(&words[w]);
                    taken[w] = true;
                    break;
                }
        }
    for (size_t c = 0; c < cells.size(); ++c) {
        out[c].box = cells[c];
        out[c].text_box = cells[c];
        auto& ws = held[c];
        if (ws.empty()) continue;
        std::stable_sort(ws.begin(), ws.end(), [](const Word* a, const Word* b) { return a->box.cy() < b->box.cy(); });
        // Lines: a word whose centre lies below the current line's words starts the next.
        std::vector<std::vector<const Word*>> lines;
        double bottom = -1e18;
        for (const Word* w : ws) {
            if (lines.empty() || w->box.cy() > bottom) {
                lines.push_back({});
                bottom = w->box.y1;
            }
            lines.back().push_back(w);
            bottom = std::max(bottom, w->box.y1);
        }
        out[c].text_box = ws.front()->box;
        for (auto& line : lines) {
            std::stable_sort(line.begin(), line.end(), [](const Word* a, const Word* b) { return a->box.x0 < b->box.x0; });
            for (const Word* w : line) {
                out[c].text = join_text(out[c].text, trim(w->text));
                out[c].text_box = out[c].text_box.united(w->box);
            }
        }
    }
    return out;
}

std::vector<double> cluster_positions(std::vector<double> values, double tolerance) {
    std::sort(values.begin(), values.end());
    std::vector<double> out;
    double first = 0, sum = 0;
    size_t n = 0;
    for (double v : values) {
        if (n > 0 && v - first > tolerance) {
            out.push_back(sum / static_cast<double>(n));
            n = 0;
            sum = 0;
        }
        if (n == 0) first = v;
        sum += v;
        ++n;
    }
    if (n > 0) out.push_back(sum / static_cast<double>(n));
    return out;
}

std::vector<CellRow> ruled_rows(const std::vector<RuledCell>& cells, const std::vector<double>& column_starts,
                                int page) {
    std::vector<CellRow> rows;
    if (column_starts.empty()) return rows;
    std::vector<double> tops;
    for (const auto& c : cells) tops.push_back(c.box.y0);
    const std::vector<double> row_tops = cluster_positions(tops, kRulingTolerance);
    auto index_of = [](const std::vector<double>& starts, double x) {
        size_t k = 0;
        for (size_t i = 0; i < starts.size(); ++i)
            if (starts[i] <= x + kRulingTolerance) k = i;
        return k;
    };
    rows.assign(row_tops.size(), CellRow(column_starts.size()));
    for (auto& row : rows)
        for (auto& cell : row) cell.page = page;
    // Left to right within a row, so that a cell split by a stray ruling
    // reads in order.
    std::vector<const RuledCell*> order;
    for (const auto& c : cells) order.push_back(&c);
    std::stable_sort(order.begin(), order.end(),
                     [](const RuledCell* a, const RuledCell* b) { return a->box.x0 < b->box.x0; });
    for (const RuledCell* c : order) {
        if (c->text.empty()) continue;
        Cell& cell = rows[index_of(row_tops, c->box.y0)][index_of(column_starts, c->box.x0)];
        cell.box = cell.text.empty() ? c->text_box : cell.box.united(c->text_box);
        cell.text = join_text(cell.text, c->text);
    }
    std::erase_if(rows, [](const CellRow& row) {
        return std::all_of(row.begin(), row.end(), [](const Cell& c) { return c.text.empty(); });
    });
    return rows;
}

int ruled_table_at(const Page& page, const Box& box) {
    for (size_t t = 0; t < page.ruled_tables.size(); ++t) {
        const auto& table = page.ruled_tables[t];
        if (table.empty()) continue;
        Box extent = table.front();
        for (const auto& b : table) extent = extent.united(b);
        if (extent.holds_centre_of(box)) return static_cast<int>(t);
    }
    return -1;
}

std::vector<RuledCell> ruled_cells_between(const Page& page, double y0, double y1) {
    std::vector<RuledCell> out;
    size_t inside = 0, held = 0;
    for (const auto& table : page.ruled_tables) {
        if (table.empty()) continue;
        Box extent = table.front();
        for (const auto& b : table) extent = extent.united(b);
        if (extent.y1 < y0 || extent.y0 > y1) continue;
        // The table's part between y0 and y1: the cells whose centre lies there.
        std::vector<Box> part;
        for (const auto& b : table)
            if (b.cy() >= y0 && b.cy() <= y1) part.push_back(b);
        if (part.empty()) continue;
        Box span = part.front();
        for (const auto& b : part) span = span.united(b);
        for (const auto& w : page.words) {
            // Text beside the cells, at their height, is the table's too.
            if (w.box.cy() < span.y0 || w.box.cy() > span.y1) continue;
            ++inside;
            for (const auto& b : part)
                if (b.holds_centre_of(w.box)) {
                    ++held;
                    break;
                }
        }
        for (auto& c : read_ruled_cells(part, page.words)) out.push_back(std::move(c));
    }
    // Text outside the cells means the rulings do not make the table's grid.
    if (out.empty() || held < 4 || held * 10 < inside * 9) return {};
    return out;
}

}  // namespace juesuan::layout
