#include "schemas/provenance.h"

#include "schemas/grid.h"

#include "model/text.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <utility>

namespace juesuan {

namespace {

constexpr size_t kNoColumn = std::numeric_limits<size_t>::max();

double rounded(double v, double unit) { return std::round(v / unit) * unit; }

// What a body cell can be matched on.
struct BodyCell {
    std::string label;      // space-free text
    std::string unordered;  // label without its leading ordinal (summary items)
    std::optional<double> amount;
};

struct Pos {
    size_t row = 0, column = 0;
    auto operator<=>(const Pos&) const = default;
};

// A field of a record that may have been read from a cell: a non-empty text
// or a number.
struct FieldValue {
    std::string name;
    bool text = false;
    std::string string;
    double number = 0;
    std::vector<Pos> matches;  // every body cell printing the value, in (row, column) order
};

bool matches(const BodyCell& cell, const FieldValue& f) {
    if (f.text) return cell.label == f.string || cell.unordered == f.string;
    return cell.amount && std::fabs(*cell.amount - f.number) <= 1e-6 * std::max(1.0, std::fabs(f.number));
}

std::vector<FieldValue> field_values(const Json& record, const std::vector<std::vector<BodyCell>>& body) {
    std::vector<FieldValue> out;
    if (!record.is_object()) return out;
    for (const auto& [name, value] : record.items()) {
        FieldValue f;
        f.name = name;
        if (value.is_string() && !value.get<std::string>().empty()) {
            f.text = true;
            f.string = value.get<std::string>();
        } else if (value.is_number()) {
            f.number = value.get<double>();
        } else {
            continue;
        }
        for (size_t r = 0; r < body.size(); ++r)
            for (size_t c = 0; c < body[r].size(); ++c)
                if (matches(body[r][c], f)) f.matches.push_back({r, c});
        out.push_back(std::move(f));
    }
    return out;
}

std::vector<Pos> in_row(const FieldValue& f, size_t row) {
    std::vector<Pos> out;
    for (const auto& p : f.matches)
        if (p.row == row) out.push_back(p);
    return out;
}

// The body row a record was read from: most values printed (texts count
// double), ties to the first row at or after `next` (the row after the
// previous record's: two rows printing the same values are two records),
// else the first.
std::optional<size_t> anchor_row(const std::vector<FieldValue>& fields, size_t rows, size_t next) {
    std::vector<double> score(rows, 0);
    for (const auto& f : fields) {
        std::set<size_t> seen;
        for (const auto& p : f.matches)
            if (seen.insert(p.row).second) score[p.row] += f.text ? 2 : 1;
    }
    const double best = rows ? *std::max_element(score.begin(), score.end()) : 0;
    if (best <= 0) return std::nullopt;
    for (size_t r = next; r < rows; ++r)
        if (score[r] == best) return r;
    for (size_t r = 0; r < rows; ++r)
        if (score[r] == best) return r;
    return std::nullopt;
}

// The record's label column: the leftmost text match in its row (the two
// sides of a summary table, the groups of a basic-detail table).
size_t label_column(const std::vector<FieldValue>& fields, size_t row) {
    size_t out = kNoColumn;
    for (const auto& f : fields)
        if (f.text)
            for (const auto& p : in_row(f, row)) out = std::min(out, p.column);
    return out;
}

using FieldKey = std::pair<std::string, size_t>;  // field name, label column

struct RecordMatch {
    std::vector<FieldValue> fields;
    std::optional<size_t> row;
    size_t key = kNoColumn;
};

// The column each field takes, per label column: the column its values are
// printed in most often in the records' rows (a value printed twice in a row
// votes half for each; ties go to the first column right of the label, then
// left to right); number fields in field order take distinct columns.
std::map<FieldKey, size_t> field_columns(const std::vector<RecordMatch>& records) {
    std::map<FieldKey, std::map<size_t, double>> votes;
    std::vector<std::string> order;  // field names in order of appearance
    std::set<std::string> text_fields;
    std::set<size_t> keys;
    for (const auto& rm : records) {
        if (!rm.row) continue;
        keys.insert(rm.key);
        for (const auto& f : rm.fields) {
            if (std::find(order.begin(), order.end(), f.name) == order.end()) order.push_back(f.name);
            if (f.text) text_fields.insert(f.name);
            const auto here = in_row(f, *rm.row);
            for (const auto& p : here) votes[{f.name, rm.key}][p.column] += 1.0 / static_cast<double>(here.size());
        }
    }
    std::map<FieldKey, size_t> out;
    for (size_t key : keys) {
        std::set<size_t> taken;
        for (const auto& name : order) {
            const auto it = votes.find({name, key});
            if (it == votes.end()) continue;
            const bool text = text_fields.count(name) > 0;
            std::optional<size_t> best;
            double most = 0;
            for (const bool right : {true, false})
                for (const auto& [column, n] : it->second)
                    if ((key != kNoColumn && column >= key) == right && n > most &&
                        (text || !taken.count(column))) {
                        best = column;
                        most = n;
                    }
            if (!best) continue;
            out[{name, key}] = *best;
            if (!text) taken.insert(*best);
        }
    }
    return out;
}

}  // namespace

Json cell_provenance(const Document& doc, const Cell& cell) {
    const Page* page = doc.page(cell.page);
    if (!page) return nullptr;
    bool any = false, ocr = false;
    double confidence = 1;
    for (const auto& w : page->words) {
        if (!cell.box.holds_centre_of(w.box)) continue;
        any = true;
        if (w.source != WordSource::ocr) continue;
        ocr = true;
        confidence = std::min(confidence, w.confidence);
    }
    if (!any) return nullptr;
    const Box& b = cell.box;
    return Json{{"page", cell.page},
                {"box", Json::array({rounded(b.x0, 0.01), rounded(b.y0, 0.01), rounded(b.x1, 0.01),
                                     rounded(b.y1, 0.01)})},
                {"source", ocr ? "ocr" : "text"},
                {"confidence", ocr ? rounded(std::clamp(confidence, 0.0, 1.0), 0.001) : 1.0}};
}

Json table_provenance(const Document& doc, const Table& table) {
    std::vector<std::vector<BodyCell>> body;
    for (const auto& row : table.body) {
        std::vector<BodyCell> cells;
        for (const auto& cell : row) {
            BodyCell bc;
            bc.label = grid::label(cell.text);
            bc.unordered = grid::strip_ordinal(bc.label);
            bc.amount = parse_amount(bc.label);
            cells.push_back(std::move(bc));
        }
        body.push_back(std::move(cells));
    }

    std::vector<RecordMatch> records;
    size_t next = 0;
    for (const auto& record : table.records) {
        RecordMatch rm;
        rm.fields = field_values(record, body);
        rm.row = anchor_row(rm.fields, body.size(), next);
        if (rm.row) {
            next = *rm.row + 1;
            rm.key = label_column(rm.fields, *rm.row);
        }
        records.push_back(std::move(rm));
    }
    const auto columns = field_columns(records);

    Json out = Json::array();
    std::set<Pos> claimed;  // number cells already serving a record field
    for (const auto& rm : records) {
        Json entry = Json::object();
        if (!rm.row) {
            out.push_back(std::move(entry));
            continue;
        }
        const size_t row = *rm.row;
        std::vector<std::optional<Pos>> chosen(rm.fields.size());
        auto free_in_row = [&](const FieldValue& f) {
            std::vector<Pos> cells;
            for (const auto& p : in_row(f, row))
                if (f.text || !claimed.count(p)) cells.push_back(p);
            return cells;
        };
        auto choose = [&](size_t k, Pos p) {
            chosen[k] = p;
            if (!rm.fields[k].text) claimed.insert(p);
        };
        // The field's own column first, then a value printed once in the row.
        for (size_t k = 0; k < rm.fields.size(); ++k) {
            const auto col = columns.find({rm.fields[k].name, rm.key});
            if (col == columns.end()) continue;
            for (const auto& p : free_in_row(rm.fields[k]))
                if (p.column == col->second) choose(k, p);
        }
        for (size_t k = 0; k < rm.fields.size(); ++k) {
            if (chosen[k]) continue;
            const auto here = free_in_row(rm.fields[k]);
            if (here.size() == 1) choose(k, here.front());
        }
        // Not in the row: a text merged down from a row above; a number in a
        // column of the record's other values.
        std::set<size_t> record_columns;
        for (const auto& p : chosen)
            if (p) record_columns.insert(p->column);
        for (size_t k = 0; k < rm.fields.size(); ++k) {
            const FieldValue& f = rm.fields[k];
            if (chosen[k] || !in_row(f, row).empty()) continue;
            if (f.text) {
                for (size_t r = row; r-- > 0;) {
                    const auto there = in_row(f, r);
                    if (there.empty()) continue;
                    if (there.size() == 1) choose(k, there.front());
                    break;
                }
                continue;
            }
            std::vector<Pos> near;
            size_t distance = kNoColumn;
            for (const auto& p : f.matches) {
                if (claimed.count(p) || !record_columns.count(p.column)) continue;
                const size_t d = p.row > row ? p.row - row : row - p.row;
                if (d < distance) {
                    distance = d;
                    near.clear();
                }
                if (d == distance) near.push_back(p);
            }
            if (near.size() == 1) choose(k, near.front());
        }
        for (size_t k = 0; k < rm.fields.size(); ++k) {
            if (!chosen[k]) continue;
            Json where = cell_provenance(doc, table.body[chosen[k]->row][chosen[k]->column]);
            if (!where.is_null()) entry[rm.fields[k].name] = std::move(where);
        }
        out.push_back(std::move(entry));
    }
    return out;
}

}  // namespace juesuan
