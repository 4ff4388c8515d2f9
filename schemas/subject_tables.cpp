// Subject tables: one record per printed row of a subject (功能分类 code and
// name) or of a unit, with the kind's amount columns. The left-hand label
// columns end where the first amount heading starts; codes may be split over
// 类|款|项 columns (grid::CodeReader); amount columns are matched to fields by
// their headings, by sub-heads printed inside the 合计 row, else by position.
#include "schemas/drivers.h"
#include "schemas/grid.h"

#include "model/text.h"

#include <algorithm>

namespace juesuan {

namespace {

using grid::FieldRules;

// Headings of the income columns (收入决算表).
const FieldRules& income_rules() {
    static const FieldRules rules{
        {"fiscal_grant", {"财政拨款"}},
        {"superior_subsidy", {"上级补助"}},
        {"business_income", {"事业收入"}},
        {"operating_income", {"经营收入"}},
        {"affiliated_remittance", {"附属单位上缴", "附属单位缴款"}},
        {"other_income", {"其他收入"}},
        {"total", {"合计", "总计", "小计"}},
    };
    return rules;
}

// Headings of the expenditure columns (支出决算表 and the spending tables).
const FieldRules& expenditure_rules() {
    static const FieldRules rules{
        {"basic", {"基本支出"}},
        {"project", {"项目支出"}},
        {"remit_to_superior", {"上缴上级"}},
        {"operating", {"经营支出"}},
        {"subsidy_to_affiliated", {"对附属单位", "附属单位补助"}},
        {"total", {"合计", "小计", "总计", "本年支出", "支出"}},
    };
    return rules;
}

// Headings of the 收入支出 funds tables (政府性基金 / 国有资本经营).
const FieldRules& fund_rules() {
    static const FieldRules rules{
        {"opening_balance", {"年初"}},
        {"closing_balance", {"年末"}},
        {"basic", {"基本支出"}},
        {"project", {"项目支出"}},
        {"income", {"本年收入", "收入"}},
        {"total", {"小计", "合计", "本年支出", "支出"}},
    };
    return rules;
}

// Title words of the kinds that also end in 支出决算表; a title with one of
// them is not the plain 支出决算表.
bool names_other_expenditure_table(const TitleView& t) {
    for (auto w : {"收入支出", "财政拨款", "一般公共预算", "政府性基金", "国有资本", "三公",
                   "基本支出", "绩效"})
        if (t.has(w)) return true;
    return false;
}

// 分单位 or 分科目: printed in the title, else told by the label column's heading.
Match by_unit_or_subject(const TitleView& t, const HeaderTexts& header, bool by_unit) {
    if (t.has("分单位")) return by_unit ? Match::yes : Match::no;
    if (t.has("分科目")) return by_unit ? Match::no : Match::yes;
    const bool subject = header_has(header, "科目") || header_has(header, "编码") ||
                         header_has(header, "代码");
    const bool unit = header_has(header, "单位名称");
    if (by_unit) return unit && !subject ? Match::yes : Match::no;
    if (subject) return Match::yes;
    return unit ? Match::no : Match::maybe;  // the 分科目 form is the common one
}

// Whether the header has the 收入支出 columns (年初结转和结余, 本年收入).
bool has_fund_columns(const HeaderTexts& header) {
    return header_has(header, "年初结转") || header_has(header, "本年收入");
}

// identify() of each form: the title names the table; the header tells the
// look-alikes apart (分单位 / 分科目, the two 国有资本经营 forms).
using Identify = Match (*)(const TitleView&, const HeaderTexts&, bool by_unit);

Match identify_income(const TitleView& t, const HeaderTexts& h, bool by_unit) {
    return t.has("收入决算表") ? by_unit_or_subject(t, h, by_unit) : Match::no;
}

Match identify_expenditure(const TitleView& t, const HeaderTexts& h, bool by_unit) {
    return t.has("支出决算表") && !names_other_expenditure_table(t)
               ? by_unit_or_subject(t, h, by_unit)
               : Match::no;
}

Match identify_general_budget(const TitleView& t, const HeaderTexts&, bool) {
    return t.has("一般公共预算") && t.has("支出决算") && !t.has("基本支出") && !t.has("三公")
               ? Match::yes
               : Match::no;
}

Match identify_gov_fund(const TitleView& t, const HeaderTexts&, bool) {
    return t.has("政府性基金") && t.has("决算") ? Match::yes : Match::no;
}

Match identify_state_capital_funds(const TitleView& t, const HeaderTexts& h, bool) {
    if (!t.has("国有资本经营") || !t.has("决算")) return Match::no;
    return t.has("收入支出") || has_fund_columns(h) ? Match::yes : Match::no;
}

Match identify_state_capital_spending(const TitleView& t, const HeaderTexts& h, bool) {
    if (!t.has("国有资本经营") || !t.has("决算") || t.has("收入支出")) return Match::no;
    return has_fund_columns(h) ? Match::maybe : Match::yes;
}

struct SubjectForm {
    TableKind kind;
    bool by_unit;  // the label column is the unit (单位名称), not code + name
    const FieldRules& rules;
    Identify identify;
};

SubjectForm form_of(TableKind kind) {
    switch (kind) {
        case TableKind::income_by_unit: return {kind, true, income_rules(), identify_income};
        case TableKind::income_by_function: return {kind, false, income_rules(), identify_income};
        case TableKind::expenditure_by_unit:
            return {kind, true, expenditure_rules(), identify_expenditure};
        case TableKind::expenditure_by_function:
            return {kind, false, expenditure_rules(), identify_expenditure};
        case TableKind::general_budget_expenditure:
            return {kind, false, expenditure_rules(), identify_general_budget};
        case TableKind::gov_fund: return {kind, false, fund_rules(), identify_gov_fund};
        case TableKind::state_capital_income_expenditure:
            return {kind, false, fund_rules(), identify_state_capital_funds};
        case TableKind::state_capital_expenditure:
            return {kind, false, expenditure_rules(), identify_state_capital_spending};
        default: break;
    }
    // Not a subject kind: a form that never identifies a table.
    return {kind, false, expenditure_rules(),
            [](const TitleView&, const HeaderTexts&, bool) { return Match::no; }};
}

class SubjectDriver final : public KindDriver {
public:
    explicit SubjectDriver(SubjectForm form) : form_(form) {
        for (const auto& f : record_fields(form_.kind))
            if (f != "code" && f != "name" && f != "unit") amount_fields_.push_back(f);
    }

