// 一般公共预算财政拨款基本支出决算明细表: two or three code/name/amount groups
// printed side by side, the code in one column or split over 类|款. Every
// coded row of every group is a record; its group (人员经费 / 公用经费) follows
// from its economic class, since some reports print no group heading. The
// 人员经费合计 / 公用经费合计 row closes the table; its amount may sit under a
// later group where the total's cell is merged across.
#include "schemas/drivers.h"
#include "schemas/grid.h"

#include "model/text.h"

namespace juesuan {

namespace {

enum class Role { none, code, name, amount };

// Role of a column from its most specific heading.
Role role_of(const grid::ColumnHeadings& headings, size_t column) {
    if (column >= headings.size()) return Role::none;
    const auto& hs = headings[column];
    for (auto it = hs.rbegin(); it != hs.rend(); ++it) {
        const std::string& t = it->text;
        if (contains(t, "名称")) return Role::name;
        if (contains(t, "编码") || contains(t, "代码") || contains(t, "科目") || t == "类" ||
            t == "款" || t == "项")
            return Role::code;
        if (contains(t, "决算") || contains(t, "金额") || contains(t, "合计") || t.ends_with("数"))
            return Role::amount;
    }
    return Role::none;
}

struct Group {
    std::vector<size_t> labels;  // code and name columns
    size_t amount = 0;
};

// Groups from the header: label columns up to each amount column. Without a
// usable header, the standard widths: code|name|amount or 类|款|name|amount.
std::vector<Group> groups_of(const Table& table, size_t columns) {
    const auto headings = grid::column_headings(table.header, columns);
    std::vector<Group> groups;
    Group current;
    for (size_t c = 0; c < columns; ++c) {
        if (role_of(headings, c) == Role::amount) {
            if (!current.labels.empty()) {
                current.amount = c;
                groups.push_back(current);
            }
            current = {};
        } else {
            current.labels.push_back(c);
        }
    }
    if (!groups.empty()) return groups;
    const size_t width = columns % 3 == 0 ? 3 : columns % 4 == 0 ? 4 : columns;
    for (size_t first = 0; width > 1 && first + width <= columns; first += width) {
        Group g;
        for (size_t c = first; c + 1 < first + width; ++c) g.labels.push_back(c);
        g.amount = first + width - 1;
        groups.push_back(g);
    }
    return groups;
}

// 301 工资福利支出 and 303 对个人和家庭的补助 are personnel expenses (人员经费).
const char* group_of_code(const std::string& code) {
    const std::string cls = code.substr(0, 3);
    return cls == "301" || cls == "303" ? "personnel" : "public";
}

// "personnel"/"public" for the 人员经费合计 / 公用经费合计 rows, else nullptr.
const char* group_of_total(const std::string& name) {
    if (!contains(name, "合计") && !contains(name, "小计") && !contains(name, "总计")) return nullptr;
    if (contains(name, "人员经费")) return "personnel";
    if (contains(name, "公用经费")) return "public";
    return nullptr;
}

// The amount of a total row: its group's amount cell, else the first number
// further right before any other label (a merged cell printed further right).
Json total_amount(const CellRow& row, const Group& group) {
    for (size_t c = group.amount; c < row.size(); ++c) {
        const std::string t = grid::label(grid::cell(row, c));
        if (t.empty()) continue;
        return grid::amount(t);
    }
    return nullptr;
}

class BasicDetailDriver final : public KindDriver {
public:
    TableKind kind() const override { return TableKind::general_budget_basic_detail; }

    Match identify(const std::string& title, const HeaderTexts&) const override {
        const TitleView t(title);
        return t.has("基本支出") && t.has("决算") && !t.has("三公") && !t.has("绩效") ? Match::yes
                                                                                       : Match::no;
    }

    void to_records(Table& table, Document& doc) const override {
        const size_t columns = grid::column_count(table);
        const auto groups = groups_of(table, columns);
        if (groups.empty())
            doc.diagnose(Severity::warning, table.pages.empty() ? 0 : table.pages.front(), "schemas",
                         table.title + ": no code/name/amount groups found");
        Json records = Json::array();
        Json totals = Json::array();
        for (const auto& group : groups) {
            grid::CodeReader reader(group.labels);
            for (const auto& row : table.body) {
                const auto label = reader.read(row);
                if (label.code) {
                    records.push_back({{"code", *label.code},
                                       {"name", label.name},
                                       {"amount", grid::amount(grid::cell(row, group.amount))},
                                       {"group", group_of_code(*label.code)}});
                } else if (const char* g = group_of_total(label.name)) {
                    totals.push_back({{"code", nullptr},
                                      {"name", label.name},
                                      {"amount", total_amount(row, group)},
                                      {"group", g}});
                }
            }
        }
        for (auto& t : totals) records.push_back(std::move(t));
        table.records = std::move(records);
    }
};

}  // namespace

std::unique_ptr<KindDriver> make_basic_detail_driver() {
    return std::make_unique<BasicDetailDriver>();
}

}  // namespace juesuan
