// The one document model every stage reads and writes.
//
// document → pages → words (text, box, font size, source, confidence)
//          → tables (kind, header/body cells with boxes, records, checks)
//
// Coordinates are PDF points in a top-left origin page space (x to the right,
// y down), after the page's rotation has been applied, so every stage can
// reason about "above", "left of" without caring where the words came from.
// Poppler and Tesseract types never appear here.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace juesuan {

using Json = nlohmann::ordered_json;

struct Box {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    double width() const { return x1 - x0; }
    double height() const { return y1 - y0; }
    double cx() const { return (x0 + x1) / 2; }
    double cy() const { return (y0 + y1) / 2; }
    Box united(const Box& o) const;
    // Whether `o`'s centre lies in this box grown by `margin` points on every
    // side: a word belongs to the cell its centre falls in.
    bool holds_centre_of(const Box& o, double margin = 1) const;
};

enum class WordSource { text_layer, ocr };

struct Word {
    std::string text;  // UTF-8
    Box box;
    // Glyph box height in points: poppler reports the font size only in a
    // mode that doubles extraction time, and the box height serves every use.
    double font_size = 0;
    WordSource source = WordSource::text_layer;
    double confidence = 1.0;  // 0..1; 1 for the text layer
};

struct Page {
    int number = 0;  // 1-based
    double width = 0, height = 0;
    int rotation = 0;  // degrees the page was turned to upright
    WordSource source = WordSource::text_layer;
    std::string source_reason;  // why this source was chosen
    std::vector<Word> words;    // reading order not guaranteed; stages sort by (y, x)
    // OCR pages: the cells of each ruled table the rulings enclose (merged
    // cells whole), in reading order; empty for text-layer pages.
    std::vector<std::vector<Box>> ruled_tables;
};

struct Cell {
    std::string text;
    Box box;
    int page = 0;
};

using CellRow = std::vector<Cell>;

// 表种: the stable identity of a disclosure table (the printed 公开NN表 number is not).
enum class TableKind {
    income_expenditure_summary,        // 收入支出决算总表
    income_by_unit,                    // 收入决算表(分单位)
    income_by_function,                // 收入决算表(分科目)
    expenditure_by_unit,               // 支出决算表(分单位)
    expenditure_by_function,           // 支出决算表(分科目)
    fiscal_grant_summary,              // 财政拨款收入支出决算总表
    general_budget_expenditure,        // 一般公共预算财政拨款支出决算表
    general_budget_basic_detail,       // 一般公共预算财政拨款基本支出决算明细表
    gov_fund,                          // 政府性基金预算财政拨款收入支出决算表
    state_capital_expenditure,         // 国有资本经营预算财政拨款支出决算表
    state_capital_income_expenditure,  // 国有资本经营预算财政拨款收入支出决算表
    three_public,                      // 财政拨款"三公"经费支出决算表
    performance_self_evaluation,       // 绩效自评表
    generic,
};

const char* to_string(TableKind kind);
std::optional<TableKind> table_kind_from_string(const std::string& name);
const std::vector<TableKind>& all_table_kinds();

enum class CheckOutcome { pass, rounding, fail, repaired };

struct Check {
    std::string identity;            // human-readable identity, e.g. "total = basic + project"
    std::vector<std::string> cells;  // record references involved
    double expected = 0;
    double found = 0;
    CheckOutcome outcome = CheckOutcome::pass;
    // For `repaired`: the cell changed and its OCR reading, "records[3].total: 945.34 -> 945.84";
    // found is then the value after the repair.
    std::string repair;
};

struct Table {
    TableKind kind = TableKind::generic;
    std::optional<std::string> table_no;  // from 公开NN表
    std::string title;                    // NFKC, year prefix removed
    std::optional<std::string> amount_unit;
    std::vector<int> pages;  // every page the table is printed on, ascending
    std::vector<CellRow> header;
    std::vector<CellRow> body;
    std::vector<std::string> notes;  // 注/说明 lines printed under the table
    Json records = Json::array();
    // 出处: parallel to records; element i maps each field of records[i] read
    // from one printed cell to {page, box, source, confidence} (schemas/provenance.h).
    Json provenance = Json::array();
    Json fields;  // header block of performance tables; null elsewhere
    std::vector<Check> checks;
};

enum class Severity { info, warning, error };

struct Diagnostic {
    Severity severity = Severity::warning;
    int page = 0;  // 0: the whole document
    std::string stage;
    std::string message;
};

struct Document {
    std::string path;    // as given on the command line
    std::string source;  // file name without directories
    std::optional<std::string> unit;
    std::optional<int> year;
    std::vector<Page> pages;
    std::vector<Table> tables;
    std::vector<Diagnostic> diagnostics;
    // Cross-table reconciliation and narrative cross-checks (cells are
    // "tables[i].records[j].field" or "text:p<page>").
    std::vector<Check> checks;

    void diagnose(Severity severity, int page, std::string stage, std::string message);
    // The page numbered `number` (1-based), or nullptr.
    const Page* page(int number) const;
};

// Contract JSON (spec/tables.md): source, unit, year, tables[...], checks[...].
Json to_contract_json(const Document& doc);

// Full model dump for --stop-after / debugging: pages with words, tables with
// cell boxes, diagnostics.
Json to_model_json(const Document& doc);

// Cell texts of rows, for the contract's header/body arrays.
Json rows_to_json(const std::vector<CellRow>& rows);

}  // namespace juesuan
