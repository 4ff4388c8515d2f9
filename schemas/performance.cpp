// 绩效自评表 (project and whole-unit performance self-evaluation tables).
//
// The layout stage hands over the key-value block (项目名称, 主管部门, 资金,
// 年度总体目标) as header rows and the indicator grid as body rows, its first
// row the grid's heading (一级指标 二级指标 三级指标 …). Labels merged down
// several rows are printed once, on the first row of their span; they are
// carried down here.
#include "model/text.h"
#include "schemas/drivers.h"
#include "schemas/grid.h"

#include <array>
#include <cctype>
#include <regex>

namespace juesuan {
namespace {

using grid::label;

bool has_any(const std::string& text, std::initializer_list<std::string_view> words) {
    for (auto w : words)
        if (contains(text, w)) return true;
    return false;
}

// Column of each indicator field, from the grid's heading row.
struct IndicatorColumns {
    std::optional<size_t> level1, level2, indicator, target, actual, weight, score, remark;
};

IndicatorColumns indicator_columns(const CellRow& heading) {
    IndicatorColumns cols;
    for (size_t c = 0; c < heading.size(); ++c) {
        const std::string t = label(heading[c].text);
        if (t.empty()) continue;
        auto take = [&](std::optional<size_t>& slot) {
            if (!slot) slot = c;
        };
        if (contains(t, "一级指标")) take(cols.level1);
        else if (contains(t, "二级指标")) take(cols.level2);
        else if (has_any(t, {"三级指标", "指标内容", "指标名称"})) take(cols.indicator);
        else if (has_any(t, {"年度指标值", "指标值", "目标值"})) take(cols.target);
        else if (has_any(t, {"实际完成", "完成值", "实际值"})) take(cols.actual);
        else if (has_any(t, {"分值", "权重"})) take(cols.weight);
        else if (contains(t, "得分")) take(cols.score);
        else if (has_any(t, {"偏差", "原因", "备注", "改进措施"})) take(cols.remark);
    }
    // OCR can garble the 二 of 二级指标 ("-级指标"): an unclaimed …级指标
    // column between the 一级指标 and the indicators is the 二级指标.
    if (cols.level1 && !cols.level2)
        for (size_t c = *cols.level1 + 1; c < heading.size() && (!cols.indicator || c < *cols.indicator); ++c)
            if (contains(label(heading[c].text), "级指标")) {
                cols.level2 = c;
                break;
            }
    return cols;
}

Json text_or_null(const CellRow& row, const std::optional<size_t>& c) {
    if (!c) return nullptr;
    const std::string t = label(grid::cell(row, *c));
    return t.empty() ? Json(nullptr) : Json(t);
}

Json number_or_null(const CellRow& row, const std::optional<size_t>& c) {
    if (!c) return nullptr;
    return grid::amount(grid::cell(row, *c));
}

// Header block: values by label. A value follows its label to the right in
// the same row, or heads the next row when the label cell wrapped.
struct Block {
    std::vector<std::vector<std::string>> rows;  // space-free texts

    // The value of a label: the cells after the label cell, in reading order
    // (the rest of its row, then the next rows), that are not labels
    // themselves. A label cell holding several labels wrapped together
    // ("项目名称主管部门") is followed by their values in the same order.
    std::optional<std::string> value_after(std::initializer_list<std::string_view> labels) const {
        for (size_t r = 0; r < rows.size(); ++r)
            for (size_t c = 0; c < rows[r].size(); ++c) {
                const std::string& cell = rows[r][c];
                size_t at = std::string::npos;
                for (auto l : labels) at = std::min(at, cell.find(l));
                if (at == std::string::npos) continue;
                size_t skip = 0;
                for (std::string_view other : {"项目支出名称", "项目名称", "主管部门", "实施单位", "预算单位"}) {
                    const auto pos = cell.find(other);
                    if (pos != std::string::npos && pos < at && cell.compare(at, other.size(), other) != 0) ++skip;
                }
                std::vector<std::string> values;
                for (size_t k = c + 1; k < rows[r].size(); ++k)
                    if (!rows[r][k].empty() && !is_label(rows[r][k])) values.push_back(rows[r][k]);
                if (values.size() <= skip)
                    for (size_t q = r + 1; q < rows.size() && values.size() <= skip; ++q)
                        for (const auto& t : rows[q])
                            if (!t.empty() && !is_label(t)) {
                                values.push_back(t);
                                break;
                            }
                if (values.size() <= skip) return std::nullopt;
                // A label printed right under the value can end up joined to it.
                std::string v = values[skip];
                for (std::string_view tail : {"执行率", "得分", "分值", "全年执行数", "全年预算数", "年初预算数"})
                    if (v.size() > tail.size() && v.compare(v.size() - tail.size(), tail.size(), tail) == 0)
                        v.erase(v.size() - tail.size());
                return v;
            }
        return std::nullopt;
    }