    TableKind kind() const override { return form_.kind; }

    Match identify(const std::string& title, const HeaderTexts& header) const override {
        return form_.identify(TitleView(title), header, form_.by_unit);
    }

    void to_records(Table& table, Document& doc) const override {
        const size_t columns = grid::column_count(table);
        const auto headings = grid::column_headings(table.header, columns);
        const size_t first_amount = first_amount_column(headings, columns);
        std::vector<size_t> label_columns, amount_columns;
        for (size_t c = 0; c < columns; ++c)
            (c < first_amount ? label_columns : amount_columns).push_back(c);
        const auto fields =
            grid::assign_fields(amount_columns, headings, table.body, form_.rules, amount_fields_);
        const int page = table.pages.empty() ? 0 : table.pages.front();

        grid::CodeReader reader(label_columns);
        Json records = Json::array();
        for (const auto& row : table.body) {
            const auto label = reader.read(row);
            Json record = Json::object();
            if (form_.by_unit) {
                record["unit"] = label.code ? *label.code + label.name : label.name;
            } else {
                record["code"] = label.code ? Json(*label.code) : Json(nullptr);
                record["name"] = label.name;
            }
            for (const auto& f : amount_fields_) record[f] = nullptr;
            bool printed = false;
            for (size_t i = 0; i < amount_columns.size(); ++i) {
                const std::string text = grid::label(grid::cell(row, amount_columns[i]));
                if (text.empty()) continue;
                Json value = grid::amount(text);
                if (value.is_null()) {
                    if (grid::match_field(text, form_.rules).empty())
                        doc.diagnose(Severity::warning, page, "schemas",
                                     table.title + ": not an amount: \"" + text + "\"");
                    continue;
                }
                printed = true;
                if (!fields[i].empty()) record[fields[i]] = std::move(value);
            }
            if (!label.code && (label.name.empty() || grid::is_label_heading(label.name))) {
                if (printed)
                    doc.diagnose(Severity::warning, page, "schemas",
                                 table.title + ": amounts in a row without a subject dropped");
                continue;
            }
            records.push_back(std::move(record));
        }
        table.records = std::move(records);
    }

private:
    // The first column whose own heading names an amount field; without a
    // usable header, the standard form's amount columns are the last ones.
    size_t first_amount_column(const grid::ColumnHeadings& headings, size_t columns) const {
        for (size_t c = 0; c < columns; ++c)
            for (const auto& text : grid::own_headings(headings, c))
                if (!grid::match_field(text, form_.rules).empty()) return c;
        const size_t n = amount_fields_.size();
        return columns > n ? columns - n : std::min<size_t>(1, columns);
    }

    SubjectForm form_;
    std::vector<std::string> amount_fields_;
};

}  // namespace

std::unique_ptr<KindDriver> make_subject_driver(TableKind kind) {
    return std::make_unique<SubjectDriver>(form_of(kind));
}

}  // namespace juesuan
