// Cross-table reconciliation and the narrative cross-check.
#include "checks/internal.h"
#include "model/text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace juesuan::checks {

namespace {


// First table of a kind that has records.
std::optional<int> table_of(const Document& doc, TableKind kind) {
    for (size_t t = 0; t < doc.tables.size(); ++t)
        if (doc.tables[t].kind == kind && !doc.tables[t].records.empty()) return static_cast<int>(t);
    return std::nullopt;
}

Ref cell(int table, size_t record, std::string field) { return Ref{table, record, std::move(field), {}, {}}; }

// A summary side's record whose item satisfies `pred`.
template <class Pred>
std::optional<size_t> summary_item(const Json& records, const char* side, Pred pred) {
    for (size_t r = 0; r < records.size(); ++r)
        if (str(records[r], "side") == side && pred(str(records[r], "item"))) return r;
    return std::nullopt;
}

bool year_total(const std::string& item) { return contains(item, "本年") && contains(item, "合计"); }

// The 合计 row of a subject table: its 合计 record.
struct Subject {
    int table;
    size_t total;
};

std::optional<Subject> subject_total(const Document& doc, std::initializer_list<TableKind> kinds) {
    for (TableKind k : kinds)
        if (const auto t = table_of(doc, k))
            if (const auto r = total_row(doc.tables[*t].records)) return Subject{*t, *r};
    return std::nullopt;
}

// The class (类) rows of a subject table by name.
std::map<std::string, size_t> classes(const Json& records) {
    std::map<std::string, size_t> out;
    for (size_t r = 0; r < records.size(); ++r) {
        const std::string code = str(records[r], "code");
        if (code.size() == 3) out.emplace(str(records[r], "name"), r);
    }
    return out;
}

}  // namespace

std::vector<Identity> document_identities(const Document& doc) {
    std::vector<Identity> out;
    const auto summary = table_of(doc, TableKind::income_expenditure_summary);
    const auto fiscal = table_of(doc, TableKind::fiscal_grant_summary);
    const auto income = subject_total(doc, {TableKind::income_by_function, TableKind::income_by_unit});
    const auto spend = subject_total(doc, {TableKind::expenditure_by_function, TableKind::expenditure_by_unit});
    const auto general = subject_total(doc, {TableKind::general_budget_expenditure});
    const auto fund = subject_total(doc, {TableKind::gov_fund});
    const auto basic_detail = table_of(doc, TableKind::general_budget_basic_detail);

    if (summary) {
        const Json& rs = doc.tables[*summary].records;
        if (income) {
            if (const auto r = summary_item(rs, "income", year_total))
                out.push_back({"收入支出决算总表 本年收入合计 = 收入决算表 合计", cell(*summary, *r, "amount"),
                               {cell(income->table, income->total, "total")}});
            // The income table's columns are the summary's income items.
            const std::vector<std::pair<std::string, std::string>> columns{
                {"财政拨款收入", "fiscal_grant"}, {"上级补助收入", "superior_subsidy"},
                {"事业收入", "business_income"},  {"经营收入", "operating_income"},
                {"附属单位上缴收入", "affiliated_remittance"}, {"其他收入", "other_income"}};
            for (const auto& [word, field] : columns) {
                Identity id{"收入决算表 合计 " + field + " = 收入支出决算总表 " + word,
                            cell(income->table, income->total, field),
                            {}};
                const auto end = summary_item(rs, "income", year_total);
                for (size_t r = 0; r < rs.size() && (!end || r < *end); ++r)
                    if (str(rs[r], "side") == "income" && contains(str(rs[r], "item"), word))
                        id.rhs.push_back(cell(*summary, r, "amount"));
                if (!id.rhs.empty()) out.push_back(std::move(id));
            }
        }
        if (spend) {
            if (const auto r = summary_item(rs, "expenditure", year_total))
                out.push_back({"收入支出决算总表 本年支出合计 = 支出决算表 合计", cell(*summary, *r, "amount"),
                               {cell(spend->table, spend->total, "total")}});
            const auto by_name = classes(doc.tables[spend->table].records);
            for (size_t r = 0; r < rs.size(); ++r) {
                if (str(rs[r], "side") != "expenditure") continue;
                const auto it = by_name.find(str(rs[r], "item"));
                if (it == by_name.end()) continue;
                out.push_back({"收入支出决算总表 = 支出决算表: " + it->first, cell(*summary, r, "amount"),
                               {cell(spend->table, it->second, "total")}});
            }
        }
    }
    if (fiscal) {
        const Json& rs = doc.tables[*fiscal].records;
        const auto r = summary_item(rs, "expenditure", year_total);
        if (r && general)
            out.push_back({"财政拨款收入支出决算总表 本年支出合计 一般公共预算 = 一般公共预算财政拨款支出决算表 合计",
                           cell(*fiscal, *r, "general_budget"),
                           {cell(general->table, general->total, "total")}});
        if (r && fund)
            out.push_back({"财政拨款收入支出决算总表 本年支出合计 政府性基金 = 政府性基金预算财政拨款支出 合计",
                           cell(*fiscal, *r, "gov_fund"),
                           {cell(fund->table, fund->total, "total")}});
        if (general) {
            const auto by_name = classes(doc.tables[general->table].records);
            for (size_t i = 0; i < rs.size(); ++i) {
                if (str(rs[i], "side") != "expenditure") continue;
                const auto it = by_name.find(str(rs[i], "item"));
                if (it == by_name.end()) continue;
                out.push_back({"财政拨款收入支出决算总表 = 一般公共预算财政拨款支出决算表: " + it->first,
                               cell(*fiscal, i, "general_budget"),
                               {cell(general->table, it->second, "total")}});
            }
        }
        // Where every yuan spent is 一般公共预算财政拨款 (the fiscal summary's
        // general-budget column carries the whole 本年支出合计 of the unit),
        // the expenditure table and the general-budget table are the same
        // table, subject by subject.
        if (r && general && spend && summary) {
            const Json& all = doc.tables[*summary].records;
            const auto unit_total = summary_item(all, "expenditure", year_total);
            const auto gb = number(rs[*r], "general_budget");
            const auto whole = unit_total ? number(all[*unit_total], "amount") : std::nullopt;
            if (gb && whole && std::fabs(*gb - *whole) < 0.005) {
                const Json& g = doc.tables[general->table].records;
                const Json& e = doc.tables[spend->table].records;
                for (size_t i = 0; i < g.size(); ++i) {
                    const std::string code = str(g[i], "code");
                    std::optional<size_t> j = code.empty() ? std::optional<size_t>(spend->total)
                                                           : find_record(e, "code", code);
                    if (!j) continue;
                    for (const char* f : {"total", "basic", "project"})
                        out.push_back({"支出决算表 = 一般公共预算财政拨款支出决算表 (all spending is 一般公共预算): " +
                                           (code.empty() ? std::string("合计") : code) + " " + f,
                                       cell(spend->table, *j, f),
                                       {cell(general->table, i, f)}});
                }
            }
        }
    }
    if (general && basic_detail) {
        const Json& rs = doc.tables[*basic_detail].records;
        Identity id{"一般公共预算财政拨款支出 基本支出 = 人员经费合计 + 公用经费合计",
                    cell(general->table, general->total, "basic"),
                    {}};
        for (size_t r = 0; r < rs.size(); ++r)
            if (str(rs[r], "code").empty()) id.rhs.push_back(cell(*basic_detail, r, "amount"));
        if (id.rhs.empty())  // no group totals printed: the classes
            for (size_t r = 0; r < rs.size(); ++r)
                if (str(rs[r], "code").size() == 3) id.rhs.push_back(cell(*basic_detail, r, "amount"));
        if (!id.rhs.empty()) out.push_back(std::move(id));
    }
    return out;
}