    static bool is_label(const std::string& t) {
        for (std::string_view w : {"项目支出名称", "项目名称", "主管部门", "实施单位", "预算单位", "年初预算", "全年预算",
                                   "全年执行", "分值", "执行率", "得分", "项目资金", "年度资金总额",
                                   "年度总体目标", "预期目标", "实际完成情况", "部门(单位)名称",
                                   "区级预算部门名称", "年度预算申请", "单位名称", "部门名称"})
            if (starts_with(t, w)) return true;
        return false;
    }
};

class PerformanceDriver final : public KindDriver {
public:
    TableKind kind() const override { return TableKind::performance_self_evaluation; }

    Match identify(const std::string& title, const HeaderTexts&) const override {
        const TitleView t(title);
        return t.has("绩效") && t.has("自评") ? Match::yes : Match::no;
    }

    void to_records(Table& table, Document&) const override {
        table.records = Json::array();
        table.fields = read_fields(table);
        if (table.body.empty()) return;
        const IndicatorColumns cols = indicator_columns(table.body.front());
        if (!cols.indicator && !cols.weight) return;
        Json level1 = nullptr, level2 = nullptr;
        for (size_t r = 1; r < table.body.size(); ++r) {
            const CellRow& row = table.body[r];
            const Json l1 = text_or_null(row, cols.level1);
            const Json l2 = text_or_null(row, cols.level2);
            if (!l1.is_null()) {
                if (l1 != level1) level2 = nullptr;  // a new 一级指标 starts its 二级 anew
                level1 = l1;
            }
            if (!l2.is_null()) level2 = l2;
            // 总分 row: the total, not an indicator.
            bool total = false;
            for (const auto& cell : row)
                if (starts_with(label(cell.text), "总分")) total = true;
            if (total) {
                // 总分 | 100 | 90: the score is the row's last number (分值 comes first).
                Json score = nullptr;
                for (const auto& cell : row)
                    if (const Json v = grid::amount(cell.text); !v.is_null()) score = v;
                if (!score.is_null()) table.fields["total_score"] = score;
                continue;
            }
            Json rec = Json::object();
            rec["level1"] = level1;
            rec["level2"] = level2;
            rec["indicator"] = text_or_null(row, cols.indicator);
            rec["target"] = text_or_null(row, cols.target);
            rec["actual"] = text_or_null(row, cols.actual);
            rec["weight"] = number_or_null(row, cols.weight);
            rec["score"] = number_or_null(row, cols.score);
            rec["remark"] = text_or_null(row, cols.remark);
            const bool printed = !rec["indicator"].is_null() || !rec["target"].is_null() ||
                                 !rec["actual"].is_null() || !rec["weight"].is_null() ||
                                 !rec["score"].is_null();
            if (printed) table.records.push_back(std::move(rec));
        }
    }

private:
    // The amounts of header row `r` read in order against the amount headings
    // of the rows above it in order (left to right): the block's cells are
    // too irregular for columns to be recovered reliably, and two amounts
    // can share a cell ("98.52%9"). A printed dash is a blank. False, and
    // nothing set, unless there are as many amounts as headings.
    static bool amounts_in_order(const std::vector<CellRow>& header, size_t r, Json& f) {
        static const std::array<std::pair<std::string_view, const char*>, 6> kHeadings{{
            {"年初预算", "budget_initial"},
            {"全年预算", "budget_full_year"},
            {"执行数", "executed"},
            {"执行率", "execution_rate"},
            {"分值", "budget_weight"},
            {"得分", "budget_score"},
        }};
        struct Found {
            double x;
            size_t cell, pos;  // reading order: cell, then place in its text
            const char* field;
        };
        std::vector<Found> headings;
        size_t seq = 0;
        for (size_t q = 0; q < r; ++q)
            for (const auto& cell : header[q]) {
                ++seq;
                const std::string t = label(cell.text);
                for (const auto& [word, field] : kHeadings) {
                    const auto pos = t.find(word);
                    if (pos == std::string::npos) continue;
                    bool dup = false;
                    for (const auto& h : headings) dup = dup || std::string_view(h.field) == field;
                    if (!dup) headings.push_back({cell.box.x0, seq, pos, field});
                }
            }
        std::stable_sort(headings.begin(), headings.end(), [](const Found& a, const Found& b) {
            if (a.x != b.x) return a.x < b.x;
            return a.cell != b.cell ? a.cell < b.cell : a.pos < b.pos;
        });
        static const std::regex token(R"((\d[\d,]*(\.\d+)?%?)|(—|–|-)+)");
        std::vector<Json> values;
        for (const auto& cell : header[r]) {
            const std::string t = label(cell.text);
            for (std::sregex_iterator it(t.begin(), t.end(), token), end; it != end; ++it)
                values.push_back(grid::amount(it->str()));
        }
        if (headings.size() < 3 || values.size() != headings.size()) return false;
        for (size_t k = 0; k < values.size(); ++k) f[headings[k].field] = values[k];
        return true;
    }

