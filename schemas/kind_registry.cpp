// The one list of drivers and the one table of canonical record fields.
#include "schemas/drivers.h"

#include "model/text.h"

#include <algorithm>
#include <utility>

namespace juesuan {

namespace {

struct KindFields {
    TableKind kind;
    std::vector<std::string> fields;
};

const std::vector<KindFields>& field_table() {
    static const std::vector<KindFields> table = [] {
        const std::vector<std::string> income{"total",           "fiscal_grant",
                                              "superior_subsidy", "business_income",
                                              "operating_income", "affiliated_remittance",
                                              "other_income"};
        const std::vector<std::string> expenditure{"total",     "basic",
                                                   "project",   "remit_to_superior",
                                                   "operating", "subsidy_to_affiliated"};
        const std::vector<std::string> fund{"opening_balance", "income",  "total",
                                            "basic",           "project", "closing_balance"};
        const std::vector<std::string> spending{"total", "basic", "project"};
        auto join = [](std::vector<std::string> head, const std::vector<std::string>& tail) {
            head.insert(head.end(), tail.begin(), tail.end());
            return head;
        };
        return std::vector<KindFields>{
            {TableKind::income_expenditure_summary, {"side", "item", "label", "line", "amount"}},
            {TableKind::income_by_unit, join({"unit"}, income)},
            {TableKind::income_by_function, join({"code", "name"}, income)},
            {TableKind::expenditure_by_unit, join({"unit"}, expenditure)},
            {TableKind::expenditure_by_function, join({"code", "name"}, expenditure)},
            // income-side records carry amount, expenditure-side records the four columns
            {TableKind::fiscal_grant_summary,
             {"side", "item", "label", "line", "amount", "total", "general_budget", "gov_fund",
              "state_capital"}},
            {TableKind::general_budget_expenditure, join({"code", "name"}, spending)},
            {TableKind::general_budget_basic_detail, {"code", "name", "amount", "group"}},
            {TableKind::gov_fund, join({"code", "name"}, fund)},
            {TableKind::state_capital_expenditure, join({"code", "name"}, spending)},
            {TableKind::state_capital_income_expenditure, join({"code", "name"}, fund)},
            {TableKind::three_public, {"item", "budget", "actual"}},
            {TableKind::performance_self_evaluation,
             {"level1", "level2", "indicator", "target", "actual", "weight", "score", "remark"}},
            {TableKind::generic, {}},
        };
    }();
    return table;
}

}  // namespace

TitleView::TitleView(const std::string& title) : text_(remove_spaces(title)) {}

bool TitleView::has(std::string_view part) const { return contains(text_, part); }

bool header_has(const HeaderTexts& header, std::string_view word) {
    for (const auto& row : header)
        for (const auto& cell : row)
            if (contains(remove_spaces(cell), word)) return true;
    return false;
}

const std::vector<std::unique_ptr<KindDriver>>& kind_drivers() {
    static const std::vector<std::unique_ptr<KindDriver>> drivers = [] {
        std::vector<std::unique_ptr<KindDriver>> v;
        v.push_back(make_performance_driver());
        v.push_back(make_three_public_driver());
        v.push_back(make_basic_detail_driver());
        for (TableKind k : {TableKind::general_budget_expenditure, TableKind::gov_fund,
                            TableKind::state_capital_income_expenditure,
                            TableKind::state_capital_expenditure})
            v.push_back(make_subject_driver(k));
        v.push_back(make_summary_driver(TableKind::fiscal_grant_summary));
        v.push_back(make_summary_driver(TableKind::income_expenditure_summary));
        for (TableKind k : {TableKind::income_by_unit, TableKind::income_by_function,
                            TableKind::expenditure_by_unit, TableKind::expenditure_by_function})
            v.push_back(make_subject_driver(k));
        v.push_back(make_generic_driver());
        return v;
    }();
    return drivers;
}

const KindDriver& driver_for(TableKind kind) {
    const auto& drivers = kind_drivers();
    for (const auto& d : drivers)
        if (d->kind() == kind) return *d;
    return *drivers.back();  // generic
}

const std::vector<std::string>& record_fields(TableKind kind) {
    const auto& table = field_table();
    for (const auto& entry : table)
        if (entry.kind == kind) return entry.fields;
    return table.back().fields;  // generic
}

TableKind identify_kind(const std::string& title, const HeaderTexts& header) {
    TableKind best = TableKind::generic;
    Match best_match = Match::no;
    for (const auto& d : kind_drivers()) {
        const Match m = d->identify(title, header);
        if (m > best_match) {
            best = d->kind();
            best_match = m;
        }
    }
    return best;
}

}  // namespace juesuan
