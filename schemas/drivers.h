// The kind drivers, one factory per family of kinds (internal to schemas/;
// kind_registry.cpp lists them in identification order).
#pragma once

#include "schemas/kinds.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace juesuan {

using HeaderTexts = std::vector<std::vector<std::string>>;

// What identify() reads: the title without spaces, and the header's words.
class TitleView {
public:
    explicit TitleView(const std::string& title);
    bool has(std::string_view part) const;
    const std::string& text() const { return text_; }

private:
    std::string text_;
};

// True when some header cell (spaces removed) contains `word`.
bool header_has(const HeaderTexts& header, std::string_view word);

// 收入支出决算总表 / 财政拨款收入支出决算总表 (side-by-side 收入 | 支出).
std::unique_ptr<KindDriver> make_summary_driver(TableKind kind);

// Tables of one row per subject (code + name) or per unit: income_by_*,
// expenditure_by_*, general_budget_expenditure, gov_fund, state_capital_*.
std::unique_ptr<KindDriver> make_subject_driver(TableKind kind);

// 一般公共预算财政拨款基本支出决算明细表 (side-by-side code/name/amount groups).
std::unique_ptr<KindDriver> make_basic_detail_driver();

// 财政拨款"三公"经费支出决算表, vertical or wide.
std::unique_ptr<KindDriver> make_three_public_driver();

// 绩效自评表: header block into fields, one record per indicator row.
std::unique_ptr<KindDriver> make_performance_driver();

// Any other table: body kept, records [].
std::unique_ptr<KindDriver> make_generic_driver();

}  // namespace juesuan
