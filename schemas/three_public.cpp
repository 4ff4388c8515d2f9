// 财政拨款"三公"经费支出决算表: one record per expense item with its 预算数 and
// 决算数. The same content is printed in three shapes, all read the same way:
// every amount cell gets its item and its measure (budget/actual) from its
// column's headings or from its row's label, whichever names it:
//   vertical   项目 | 预算数 | 决算数, one row per item;
//   wide       预算数{items} | 决算数{items} (or items{预算数|决算数}), one row;
//   transposed items across the header, rows 预算数 and 决算数.
#include "schemas/drivers.h"
#include "schemas/grid.h"

#include "model/text.h"

#include <array>
#include <map>
#include <set>
#include <utility>

namespace juesuan {

namespace {

// The item enum, in output order.
constexpr std::array<std::string_view, 8> kItems{
    "total", "overseas_travel", "vehicle_total", "vehicle_purchase", "vehicle_operation",
    "reception", "meeting", "training"};

// The item a label names; `context` holds the labels above it (a bare 小计
// under 公务用车购置及运行维护费 is the vehicle subtotal).
std::string_view item_of(const std::string& text, const std::string& context = {}) {
    if (contains(text, "因公出国")) return "overseas_travel";
    if (contains(text, "公务用车") || contains(text, "车辆")) {
        const bool purchase = contains(text, "购置");
        const bool operation = contains(text, "运行") || contains(text, "维护");
        if ((purchase && operation) || contains(text, "小计") || contains(text, "合计"))
            return "vehicle_total";
        if (purchase) return "vehicle_purchase";
        if (operation) return "vehicle_operation";
        return "vehicle_total";
    }
    if (contains(text, "公务接待")) return "reception";
    if (contains(text, "会议费")) return "meeting";
    if (contains(text, "培训费")) return "training";
    if (contains(text, "小计") && contains(context, "公务用车")) return "vehicle_total";
    if (contains(text, "合计") || contains(text, "总计") || contains(text, "三公")) return "total";
    return {};
}

std::string_view measure_of(const std::string& text) {
    if (contains(text, "预算")) return "budget";
    if (contains(text, "决算") || contains(text, "实际")) return "actual";
    return {};
}

struct Meaning {
    std::string_view item;
    std::string_view measure;
};

// What a column's headings say, the most specific (deepest) heading first.
Meaning column_meaning(const std::vector<grid::Heading>& headings) {
    Meaning m;
    for (size_t i = headings.size(); i-- > 0;) {
        std::string context;
        for (size_t j = 0; j < i; ++j) context += headings[j].text;
        if (m.item.empty()) m.item = item_of(headings[i].text, context);
        if (m.measure.empty()) m.measure = measure_of(headings[i].text);
    }
    return m;
}

class ThreePublicDriver final : public KindDriver {
public:
    TableKind kind() const override { return TableKind::three_public; }

    Match identify(const std::string& title, const HeaderTexts&) const override {
        const TitleView t(title);
        return t.has("三公") && t.has("决算") && !t.has("绩效") ? Match::yes : Match::no;
    }

    void to_records(Table& table, Document&) const override {
        const size_t columns = grid::column_count(table);
        const auto headings = grid::column_headings(table.header, columns);
        std::vector<Meaning> by_column(columns);
        for (size_t c = 0; c < columns; ++c) by_column[c] = column_meaning(headings[c]);

        std::map<std::string_view, Json> found;  // item → {budget, actual}
        std::set<std::pair<std::string_view, std::string_view>> assigned;
        for (const auto& row : table.body) {
            // The row's label: its first cell that is text, not a number.
            Meaning row_meaning;
            std::optional<size_t> label_column;
            for (size_t c = 0; c < columns && !label_column; ++c) {
                const std::string t = grid::label(grid::cell(row, c));
                if (t.empty() || looks_numeric(t)) continue;
                label_column = c;
                row_meaning.measure = measure_of(t);
                if (row_meaning.measure.empty()) row_meaning.item = item_of(t);
            }
            for (size_t c = 0; c < columns; ++c) {
                if (label_column && c == *label_column) continue;
                const auto item = by_column[c].item.empty() ? row_meaning.item : by_column[c].item;
                const auto measure =
                    by_column[c].measure.empty() ? row_meaning.measure : by_column[c].measure;
                if (item.empty() || measure.empty()) continue;
                // The first cell of an (item, measure) counts: a vertical list
                // may follow 公务接待费 with 其中 lines (国内公务接待费 …).
                if (!assigned.insert({item, measure}).second) continue;
                Json& record = found[item];
                if (record.is_null()) record = {{"budget", nullptr}, {"actual", nullptr}};
                record[std::string(measure)] = grid::amount(grid::cell(row, c));
            }
        }
        Json records = Json::array();
        for (auto item : kItems) {
            const auto it = found.find(item);
            if (it == found.end()) continue;
            records.push_back(
                {{"item", item}, {"budget", it->second["budget"]}, {"actual", it->second["actual"]}});
        }
        table.records = std::move(records);
    }
};

}  // namespace

std::unique_ptr<KindDriver> make_three_public_driver() {
    return std::make_unique<ThreePublicDriver>();
}

}  // namespace juesuan