    static Json read_fields(const Table& table) {
        Block block;
        for (const auto& row : table.header) {
            std::vector<std::string> r;
            for (const auto& c : row) r.push_back(label(c.text));
            block.rows.push_back(std::move(r));
        }
        Json f = Json::object();
        auto opt = [](const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); };
        f["project"] = opt(block.value_after({"项目支出名称", "项目名称", "预算部门名称", "部门(单位)名称",
                                             "单位名称", "部门名称"}));
        // A form opens with its subject's name: a first label read otherwise
        // by OCR (项目名称 as 科目名称) still ends in 名称.
        if (f["project"].is_null() && !block.rows.empty())
            for (const auto& cell : block.rows.front())
                if (!cell.empty()) {
                    if (cell.ends_with("名称")) f["project"] = opt(block.value_after({std::string_view(cell)}));
                    break;
                }
        f["department"] = opt(block.value_after({"主管部门"}));
        f["implementer"] = opt(block.value_after({"实施单位", "预算单位"}));
        f["budget_initial"] = nullptr;
        f["budget_full_year"] = nullptr;
        f["executed"] = nullptr;
        f["execution_rate"] = nullptr;
        f["budget_weight"] = nullptr;
        f["budget_score"] = nullptr;
        f["total_score"] = nullptr;
        // Amounts: the row of 年度资金总额 (or 金额合计), under the columns headed
        // 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分 above it.
        const size_t ncols = grid::column_count(table);
        for (size_t r = 0; r < table.header.size(); ++r) {
            bool total_row = false;
            for (const auto& t : block.rows[r])
                // 年度资金 alone: OCR garbles 总额 at times (总寡).
                if (has_any(t, {"年度资金", "金额合计"})) total_row = true;
            if (!total_row) continue;
            if (amounts_in_order(table.header, r, f)) break;
            for (size_t c = 0; c < ncols; ++c) {
                std::string heading;
                for (size_t q = 0; q < r; ++q)
                    if (c < block.rows[q].size()) heading += block.rows[q][c];
                std::string text = label(grid::cell(table.header[r], c));
                // "年度资金总额:55.04", "年度资金总额362.62": the row's label printed
                // into the first amount cell; the amount is the text's numeric tail.
                size_t tail = text.size();
                while (tail > 0 && (std::isdigit(static_cast<unsigned char>(text[tail - 1])) ||
                                    text[tail - 1] == '.' || text[tail - 1] == ',' || text[tail - 1] == '%'))
                    --tail;
                if (tail > 0 && tail < text.size()) text = text.substr(tail);
                const Json v = grid::amount(text);
                if (v.is_null()) continue;
                auto set = [&](const char* field) {
                    if (f[field].is_null()) f[field] = v;
                };
                if (contains(heading, "年初预算")) set("budget_initial");
                else if (contains(heading, "全年预算")) set("budget_full_year");
                else if (contains(heading, "执行数")) set("executed");
                else if (contains(heading, "执行率")) set("execution_rate");
                else if (contains(heading, "分值")) set("budget_weight");
                else if (contains(heading, "得分")) set("budget_score");
            }
            break;
        }
        // Whole texts of 年度总体目标: the rows under 预期目标 / 实际完成情况.
        f["goal"] = nullptr;
        f["outcome"] = nullptr;
        for (size_t r = 0; r < block.rows.size(); ++r) {
            for (size_t c = 0; c < block.rows[r].size(); ++c) {
                const bool goal = contains(block.rows[r][c], "预期目标");
                const bool outcome = contains(block.rows[r][c], "实际完成情况") || contains(block.rows[r][c], "目标实际完成");
                if (!goal && !outcome) continue;
                std::string text;
                for (size_t q = r + 1; q < block.rows.size(); ++q)
                    if (c < block.rows[q].size()) text += block.rows[q][c];
                if (!text.empty()) f[goal ? "goal" : "outcome"] = text;
            }
        }
        return f;
    }
};

}  // namespace

std::unique_ptr<KindDriver> make_performance_driver() {
    return std::make_unique<PerformanceDriver>();
}

}  // namespace juesuan