namespace {

// Text of a page outside the tables printed on it, in reading order.
std::string page_text(const Document& doc, const Page& page) {
    std::vector<Box> boxes;
    for (const auto& t : doc.tables) {
        std::optional<Box> box;
        for (const auto* rows : {&t.header, &t.body})
            for (const auto& row : *rows)
                for (const auto& c : row)
                    if (c.page == page.number && c.box.width() > 0) box = box ? box->united(c.box) : c.box;
        if (box) boxes.push_back(*box);
    }
    std::vector<const Word*> words;
    for (const auto& w : page.words) {
        bool in_table = false;
        for (const auto& b : boxes)
            in_table = in_table || (w.box.cx() >= b.x0 && w.box.cx() <= b.x1 && w.box.cy() >= b.y0 && w.box.cy() <= b.y1);
        if (!in_table) words.push_back(&w);
    }
    // Lines: words whose vertical centres are within half a line height.
    std::stable_sort(words.begin(), words.end(), [](const Word* a, const Word* b) { return a->box.cy() < b->box.cy(); });
    std::vector<std::vector<const Word*>> lines;
    for (const Word* w : words) {
        if (!lines.empty() && std::fabs(lines.back().front()->box.cy() - w->box.cy()) < 0.5 * w->box.height())
            lines.back().push_back(w);
        else
            lines.push_back({w});
    }
    std::string text;
    for (auto& line : lines) {
        std::stable_sort(line.begin(), line.end(), [](const Word* a, const Word* b) { return a->box.x0 < b->box.x0; });
        for (const Word* w : line) text += w->text;
    }
    return text;
}

struct Statement {
    std::string keyword;
    std::string gap;  // text between the keyword and the amount
    double amount = 0;
};

// "<keyword><up to a few words>123.45万元" occurrences in a text.
std::vector<Statement> statements(const std::string& text, const std::string& keyword, size_t max_gap) {
    std::vector<Statement> out;
    for (size_t at = text.find(keyword); at != std::string::npos; at = text.find(keyword, at + 1)) {
        size_t i = at + keyword.size();
        const size_t gap_start = i;
        while (i < text.size() && i - gap_start <= max_gap && !(text[i] >= '0' && text[i] <= '9')) {
            if (text[i] == '.' || text.compare(i, 3, "。") == 0 || text.compare(i, 3, "；") == 0 ||
                text[i] == ';')
                break;
            ++i;
        }
        if (i >= text.size() || !(text[i] >= '0' && text[i] <= '9')) continue;
        size_t j = i;
        std::string digits;
        while (j < text.size() && ((text[j] >= '0' && text[j] <= '9') || text[j] == '.' || text[j] == ',' || text[j] == ' ')) {
            if (text[j] != ',' && text[j] != ' ') digits += text[j];
            ++j;
        }
        if (text.compare(j, 6, "万元") != 0) continue;
        if (!digits.empty() && digits.back() == '.') continue;
        out.push_back({keyword, text.substr(gap_start, i - gap_start), std::strtod(digits.c_str(), nullptr)});
    }
    return out;
}

}  // namespace

