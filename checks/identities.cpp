// In-table identities by kind (checks/checks.h).
#include "checks/internal.h"
#include "model/text.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace juesuan::checks {

namespace {


Ref at(size_t record, std::string field) { return Ref{-1, record, std::move(field), {}, {}}; }

// total = sum of the other columns, on every record.
void column_identity(const Json& records, const std::string& total,
                     const std::vector<std::string>& parts, std::vector<Identity>& out,
                     const char* side = nullptr) {
    std::string text = total + " = ";
    for (size_t i = 0; i < parts.size(); ++i) text += (i ? " + " : "") + parts[i];
    for (size_t r = 0; r < records.size(); ++r) {
        if (side && str(records[r], "side") != side) continue;
        Identity id{text, at(r, total), {}};
        for (const auto& p : parts) id.rhs.push_back(at(r, p));
        out.push_back(std::move(id));
    }
}

// Subject hierarchy by code prefix: a coded row with printed children equals
// their sum; the 合计 row equals the sum of the rows without a printed parent.
// `group` (basic detail) restricts the total to one 人员/公用 group.
void hierarchy(const Json& records, const std::vector<std::string>& fields,
               std::vector<Identity>& out, const char* level_word) {
    std::vector<std::optional<size_t>> parent(records.size());
    std::map<std::string, size_t> by_code;
    for (size_t r = 0; r < records.size(); ++r) {
        const std::string code = str(records[r], "code");
        if (!code.empty()) by_code.emplace(code, r);
    }
    for (size_t r = 0; r < records.size(); ++r) {
        const std::string code = str(records[r], "code");
        for (size_t n = code.size(); n-- > 1;) {
            const auto it = by_code.find(code.substr(0, n));
            if (it != by_code.end()) {
                parent[r] = it->second;
                break;
            }
        }
    }
    std::map<size_t, std::vector<size_t>> children;
    for (size_t r = 0; r < records.size(); ++r)
        if (parent[r]) children[*parent[r]].push_back(r);
    for (const auto& [p, kids] : children) {
        for (const auto& f : fields) {
            Identity id{std::string(level_word) + " " + str(records[p], "code") + " = sum of its sub-items (" +
                            f + ")",
                        at(p, f),
                        {}};
            for (size_t k : kids) id.rhs.push_back(at(k, f));
            out.push_back(std::move(id));
        }
    }
}

std::vector<size_t> top_level(const Json& records, const std::string& group = {}) {
    std::vector<size_t> top;
    std::set<std::string> codes;
    for (const auto& r : records)
        if (!str(r, "code").empty()) codes.insert(str(r, "code"));
    for (size_t r = 0; r < records.size(); ++r) {
        const std::string code = str(records[r], "code");
        if (code.empty()) continue;
        if (!group.empty() && str(records[r], "group") != group) continue;
        bool has_parent = false;
        for (size_t n = 1; n < code.size() && !has_parent; ++n) has_parent = codes.count(code.substr(0, n)) > 0;
        if (!has_parent) top.push_back(r);
    }
    return top;
}

void total_of_top(const Json& records, size_t total, const std::vector<std::string>& fields,
                  const std::string& group, const std::string& text, std::vector<Identity>& out) {
    const auto top = top_level(records, group);
    if (top.empty()) return;
    for (const auto& f : fields) {
        Identity id{text + " (" + f + ")", at(total, f), {}};
        for (size_t k : top) id.rhs.push_back(at(k, f));
        out.push_back(std::move(id));
    }
}

// The summary tables, per side: 本年合计 = the items above it; 总计 = 本年合计
// + the balance items below it; a balance item with breakdown lines under it
// equals their sum; the two sides' 总计 agree.
void summary(const Json& records, bool fiscal, std::vector<Identity>& out) {
    std::optional<size_t> grand[2];
    for (int s = 0; s < 2; ++s) {
        const char* side = s == 0 ? "income" : "expenditure";
        const std::string field = fiscal && s == 1 ? "total" : "amount";
        std::vector<size_t> rows;
        for (size_t r = 0; r < records.size(); ++r)
            if (str(records[r], "side") == side) rows.push_back(r);
        std::optional<size_t> year_total;
        for (size_t i = 0; i < rows.size(); ++i) {
            const std::string item = str(records[rows[i]], "item");
            if (contains(item, "本年") && contains(item, "合计")) {
                year_total = i;
                break;
            }
        }
        if (!year_total) continue;
        Identity items{std::string(side) + ": 本年合计 = sum of the items", at(rows[*year_total], field), {}};
        for (size_t i = 0; i < *year_total; ++i)
            if (!contains(str(records[rows[i]], "label"), "其中")) items.rhs.push_back(at(rows[i], field));
        if (!items.rhs.empty()) out.push_back(std::move(items));
        std::optional<size_t> last;
        for (size_t i = *year_total + 1; i < rows.size(); ++i) {
            const std::string item = str(records[rows[i]], "item");
            if (item == "总计" || item == "合计") last = i;
        }
        if (!last) continue;
        grand[s] = rows[*last];
        Identity total{std::string(side) + ": 总计 = 本年合计 + balances", at(rows[*last], field),
                       {at(rows[*year_total], field)}};
        std::optional<Identity> balance;
        auto close = [&] {
            if (balance && balance->rhs.size() > 1) out.push_back(*balance);
            balance.reset();
        };
        for (size_t i = *year_total + 1; i < *last; ++i) {
            const std::string item = str(records[rows[i]], "item");
            if (contains(item, "结转") || contains(item, "结余")) {
                close();
                total.rhs.push_back(at(rows[i], field));
                balance = Identity{std::string(side) + ": " + item + " = sum of its lines",
                                   at(rows[i], field),
                                   {}};
            } else if (balance) {
                balance->rhs.push_back(at(rows[i], field));
            } else {
                total.rhs.push_back(at(rows[i], field));
            }
        }
        close();
        out.push_back(std::move(total));
    }
    if (grand[0] && grand[1])
        out.push_back({"income 总计 = expenditure 总计", at(*grand[0], "amount"),
                       {at(*grand[1], fiscal ? "total" : "amount")}});
}

void three_public(const Json& records, std::vector<Identity>& out) {
    std::map<std::string, size_t> item;
    for (size_t r = 0; r < records.size(); ++r) item.emplace(str(records[r], "item"), r);
    auto rule = [&](const std::string& lhs, const std::vector<std::string>& parts) {
        if (!item.count(lhs)) return;
        for (const char* m : {"budget", "actual"}) {
            std::string text = lhs + " = ";
            Identity id{{}, at(item[lhs], m), {}};
            for (const auto& p : parts) {
                text += (id.rhs.empty() ? "" : " + ") + p;
                if (item.count(p)) id.rhs.push_back(at(item[p], m));
            }
            id.text = text + " (" + m + ")";
            if (!id.rhs.empty()) out.push_back(std::move(id));
        }
    };
    rule("total", {"overseas_travel", "vehicle_total", "reception"});
    rule("vehicle_total", {"vehicle_purchase", "vehicle_operation"});
}

}  // namespace

