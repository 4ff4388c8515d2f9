#include "model/document.h"

#include <algorithm>
#include <array>
#include <utility>

namespace juesuan {

Box Box::united(const Box& o) const {
    return {std::min(x0, o.x0), std::min(y0, o.y0), std::max(x1, o.x1), std::max(y1, o.y1)};
}

const Page* Document::page(int number) const {
    for (const auto& p : pages)
        if (p.number == number) return &p;
    return nullptr;
}

bool Box::holds_centre_of(const Box& o, double margin) const {
    return o.cx() >= x0 - margin && o.cx() <= x1 + margin && o.cy() >= y0 - margin &&
           o.cy() <= y1 + margin;
}

namespace {
constexpr std::array<std::pair<TableKind, const char*>, 14> kKindNames{{
    {TableKind::income_expenditure_summary, "income_expenditure_summary"},
    {TableKind::income_by_unit, "income_by_unit"},
    {TableKind::income_by_function, "income_by_function"},
    {TableKind::expenditure_by_unit, "expenditure_by_unit"},
    {TableKind::expenditure_by_function, "expenditure_by_function"},
    {TableKind::fiscal_grant_summary, "fiscal_grant_summary"},
    {TableKind::general_budget_expenditure, "general_budget_expenditure"},
    {TableKind::general_budget_basic_detail, "general_budget_basic_detail"},
    {TableKind::gov_fund, "gov_fund"},
    {TableKind::state_capital_expenditure, "state_capital_expenditure"},
    {TableKind::state_capital_income_expenditure, "state_capital_income_expenditure"},
    {TableKind::three_public, "three_public"},
    {TableKind::performance_self_evaluation, "performance_self_evaluation"},
    {TableKind::generic, "generic"},
}};

const char* outcome_name(CheckOutcome o) {
    switch (o) {
        case CheckOutcome::pass: return "pass";
        case CheckOutcome::rounding: return "rounding";
        case CheckOutcome::fail: return "fail";
        case CheckOutcome::repaired: return "repaired";
    }
    return "fail";
}

const char* severity_name(Severity s) {
    switch (s) {
        case Severity::info: return "info";
        case Severity::warning: return "warning";
        case Severity::error: return "error";
    }
    return "error";
}

Json box_json(const Box& b) { return Json::array({b.x0, b.y0, b.x1, b.y1}); }

Json optional_string(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }

Json checks_json(const std::vector<Check>& checks) {
    Json out = Json::array();
    for (const auto& c : checks) {
        Json jc = {{"identity", c.identity},
                   {"cells", c.cells},
                   {"expected", c.expected},
                   {"found", c.found},
                   {"outcome", outcome_name(c.outcome)}};
        if (!c.repair.empty()) jc["repair"] = c.repair;
        out.push_back(std::move(jc));
    }
    return out;
}
}  // namespace

const char* to_string(TableKind kind) {
    for (const auto& [k, name] : kKindNames)
        if (k == kind) return name;
    return "generic";
}

std::optional<TableKind> table_kind_from_string(const std::string& name) {
    for (const auto& [k, n] : kKindNames)
        if (name == n) return k;
    return std::nullopt;
}

const std::vector<TableKind>& all_table_kinds() {
    static const std::vector<TableKind> kinds = [] {
        std::vector<TableKind> v;
        for (const auto& [k, name] : kKindNames) v.push_back(k);
        return v;
    }();
    return kinds;
}

void Document::diagnose(Severity severity, int page, std::string stage, std::string message) {
    diagnostics.push_back({severity, page, std::move(stage), std::move(message)});
}

Json rows_to_json(const std::vector<CellRow>& rows) {
    Json out = Json::array();
    for (const auto& row : rows) {
        Json r = Json::array();
        for (const auto& cell : row) r.push_back(cell.text);
        out.push_back(std::move(r));
    }
    return out;
}

Json to_contract_json(const Document& doc) {
    Json tables = Json::array();
    for (const auto& t : doc.tables) {
        Json jt;
        jt["kind"] = to_string(t.kind);
        jt["table_no"] = optional_string(t.table_no);
        jt["title"] = t.title;
        jt["amount_unit"] = optional_string(t.amount_unit);
        jt["pages"] = t.pages.empty() ? Json::array()
                                      : Json::array({t.pages.front(), t.pages.back()});
        jt["header"] = rows_to_json(t.header);
        jt["body"] = rows_to_json(t.body);
        jt["notes"] = t.notes;
        if (!t.fields.is_null()) jt["fields"] = t.fields;
        jt["records"] = t.records;
        jt["provenance"] = t.provenance;
        jt["checks"] = checks_json(t.checks);
        tables.push_back(std::move(jt));
    }
    Json pages = Json::array();
    for (const auto& p : doc.pages) {
        pages.push_back({{"page", p.number},
                         {"source", p.source == WordSource::ocr ? "ocr" : "text"},
                         {"reason", p.source_reason}});
    }
    Json diags = Json::array();
    for (const auto& d : doc.diagnostics) {
        diags.push_back({{"severity", severity_name(d.severity)},
                         {"page", d.page},
                         {"stage", d.stage},
                         {"message", d.message}});
    }
    Json out;
    out["source"] = doc.source;
    out["unit"] = optional_string(doc.unit);
    out["year"] = doc.year ? Json(*doc.year) : Json(nullptr);
    out["tables"] = std::move(tables);
    out["checks"] = checks_json(doc.checks);
    out["pages"] = std::move(pages);
    out["diagnostics"] = std::move(diags);
    return out;
}

Json to_model_json(const Document& doc) {
    Json out = to_contract_json(doc);
    Json pages = Json::array();
    for (const auto& p : doc.pages) {
        Json words = Json::array();
        for (const auto& w : p.words) {
            words.push_back({{"text", w.text},
                             {"box", box_json(w.box)},
                             {"font_size", w.font_size},
                             {"source", w.source == WordSource::ocr ? "ocr" : "text"},
                             {"confidence", w.confidence}});
        }
        pages.push_back({{"page", p.number},
                         {"width", p.width},
                         {"height", p.height},
                         {"rotation", p.rotation},
                         {"source", p.source == WordSource::ocr ? "ocr" : "text"},
                         {"reason", p.source_reason},
                         {"words", std::move(words)}});
        if (!p.ruled_tables.empty()) {
            Json ruled = Json::array();
            for (const auto& t : p.ruled_tables) {
                Json cells = Json::array();
                for (const auto& c : t) cells.push_back(box_json(c));
                ruled.push_back(std::move(cells));
            }
            pages.back()["ruled_tables"] = std::move(ruled);
        }
    }
    out["pages"] = std::move(pages);
    auto cell_boxes = [](const std::vector<CellRow>& rows) {
        Json r = Json::array();
        for (const auto& row : rows) {
            Json cells = Json::array();
            for (const auto& c : row) cells.push_back({{"page", c.page}, {"box", box_json(c.box)}});
            r.push_back(std::move(cells));
        }
        return r;
    };
    for (size_t i = 0; i < doc.tables.size(); ++i) {
        out["tables"][i]["header_boxes"] = cell_boxes(doc.tables[i].header);
        out["tables"][i]["body_boxes"] = cell_boxes(doc.tables[i].body);
    }
    return out;
}

}  // namespace juesuan
