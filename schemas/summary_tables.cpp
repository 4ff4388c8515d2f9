// The two summary tables print two logical tables side by side: 收入 (item,
// 行次, amount) | 支出 (item, 行次, one or four amount columns). Each printed
// item of either side is a record; rows with a blank item on one side (filler
// lines, the 行次 of an unused line) give no record on that side.
#include "schemas/drivers.h"
#include "schemas/grid.h"

#include "model/text.h"

#include <algorithm>
#include <cstdlib>
#include <optional>

namespace juesuan {

namespace {

using grid::FieldRules;

// The fiscal-grant summary's four expenditure columns.
const FieldRules& fiscal_grant_rules() {
    static const FieldRules rules{
        {"general_budget", {"一般公共预算"}},
        {"gov_fund", {"政府性基金"}},
        {"state_capital", {"国有资本"}},
        {"total", {"合计", "小计", "总计", "金额", "决算数"}},
    };
    return rules;
}

struct Side {
    std::string name;  // "income" / "expenditure"
    size_t first = 0, last = 0;
    size_t label = 0;
    std::optional<size_t> line;
    std::vector<size_t> amounts;
};

bool has_own_heading(const grid::ColumnHeadings& headings, size_t column, std::string_view word) {
    for (const auto& h : grid::own_headings(headings, column))
        if (h == word) return true;
    return false;
}

size_t non_numeric_count(const std::vector<CellRow>& body, size_t column) {
    size_t n = 0;
    for (const auto& row : body) {
        const std::string t = grid::label(grid::cell(row, column));
        if (!t.empty() && !looks_numeric(t)) ++n;
    }
    return n;
}

// First columns of the 收入 and 支出 sides: the 收入/支出 heading cells; else
// the two 项目 heading cells; else the two columns of the body that hold text.
std::vector<size_t> side_starts(const Table& table, const grid::ColumnHeadings& headings,
                                size_t columns) {
    std::vector<size_t> income, expenditure, items, texts;
    for (size_t c = 0; c < columns; ++c) {
        if (has_own_heading(headings, c, "收入")) income.push_back(c);
        if (has_own_heading(headings, c, "支出")) expenditure.push_back(c);
        if (has_own_heading(headings, c, "项目")) items.push_back(c);
        if (non_numeric_count(table.body, c) * 2 > table.body.size()) texts.push_back(c);
    }
    if (income.size() == 1 && expenditure.size() == 1 && income[0] < expenditure[0])
        return {income[0], expenditure[0]};
    if (items.size() == 2) return items;
    if (texts.size() >= 2) return {texts[0], texts[1]};
    return {0};
}

// A 行次 column read from the body where the header does not name it: whole
// numbers only, strictly increasing down the table.
bool looks_like_line_column(const std::vector<CellRow>& body, size_t column) {
    long previous = -1;
    size_t count = 0;
    for (const auto& row : body) {
        const std::string t = grid::label(grid::cell(row, column));
        if (t.empty()) continue;
        if (!grid::all_digits(t) || t.size() > 3) return false;
        const long v = std::strtol(t.c_str(), nullptr, 10);
        if (v <= previous) return false;
        previous = v;
        ++count;
    }
    return count >= 2;
}

class SummaryDriver final : public KindDriver {
public:
    explicit SummaryDriver(TableKind kind) : kind_(kind) {}

    TableKind kind() const override { return kind_; }

    Match identify(const std::string& title, const HeaderTexts& header) const override {
        const TitleView t(title);
        const bool fiscal_title = t.has("财政拨款收入支出决算总表") || t.has("财政拨款收支决算总表");
        const bool summary_title = t.has("收入支出决算总表") || t.has("收支决算总表");
        // The fiscal-grant form splits its expenditure over the three budgets.
        const bool fiscal_header =
            header_has(header, "政府性基金预算财政拨款") && header_has(header, "国有资本经营预算财政拨款");
        if (kind_ == TableKind::fiscal_grant_summary) {
            if (fiscal_title) return Match::yes;
            return summary_title && fiscal_header ? Match::yes : Match::no;
        }
        if (!summary_title || fiscal_title) return Match::no;
        return fiscal_header ? Match::maybe : Match::yes;
    }

