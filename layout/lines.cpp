// Words → text lines → cells; column recovery.
#include "layout/internal.h"
#include "model/text.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <cstdlib>

namespace juesuan::layout {

std::string TextLine::text() const {
    std::string out;
    for (const auto& c : cells) out += c.text;
    return remove_spaces(out);
}

std::string join_text(const std::string& a, const std::string& b) {
    if (a.empty()) return b;
    if (b.empty()) return a;
    const auto ua = utf8_to_u32(a);
    const auto ub = utf8_to_u32(b);
    const char32_t last = ua.back(), first = ub.front();
    const bool ascii_word = (last < 0x80 && std::isalnum(static_cast<int>(last))) &&
                            (first < 0x80 && std::isalnum(static_cast<int>(first)));
    return ascii_word ? a + " " + b : a + b;
}

namespace {

double overlap(double a0, double a1, double b0, double b1) {
    return std::max(0.0, std::min(a1, b1) - std::max(a0, b0));
}

// Does word w continue cell c on the same line? Text continues text across a
// normal space (letter-spaced headers such as "项 目"); a number never absorbs
// a neighbouring label or number across more than a narrow space, because
// adjacent table columns are often closer than an em.
bool same_cell(const TextCell& c, const Word& w, const LayoutOptions& options) {
    const double em = std::max(1.0, std::min(w.box.height(), c.box.height()));
    const double gap = w.box.x0 - c.box.x1;
    if (gap <= 0.15 * em) return true;
    const bool num_a = looks_numeric(c.text);
    const bool num_b = looks_numeric(w.text) || w.text == "." ;
    // A lone dash is a whole cell (zero printed as "-"), never part of a number.
    const auto is_dash = [](const std::string& t) { return t.find_first_not_of("-") == std::string::npos; };
    if (is_dash(c.text) || is_dash(w.text)) return false;
    if (num_a && num_b) return gap <= options.number_gap * em && looks_numeric(c.text + w.text);
    if (num_a || num_b) return gap <= options.mixed_gap * em;
    if (gap <= options.cell_gap * em) return true;
    // Headings printed letter-spaced across their cell ("项      目").
    static const char* const kSpaced[] = {"项目", "合计", "总计", "小计", "栏次", "行次", "金额", "序号", "单位", "收入", "支出"};
    const std::string joined = c.text + w.text;
    if (gap <= 6 * em && utf8_to_u32(joined).size() == 2)
        for (const char* word : kSpaced)
            if (joined == word) return true;
    return false;
}

}  // namespace

std::vector<TextLine> recover_lines(const Page& page, const LayoutOptions& options) {
    std::vector<const Word*> words;
    words.reserve(page.words.size());
    for (const auto& w : page.words) words.push_back(&w);
    std::stable_sort(words.begin(), words.end(), [](const Word* a, const Word* b) {
        if (a->box.y0 != b->box.y0) return a->box.y0 < b->box.y0;
        return a->box.x0 < b->box.x0;
    });

    struct Group {
        Box box;
        std::vector<const Word*> words;
    };
    std::vector<Group> groups;
    for (const Word* w : words) {
        const double h = std::max(1.0, w->box.height());
        Group* best = nullptr;
        double best_score = 0;
        // Only recent groups can still overlap a word further down the page.
        for (auto it = groups.rbegin(); it != groups.rend() && it - groups.rbegin() < 8; ++it) {
            const double gh = std::max(1.0, it->box.height());
            const double ov = overlap(it->box.y0, it->box.y1, w->box.y0, w->box.y1);
            const double score = ov / std::min(h, gh);
            if (score >= options.line_overlap && score > best_score) {
                best = &*it;
                best_score = score;
            }
        }
        if (best) {
            best->words.push_back(w);
            // Keep the line's vertical extent that of its first words so that a
            // tall neighbour cannot chain lines together.
            best->box.x0 = std::min(best->box.x0, w->box.x0);
            best->box.x1 = std::max(best->box.x1, w->box.x1);
        } else {
            groups.push_back({w->box, {w}});
        }
    }

    std::vector<TextLine> lines;
    lines.reserve(groups.size());
    for (auto& g : groups) {
        std::stable_sort(g.words.begin(), g.words.end(),
                         [](const Word* a, const Word* b) { return a->box.x0 < b->box.x0; });
        TextLine line;
        line.page = page.number;
        line.box = g.words.front()->box;
        std::vector<double> sizes;
        for (const Word* w : g.words) {
            line.box = line.box.united(w->box);
            sizes.push_back(w->box.height());
            if (!line.cells.empty() && same_cell(line.cells.back(), *w, options)) {
                auto& c = line.cells.back();
                const double em = std::max(1.0, std::min(w->box.height(), c.box.height()));
                const bool spaced = w->box.x0 - c.box.x1 > 0.15 * em;
                c.text = spaced ? join_text(c.text, w->text) : c.text + w->text;
                c.box = c.box.united(w->box);
            } else {
                line.cells.push_back({w->text, w->box, w->font_size});
            }
        }
        std::nth_element(sizes.begin(), sizes.begin() + sizes.size() / 2, sizes.end());
        line.font_size = sizes[sizes.size() / 2];
        lines.push_back(std::move(line));
    }
    std::stable_sort(lines.begin(), lines.end(), [](const TextLine& a, const TextLine& b) {
        return a.box.cy() < b.box.cy();
    });
    return lines;
}

int column_of(const std::vector<Column>& columns, const Box& box) {
    const double x = box.cx();
    for (size_t i = 0; i < columns.size(); ++i)
        if (x >= columns[i].x0 && x < columns[i].x1) return static_cast<int>(i);
    return columns.empty() ? -1 : static_cast<int>(columns.size()) - 1;
}

namespace {

// Merges intervals that overlap or lie closer than `gap` into columns.
std::vector<Column> cover(std::vector<Column> spans, double gap) {
    std::sort(spans.begin(), spans.end(), [](const Column& a, const Column& b) { return a.x0 < b.x0; });
    std::vector<Column> out;
    for (const auto& s : spans) {
        if (!out.empty() && s.x0 <= out.back().x1 + gap) {
            out.back().x1 = std::max(out.back().x1, s.x1);
        } else {
            out.push_back(s);
        }
    }
    return out;
}

int overlapping(const std::vector<Column>& cols, const Box& b, double tol) {
    int n = 0;
    for (const auto& c : cols)
        if (overlap(c.x0 - tol, c.x1 + tol, b.x0, b.x1) > 0) ++n;
    return n;
}

bool is_column_number_row(const TextLine& line) {
    // 栏次 row: "栏次 1 2 3 …" — small consecutive integers mark every column.
    int expected = 0;
    int numbers = 0;
    for (const auto& c : line.cells) {
        const std::string t = remove_spaces(c.text);
        if (is_column_number_label(t)) continue;
        if (t.size() > 2 || !looks_numeric(t)) return false;
        const int v = std::atoi(t.c_str());
        if (expected != 0 && v != expected + 1) return false;
        expected = v;
        ++numbers;
    }
    return numbers >= 2;
}

}  // namespace

namespace {

// Header cells wrapped over several text lines ("经济分类科" / "目编码") are
// one cell: stacked boxes, centred or left-aligned on each other, close together.
std::vector<Box> merge_stacked(std::vector<Box> boxes) {
    std::stable_sort(boxes.begin(), boxes.end(), [](const Box& a, const Box& b) { return a.y0 < b.y0; });
    bool merged = true;
    while (merged) {
        merged = false;
        for (size_t i = 0; i < boxes.size() && !merged; ++i) {
            for (size_t j = i + 1; j < boxes.size() && !merged; ++j) {
                const Box& a = boxes[i];
                const Box& b = boxes[j];
                const double h = std::min(a.height(), b.height());
                const double gap = b.y0 - a.y1;
                const bool aligned = std::abs(a.cx() - b.cx()) < 4 || std::abs(a.x0 - b.x0) < 2;
                if (gap < 0.5 * h && gap > -0.5 * h && aligned) {
                    boxes[i] = a.united(b);
                    boxes.erase(boxes.begin() + static_cast<long>(j));
                    merged = true;
                }
            }
        }
    }
    return boxes;
}

// Leaf header cells: nothing of the header printed below them within the
// stretch of the row the cell heads (up to halfway to its neighbours in the
// same band), so a label centred over a gap (收入 over 项目/行次/金额) is no leaf.
std::vector<Box> leaf_cells(const std::vector<Box>& cells) {
    std::vector<Box> leaves;
    for (size_t i = 0; i < cells.size(); ++i) {
        const Box& a = cells[i];
        double lo = -1e9, hi = 1e9;
        for (size_t j = 0; j < cells.size(); ++j) {
            if (i == j) continue;
            const Box& n = cells[j];
            if (overlap(a.y0, a.y1, n.y0, n.y1) < 0.1 * std::min(a.height(), n.height())) continue;
            if (n.x1 <= a.x0) lo = std::max(lo, (n.x1 + a.x0) / 2);
            if (n.x0 >= a.x1) hi = std::min(hi, (a.x1 + n.x0) / 2);
        }
        // Children: cells below within its stretch; a parent is centred over them.
        double hull0 = 1e18, hull1 = -1e18;
        for (size_t j = 0; j < cells.size(); ++j) {
            if (i == j) continue;
            const Box& b = cells[j];
            if (b.y0 < a.y1 - 0.1 * a.height()) continue;
            const double ov = overlap(a.x0, a.x1, b.x0, b.x1);
            if (ov > 0.3 * std::min(a.width(), b.width()) || (b.cx() > lo && b.cx() < hi)) {
                hull0 = std::min(hull0, b.x0);
                hull1 = std::max(hull1, b.x1);
            }
        }
        const bool has_below = a.cx() >= hull0 - 2 && a.cx() <= hull1 + 2;
        if (!has_below) leaves.push_back(a);
    }
    std::stable_sort(leaves.begin(), leaves.end(), [](const Box& a, const Box& b) { return a.x0 < b.x0; });
    // Leaves overlapping in x (odd header shapes) are one column.
    std::vector<Box> out;
    for (const auto& l : leaves) {
        if (!out.empty() && overlap(out.back().x0, out.back().x1, l.x0, l.x1) > 0)
            out.back() = out.back().united(l);
        else
            out.push_back(l);
    }
    return out;
}

// Boundary between two neighbouring columns: the point between them crossed by
// the fewest body cells, in the rightmost such run: amounts are right-aligned
// and labels left-aligned, so a column's cells end right where the next begins.
double boundary_between(double left, double right, const std::vector<Column>& body_spans) {
    if (right <= left) return (left + right) / 2;
    std::vector<double> xs{left, right};
    for (const auto& s : body_spans) {
        if (s.x0 > left && s.x0 < right) xs.push_back(s.x0);
        if (s.x1 > left && s.x1 < right) xs.push_back(s.x1);
    }
    std::sort(xs.begin(), xs.end());
    double best_x = (left + right) / 2;
    int best_cross = 1 << 30;
    for (size_t i = 0; i + 1 < xs.size(); ++i) {
        const double mid = (xs[i] + xs[i + 1]) / 2;
        int cross = 0;
        for (const auto& s : body_spans)
            if (s.x0 < mid && s.x1 > mid) ++cross;
        const double width = xs[i + 1] - xs[i];
        if (width > 0.5 && (cross < best_cross || (cross == best_cross && xs[i] >= best_x))) {
            best_cross = cross;
            best_x = mid;
        }
    }
    return best_x;
}

}  // namespace

std::vector<Column> find_columns(const std::vector<TextLine>& header, const std::vector<TextLine>& body,
                                 const LayoutOptions& options) {
    std::vector<Column> body_spans, number_spans;
    for (const auto& line : body)
        for (const auto& c : line.cells) {
            body_spans.push_back({c.box.x0, c.box.x1});
            if (looks_numeric(c.text)) number_spans.push_back({c.box.x0, c.box.x1});
        }
    std::vector<Box> header_cells;
    for (const auto& line : header) {
        if (is_column_number_row(line)) continue;
        for (const auto& c : line.cells) header_cells.push_back(c.box);
    }
    std::vector<Box> leaves = leaf_cells(merge_stacked(header_cells));

    std::vector<Column> centres;  // column cores, left to right
    if (leaves.size() >= 2) {
        for (const auto& l : leaves) centres.push_back({l.x0, l.x1});
        // Body columns under no header leaf (e.g. a header-less code column).
        for (const auto& c : cover(body_spans, options.column_gap)) {
            bool covered = false;
            for (const auto& l : leaves)
                if (overlap(c.x0, c.x1, l.x0 - options.column_tolerance, l.x1 + options.column_tolerance) > 0)
                    covered = true;
            // Right-aligned amounts stick out past a centred heading: only a
            // run well clear of every heading is a column of its own.
            bool numbers = false;
            for (const auto& n : number_spans)
                if (overlap(c.x0, c.x1, n.x0, n.x1) > 0) numbers = true;
            const double clear = numbers ? 2.0 * leaves.front().height() : options.column_gap;
            const bool beyond = c.x1 < leaves.front().x0 - clear || c.x0 > leaves.back().x1 + clear;
            // …and something of the header is printed over it, or it holds text
            // (a label merged down the rows, such as 绩效指标).
            bool headed = false;
            for (const auto& line : header)
                for (const auto& hc : line.cells)
                    if (overlap(c.x0, c.x1, hc.box.x0, hc.box.x1) > 0) headed = true;
            if (!covered && beyond && (headed || !numbers)) centres.push_back(c);
        }
        std::sort(centres.begin(), centres.end(), [](const Column& a, const Column& b) { return a.x0 < b.x0; });
    } else {
        centres = cover(body_spans, options.column_gap);
        for (const auto& b : header_cells)
            if (overlapping(centres, b, options.column_tolerance) == 0) centres.push_back({b.x0, b.x1});
        centres = cover(centres, options.column_gap);
    }
    if (centres.empty()) return centres;

    // Zones: from boundary to boundary, so every x belongs to one column.
    std::vector<Column> zones(centres.size());
    double lo = -1e9;
    for (size_t i = 0; i < centres.size(); ++i) {
        zones[i].x0 = lo;
        if (i + 1 < centres.size()) {
            lo = boundary_between(centres[i].x1, centres[i + 1].x0, body_spans);
            zones[i].x1 = lo;
        } else {
            zones[i].x1 = 1e9;
        }
    }
    return zones;
}

}  // namespace juesuan::layout