std::string Ref::name() const {
    if (constant) return label;
    std::string s = "records[" + std::to_string(record) + "]." + field;
    return table < 0 ? s : "tables[" + std::to_string(table) + "]." + s;
}

std::string str(const Json& record, const char* field) {
    const auto it = record.find(field);
    return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<double> number(const Json& record, const std::string& field) {
    if (!record.is_object()) return std::nullopt;
    const auto it = record.find(field);
    if (it == record.end() || !it->is_number()) return std::nullopt;
    return it->get<double>();
}

std::optional<double> value_of(const Ref& ref, const Json& records, const Document* doc) {
    if (ref.constant) return ref.constant;
    const Json* rs = &records;
    if (ref.table >= 0) {
        if (!doc || static_cast<size_t>(ref.table) >= doc->tables.size()) return std::nullopt;
        rs = &doc->tables[ref.table].records;
    }
    if (ref.record >= rs->size()) return std::nullopt;
    return number((*rs)[ref.record], ref.field);
}

std::optional<Check> evaluate(const Identity& id, const Json& records, const Document* doc) {
    const auto found = value_of(id.lhs, records, doc);
    bool any = found.has_value();
    double expected = 0;
    for (const auto& r : id.rhs) {
        const auto v = value_of(r, records, doc);
        any = any || v.has_value();
        expected += v.value_or(0);
    }
    if (!any) return std::nullopt;
    Check c;
    c.identity = id.text;
    c.cells.push_back(id.lhs.name());
    for (const auto& r : id.rhs) c.cells.push_back(r.name());
    // Sums of two-decimal amounts: round away binary noise before comparing.
    c.expected = std::round(expected * 100) / 100;
    c.found = found.value_or(0);
    c.outcome = check_outcome(c.expected, c.found, id.rhs.size());
    return c;
}

std::optional<size_t> find_record(const Json& records, const std::string& field, const std::string& value) {
    for (size_t r = 0; r < records.size(); ++r)
        if (str(records[r], field.c_str()) == value) return r;
    return std::nullopt;
}

std::optional<size_t> total_row(const Json& records) {
    for (size_t r = 0; r < records.size(); ++r) {
        const std::string name = str(records[r], "name");
        if (str(records[r], "code").empty() && (contains(name, "合计") || contains(name, "总计"))) return r;
    }
    return std::nullopt;
}

std::vector<Identity> table_identities(const Table& table) {
    std::vector<Identity> out;
    const Json& rs = table.records;
    const std::vector<std::string> income{"fiscal_grant",     "superior_subsidy",      "business_income",
                                          "operating_income", "affiliated_remittance", "other_income"};
    const std::vector<std::string> expenditure{"basic", "project", "remit_to_superior", "operating",
                                               "subsidy_to_affiliated"};
    auto subjects = [&](const std::vector<std::string>& fields) {
        hierarchy(rs, fields, out, "subject");
        if (const auto t = total_row(rs))
            total_of_top(rs, *t, fields, {}, "合计 = sum of the top-level subject rows", out);
    };
    auto with_total = [](std::vector<std::string> parts) {
        parts.insert(parts.begin(), "total");
        return parts;
    };
    switch (table.kind) {
        case TableKind::income_by_unit:
            column_identity(rs, "total", income, out);
            break;
        case TableKind::income_by_function:
            column_identity(rs, "total", income, out);
            subjects(with_total(income));
            break;
        case TableKind::expenditure_by_unit:
            column_identity(rs, "total", expenditure, out);
            break;
        case TableKind::expenditure_by_function:
            column_identity(rs, "total", expenditure, out);
            subjects(with_total(expenditure));
            break;
        case TableKind::general_budget_expenditure:
        case TableKind::state_capital_expenditure:
            column_identity(rs, "total", {"basic", "project"}, out);
            subjects({"total", "basic", "project"});
            break;
        case TableKind::gov_fund:
        case TableKind::state_capital_income_expenditure:
            column_identity(rs, "total", {"basic", "project"}, out);
            subjects({"opening_balance", "income", "total", "basic", "project", "closing_balance"});
            break;
        case TableKind::fiscal_grant_summary:
            column_identity(rs, "total", {"general_budget", "gov_fund", "state_capital"}, out, "expenditure");
            summary(rs, true, out);
            break;
        case TableKind::income_expenditure_summary:
            summary(rs, false, out);
            break;
        case TableKind::general_budget_basic_detail:
            hierarchy(rs, {"amount"}, out, "class");
            for (const char* group : {"personnel", "public"}) {
                for (size_t r = 0; r < rs.size(); ++r) {
                    if (!str(rs[r], "code").empty() || str(rs[r], "group") != group) continue;
                    total_of_top(rs, r, {"amount"}, group,
                                 std::string(group == std::string("personnel") ? "人员经费合计" : "公用经费合计") +
                                     " = sum of its classes",
                                 out);
                    break;
                }
            }
            break;
        case TableKind::three_public:
            three_public(rs, out);
            break;
        default:
            break;
    }
    return out;
}

}  // namespace juesuan::checks