    void to_records(Table& table, Document& doc) const override {
        const size_t columns = grid::column_count(table);
        const auto headings = grid::column_headings(table.header, columns);
        const auto starts = side_starts(table, headings, columns);
        if (starts.size() < 2)
            doc.diagnose(Severity::warning, table.pages.empty() ? 0 : table.pages.front(), "schemas",
                         table.title + ": the 收入 | 支出 sides were not found");
        const bool header_has_line = [&] {
            for (size_t c = 0; c < columns; ++c)
                if (has_own_heading(headings, c, "行次")) return true;
            return false;
        }();
        Json records = Json::array();
        for (size_t s = 0; s < starts.size() && s < 2; ++s) {
            Side side;
            side.name = s == 0 ? "income" : "expenditure";
            side.first = starts[s];
            side.last = s + 1 < starts.size() ? starts[s + 1] - 1 : columns - 1;
            side.label = side.first;
            for (size_t c = side.first + 1; c <= side.last; ++c) {
                const bool line = header_has_line ? has_own_heading(headings, c, "行次")
                                                  : !side.line && c == side.first + 1 &&
                                                        looks_like_line_column(table.body, c);
                if (line && !side.line)
                    side.line = c;
                else
                    side.amounts.push_back(c);
            }
            add_side(table, doc, headings, side, records);
        }
        table.records = std::move(records);
    }

private:
    void add_side(const Table& table, const Document& doc, const grid::ColumnHeadings& headings,
                  const Side& side, Json& records) const {
        const bool split = kind_ == TableKind::fiscal_grant_summary && side.name == "expenditure";
        const std::vector<std::string> side_fields =
            split ? std::vector<std::string>{"total", "general_budget", "gov_fund", "state_capital"}
                  : std::vector<std::string>{"amount"};
        // The field of each amount column; a one-amount side reads its first.
        std::vector<std::string> fields(side.amounts.size());
        if (split)
            fields = grid::assign_fields(side.amounts, headings, table.body, fiscal_grant_rules(),
                                         side_fields);
        else if (!fields.empty())
            fields.front() = side_fields.front();

        const auto lines = side.line ? line_numbers(table, doc, *side.line) : std::vector<std::optional<long>>{};
        for (size_t r = 0; r < table.body.size(); ++r) {
            const auto& row = table.body[r];
            const std::string label = grid::label(grid::cell(row, side.label));
            if (label.empty() || grid::is_label_heading(label)) continue;
            Json record = Json::object();
            record["side"] = side.name;
            record["item"] = grid::strip_ordinal(label);
            record["label"] = label;
            record["line"] = nullptr;
            if (side.line && lines[r]) record["line"] = *lines[r];
            for (const auto& f : side_fields) record[f] = nullptr;
            for (size_t i = 0; i < fields.size(); ++i)
                if (!fields[i].empty())
                    record[fields[i]] = grid::amount(grid::cell(row, side.amounts[i]));
            records.push_back(std::move(record));
        }
    }

    // The 行次 of every body row. 行次 count up by one, row by row: on an OCR
    // page, a number that breaks the run between two neighbours that keep it
    // (a misread 20 as 0, a lost 14) is the one between them. Text-layer
    // numbers are as printed.
    static constexpr long kLineRepairSpan = 4;
    static std::vector<std::optional<long>> line_numbers(const Table& table, const Document& doc, size_t column) {
        std::vector<std::optional<long>> lines(table.body.size());
        std::vector<bool> ocr(table.body.size(), false);
        for (size_t r = 0; r < table.body.size(); ++r) {
            const std::string t = grid::label(grid::cell(table.body[r], column));
            if (grid::all_digits(t) && t.size() <= 4) lines[r] = std::strtol(t.c_str(), nullptr, 10);
            const Page* page = column < table.body[r].size() ? doc.page(table.body[r][column].page) : nullptr;
            ocr[r] = page && page->source == WordSource::ocr;
        }
        // Rows between two rows whose numbers agree (19 … 22 three rows on)
        // take the numbers between; so do one or two rows past the end of a
        // run of two.
        auto fix = [&](size_t r, long value) {
            if (ocr[r] && value > 0) lines[r] = value;
        };
        const long n = static_cast<long>(lines.size());
        auto offset = [&](long r) { return *lines[r] - r; };
        for (long a = 0; a < n; ++a) {
            if (!lines[a]) continue;
            for (long b = a + 2; b < n && b <= a + kLineRepairSpan; ++b)
                if (lines[b] && offset(b) == offset(a)) {
                    for (long r = a + 1; r < b; ++r) fix(r, r + offset(a));
                    break;
                }
        }
        // A run's first or last row: the two rows on its inner side agree.
        auto at = [&](long k) { return k >= 0 && k < n ? lines[k] : std::nullopt; };
        for (const long d : {1L, -1L})
            for (long r = 0; r < n; ++r) {
                const auto a = at(r + d), b = at(r + 2 * d);
                if (!a || !b || *a - (r + d) != *b - (r + 2 * d) || at(r - d)) continue;
                if (!lines[r] || offset(r) != *a - (r + d)) fix(r, r + *a - (r + d));
            }
        return lines;
    }

    TableKind kind_;
};

}  // namespace

std::unique_ptr<KindDriver> make_summary_driver(TableKind kind) {
    return std::make_unique<SummaryDriver>(kind);
}

}  // namespace juesuan