std::vector<Identity> narrative_identities(const Document& doc) {
    std::vector<Identity> out;
    const auto summary = table_of(doc, TableKind::income_expenditure_summary);
    const auto spend = subject_total(doc, {TableKind::expenditure_by_function, TableKind::expenditure_by_unit});
    const auto general = subject_total(doc, {TableKind::general_budget_expenditure});
    const auto detail = table_of(doc, TableKind::general_budget_basic_detail);
    const auto three = table_of(doc, TableKind::three_public);

    // Table values a statement may refer to, by keyword.
    auto summary_ref = [&](const char* side) -> std::vector<Ref> {
        if (!summary) return {};
        const auto r = summary_item(doc.tables[*summary].records, side, year_total);
        return r ? std::vector<Ref>{cell(*summary, *r, "amount")} : std::vector<Ref>{};
    };
    auto totals = [&](const char* field) {
        std::vector<Ref> refs;
        for (const auto& s : {spend, general})
            if (s) refs.push_back(cell(s->table, s->total, field));
        return refs;
    };
    auto group_total = [&](const char* group) -> std::vector<Ref> {
        if (!detail) return {};
        const Json& rs = doc.tables[*detail].records;
        for (size_t r = 0; r < rs.size(); ++r)
            if (str(rs[r], "code").empty() && str(rs[r], "group") == group) return {cell(*detail, r, "amount")};
        return {};
    };
    auto three_public = [&](const char* measure) -> std::vector<Ref> {
        if (!three) return {};
        const auto r = find_record(doc.tables[*three].records, "item", "total");
        return r ? std::vector<Ref>{cell(*three, *r, measure)} : std::vector<Ref>{};
    };
    struct Rule {
        const char* keyword;
        std::vector<Ref> refs;
        size_t gap;
    };
    const std::vector<Rule> rules{
        {"本年收入合计", summary_ref("income"), 9},  {"本年支出合计", summary_ref("expenditure"), 9},
        {"基本支出", totals("basic"), 9},             {"项目支出", totals("project"), 9},
        {"人员经费", group_total("personnel"), 9},    {"公用经费", group_total("public"), 9},
    };
    // Words in the gap that mean the amount is about something else.
    const std::vector<std::string_view> other{"绩效", "预算", "上年", "增加", "减少", "下降", "增长",
                                              "占", "其中", "结转", "比"};
    auto add = [&](const Page& page, const Statement& s, const std::vector<Ref>& refs) {
        if (refs.empty()) return;
        // Attach to the table value it matches; else report against the first.
        const Ref* match = &refs.front();
        for (const auto& r : refs) {
            const auto v = value_of(r, Json::array(), &doc);
            if (v && std::fabs(*v - s.amount) < 0.005) match = &r;
        }
        Ref stated;
        stated.constant = s.amount;
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.2f", s.amount);
        stated.label = "text:p" + std::to_string(page.number);
        out.push_back({"narrative: " + s.keyword + " " + buf + " 万元 (page " + std::to_string(page.number) + ")",
                       stated,
                       {*match}});
    };
    for (const auto& page : doc.pages) {
        const std::string text = page_text(doc, page);
        for (const auto& rule : rules) {
            for (const auto& s : statements(text, rule.keyword, rule.gap * 3)) {
                bool off = false;
                for (auto w : other) off = off || contains(s.gap, w);
                if (!off) add(page, s, rule.refs);
            }
        }
        // “三公”经费: the budget or the actual total, by the words between.
        for (const auto& s : statements(text, "三公", 30)) {
            if (!contains(s.gap, "经费")) continue;
            bool off = false;
            for (std::string_view w : {"公务接待", "公务用车", "出国", "会议", "培训", "上年", "增加", "减少"})
                off = off || contains(s.gap, w);
            if (off) continue;
            const bool budget = contains(s.gap, "预算") && !contains(s.gap, "决算");
            add(page, s, three_public(budget ? "budget" : "actual"));
        }
    }
    return out;
}

}  // namespace juesuan::checks
