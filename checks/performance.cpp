// Checks of a 绩效自评表 (checks/internal.h): indicator scores within their
// weights, the 总分 row against the sums, the execution rate against the
// amounts.
#include "checks/internal.h"
#include "model/text.h"

#include <cmath>
#include <cstdio>

namespace juesuan::checks {

namespace {

// Decimal places a printed number carries (93 → 0, 98.52 → 2), at most 4.
int decimals(double v) {
    for (int d = 0; d < 4; ++d) {
        const double scaled = v * std::pow(10.0, d);
        if (std::fabs(scaled - std::round(scaled)) < 1e-6) return d;
    }
    return 4;
}

// The 总分 row of the body: its first number is the total weight (分值), its
// last the total score, when it prints two.
std::optional<std::pair<double, size_t>> total_weight(const Table& table) {
    for (size_t r = 0; r < table.body.size(); ++r) {
        bool total = false;
        std::vector<double> numbers;
        for (const auto& cell : table.body[r]) {
            const std::string t = remove_spaces(cell.text);
            if (starts_with(t, "总分")) total = true;
            if (const auto v = parse_amount(t)) numbers.push_back(*v);
        }
        if (total && numbers.size() >= 2) return std::make_pair(numbers.front(), r);
    }
    return std::nullopt;
}

Check make_check(std::string identity, std::vector<std::string> cells, double expected, double found,
                 CheckOutcome outcome) {
    Check c;
    c.identity = std::move(identity);
    c.cells = std::move(cells);
    c.expected = expected;
    c.found = found;
    c.outcome = outcome;
    return c;
}

}  // namespace

std::vector<Check> performance_checks(const Table& table) {
    std::vector<Check> out;
    if (table.kind != TableKind::performance_self_evaluation) return out;
    const Json& records = table.records;
    const Json fields = table.fields.is_object() ? table.fields : Json::object();

    // Every indicator: 得分 ≤ 分值.
    double weights = 0, scores = 0;
    size_t weighted = 0, scored = 0;
    std::vector<std::string> weight_cells, score_cells;
    for (size_t r = 0; r < records.size(); ++r) {
        const auto w = number(records[r], "weight");
        const auto s = number(records[r], "score");
        const std::string at = "records[" + std::to_string(r) + "]";
        if (w) {
            weights += *w;
            ++weighted;
            weight_cells.push_back(at + ".weight");
        }
        if (s) {
            scores += *s;
            ++scored;
            score_cells.push_back(at + ".score");
        }
        if (w && s)
            out.push_back(make_check("score <= weight", {at + ".score", at + ".weight"}, *w, *s,
                                     *s <= *w + 0.005 ? CheckOutcome::pass : CheckOutcome::fail));
    }

    // 总分: the weights (and scores) of the indicators, plus those of the
    // budget-execution row where the form prints one, add up to it.
    const auto budget_weight = number(fields, "budget_weight");
    const auto budget_score = number(fields, "budget_score");
    auto sum_check = [&](const char* what, double sum, size_t terms, std::vector<std::string> cells,
                         const std::optional<double>& budget, const char* budget_field, double total,
                         const std::string& total_cell) {
        cells.push_back(total_cell);
        std::string identity = std::string("总分 ") + what + " = sum(" + what + ")";
        double expected = sum;
        if (budget) {
            // A form that scores the budget row counts it in 总分; one that
            // only prints it may not: the reading that adds up is reported.
            const bool without = check_outcome(sum, total, terms) != CheckOutcome::fail &&
                                 check_outcome(sum + *budget, total, terms + 1) == CheckOutcome::fail;
            if (!without) {
                expected = sum + *budget;
                identity += std::string(" + ") + budget_field;
                cells.push_back(std::string("fields.") + budget_field);
                ++terms;
            }
        }
        out.push_back(make_check(identity, std::move(cells), expected, total, check_outcome(expected, total, terms)));
    };
    if (const auto tw = total_weight(table); tw && weighted > 0)
        sum_check("weight", weights, weighted, weight_cells, budget_weight, "budget_weight", tw->first,
                  "body[" + std::to_string(tw->second) + "]");
    if (const auto ts = number(fields, "total_score"); ts && scored > 0)
        sum_check("score", scores, scored, score_cells, budget_score, "budget_score", *ts, "fields.total_score");

    // 执行率 = 全年执行数 / 全年预算数, printed rounded to its own decimals.
    const auto executed = number(fields, "executed");
    const auto budget = number(fields, "budget_full_year");
    const auto rate = number(fields, "execution_rate");
    if (executed && budget && rate && *budget != 0) {
        const double expected = *executed / *budget * 100;
        const double diff = std::fabs(expected - *rate);
        CheckOutcome outcome = CheckOutcome::fail;
        if (diff < 0.005) outcome = CheckOutcome::pass;
        else if (diff <= 0.5 * std::pow(10.0, -decimals(*rate)) + 0.005) outcome = CheckOutcome::rounding;
        out.push_back(make_check("execution_rate = executed / budget_full_year",
                                 {"fields.execution_rate", "fields.executed", "fields.budget_full_year"}, expected,
                                 *rate, outcome));
    }
    return out;
}

}  // namespace juesuan::checks
