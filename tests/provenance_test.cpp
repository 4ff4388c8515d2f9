// 出处 (provenance) of record values (schemas/provenance.h): every amount of
// the ruled fixture points at a box on its page whose printed words parse to
// the same amount; a scanned report's values are marked OCR with their
// confidence; values printed twice in a row go to their own column.
#include "checks/checks.h"
#include "pipeline/runner.h"
#include "schemas/kinds.h"
#include "schemas/provenance.h"
#include "model/text.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <optional>

using namespace juesuan;
using namespace juesuan::test;

namespace {

const Page* page_of(const Document& doc, int number) {
    for (const auto& p : doc.pages)
        if (p.number == number) return &p;
    return nullptr;
}

// The text printed in a box: the page's words whose centre lies in it, left
// to right.
std::string printed_in(const Page& page, const Box& box) {
    std::vector<const Word*> words;
    for (const auto& w : page.words)
        if (box.holds_centre_of(w.box)) words.push_back(&w);
    std::stable_sort(words.begin(), words.end(),
                     [](const Word* a, const Word* b) { return a->box.x0 < b->box.x0; });
    std::string text;
    for (const Word* w : words) text += w->text;
    return text;
}

Box box_of(const Json& where) {
    return {where["box"][0].get<double>(), where["box"][1].get<double>(), where["box"][2].get<double>(),
            where["box"][3].get<double>()};
}

// A one-page document whose table prints `body` in a grid of 60 x 20 pt cells,
// one word per non-empty cell, from the text layer unless OCR-read with
// `confidence`.
Document grid_document(const std::string& title, const std::vector<std::vector<std::string>>& header,
                       const std::vector<std::vector<std::string>>& body,
                       std::optional<double> confidence = std::nullopt) {
    Document doc;
    doc.source = "grid.pdf";
    Page page;
    page.number = 1;
    page.width = 1000;
    page.height = 800;
    Table table;
    table.title = title;
    table.pages = {1};
    auto rows = [&](const std::vector<std::vector<std::string>>& texts, double top) {
        std::vector<CellRow> out;
        for (size_t r = 0; r < texts.size(); ++r) {
            CellRow row;
            for (size_t c = 0; c < texts[r].size(); ++c) {
                const Box box{60.0 * c, top + 20.0 * r, 60.0 * c + 60, top + 20.0 * r + 20};
                row.push_back({texts[r][c], box, 1});
                if (!texts[r][c].empty())
                    page.words.push_back({texts[r][c], {box.x0 + 5, box.y0 + 5, box.x1 - 5, box.y1 - 5}, 10,
                                          confidence ? WordSource::ocr : WordSource::text_layer,
                                          confidence.value_or(1.0)});
            }
            out.push_back(std::move(row));
        }
        return out;
    };
    table.header = rows(header, 40);
    table.body = rows(body, 40 + 20.0 * header.size());
    doc.pages.push_back(std::move(page));
    doc.tables.push_back(std::move(table));
    return doc;
}

// Left edge of the column a field's provenance points at.
double x0_of(const Json& provenance, size_t record, const std::string& field) {
    REQUIRE(provenance[record].contains(field));
    return provenance[record][field]["box"][0].get<double>();
}

}  // namespace

TEST_CASE("provenance: every amount of the ruled fixture points at its printed cell") {
    const fs::path pdf = fixtures_dir() / "ruled_report.pdf";
    REQUIRE(fs::exists(pdf));
    Document doc;
    doc.path = pdf.string();
    REQUIRE(run_pipeline(doc, repo_options()).status.ok());
    size_t amounts = 0, texts = 0, texts_placed = 0;
    for (const auto& table : doc.tables) {
        CAPTURE(table.title);
        REQUIRE(table.provenance.is_array());
        REQUIRE(table.provenance.size() == table.records.size());
        for (size_t i = 0; i < table.records.size(); ++i) {
            const Json& record = table.records[i];
            const Json& where = table.provenance[i];
            CAPTURE(record.dump());
            for (const auto& [field, value] : where.items()) CHECK(record.contains(field));
            for (const auto& [field, value] : record.items()) {
                if (value.is_string()) {
                    ++texts;
                    texts_placed += where.contains(field);
                }
                if (!value.is_number()) continue;
                CAPTURE(field);
                ++amounts;
                REQUIRE(where.contains(field));
                const Json& w = where[field];
                CHECK(w["source"] == "text");
                CHECK(w["confidence"] == 1.0);
                const int page_no = w["page"].get<int>();
                CHECK(page_no >= table.pages.front());
                CHECK(page_no <= table.pages.back());
                const Page* page = page_of(doc, page_no);
                REQUIRE(page != nullptr);
                const Box box = box_of(w);
                CHECK(box.x0 >= 0);
                CHECK(box.y0 >= 0);
                CHECK(box.x0 < box.x1);
                CHECK(box.y0 < box.y1);
                CHECK(box.x1 <= page->width + 1);
                CHECK(box.y1 <= page->height + 1);
                const auto printed = parse_amount(printed_in(*page, box));
                REQUIRE(printed.has_value());
                CHECK(*printed == doctest::Approx(value.get<double>()));
            }
        }
    }
    CHECK(amounts > 100);
    // Texts are placed too, where printed in one cell (not the item enums,
    // sides, groups, or codes split over 类|款|项).
    CHECK(texts_placed * 2 > texts);
    MESSAGE("ruled fixture: " << amounts << " amounts placed; " << texts_placed << " of " << texts << " texts");
}

TEST_CASE("provenance: the scanned fixture's values are OCR with their confidence") {
    const fs::path pdf = fixtures_dir() / "ocr" / "scanned_report.pdf";
    if (!fs::exists(pdf)) {
        MESSAGE("no fixtures/ocr/ yet: run scripts/make_fixtures.py");
        return;
    }
    Document doc;
    doc.path = pdf.string();
    REQUIRE(run_pipeline(doc, repo_options()).status.ok());
    size_t placed = 0, unsure = 0, values = 0;
    for (const auto& table : doc.tables) {
        REQUIRE(table.provenance.size() == table.records.size());
        for (size_t i = 0; i < table.records.size(); ++i) {
            for (const auto& [field, value] : table.records[i].items()) values += value.is_number();
            for (const auto& [field, w] : table.provenance[i].items()) {
                ++placed;
                CHECK(w["source"] == "ocr");
                const double confidence = w["confidence"].get<double>();
                CHECK(confidence >= 0);
                CHECK(confidence <= 1);
                unsure += confidence < 1;
                if (w.contains("original")) CHECK(w["original"].is_string());
            }
        }
    }
    CHECK(placed > values / 2);
    CHECK(unsure > 0);
    MESSAGE("scanned fixture: " << placed << " fields placed, " << unsure << " with confidence < 1");
}

TEST_CASE("provenance: a value printed twice in a row goes to its own column") {
    // 合计 = 财政拨款 in every row, zeros in every other column: the fields
    // take the columns in the printed order of the form.
    Document doc = grid_document(
        "收入决算表(分科目)",
        {{"科目编码", "科目名称", "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入",
          "附属单位上缴收入", "其他收入"}},
        {{"", "合计", "5.00", "5.00", "0.00", "0.00", "0.00", "0.00", "0.00"},
         {"201", "一般公共服务支出", "3.00", "3.00", "0.00", "0.00", "0.00", "0.00", "0.00"},
         {"205", "教育支出", "2.00", "2.00", "0.00", "0.00", "0.00", "0.00", "-"}});
    REQUIRE(make_schema_stage()->run(doc, Options{}).ok());
    const Table& t = doc.tables.front();
    REQUIRE(t.kind == TableKind::income_by_function);
    REQUIRE(t.records.size() == 3);
    REQUIRE(t.provenance.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
        CAPTURE(i);
        CHECK(x0_of(t.provenance, i, "name") == 60);
        CHECK(x0_of(t.provenance, i, "total") == 120);
        CHECK(x0_of(t.provenance, i, "fiscal_grant") == 180);
        CHECK(x0_of(t.provenance, i, "superior_subsidy") == 240);
        CHECK(x0_of(t.provenance, i, "other_income") == 480);
    }
    CHECK_FALSE(t.provenance[0].contains("code"));  // null
    CHECK(x0_of(t.provenance, 1, "code") == 0);
    CHECK(t.provenance[1]["total"]["page"] == 1);
    CHECK(t.provenance[1]["total"]["source"] == "text");

    // A summary table: the same amount on both sides of a row goes to each
    // side's own column.
    Document summary = grid_document(
        "收入支出决算总表",
        {{"收入", "", "", "支出", "", ""}, {"项目", "行次", "金额", "项目", "行次", "金额"}},
        {{"一、一般公共预算财政拨款收入", "1", "7.00", "一、一般公共服务支出", "31", "7.00"},
         {"二、上级补助收入", "2", "1.00", "二、教育支出", "32", "1.00"}});
    REQUIRE(make_schema_stage()->run(summary, Options{}).ok());
    const Table& s = summary.tables.front();
    REQUIRE(s.records.size() == 4);
    CHECK(s.records[2]["side"] == "expenditure");
    CHECK(x0_of(s.provenance, 0, "amount") == 120);
    CHECK(x0_of(s.provenance, 0, "line") == 60);
    CHECK(x0_of(s.provenance, 0, "item") == 0);
    CHECK(x0_of(s.provenance, 0, "label") == 0);
    CHECK(x0_of(s.provenance, 2, "amount") == 300);
    CHECK(x0_of(s.provenance, 3, "line") == 240);
    CHECK_FALSE(s.provenance[0].contains("side"));  // not printed: derived
}

TEST_CASE("provenance: the JSON Schemas accept it and reject what is not a cell source") {
    Document doc = grid_document("财政拨款“三公”经费支出决算表", {{"项目", "预算数", "决算数"}},
                                 {{"合计", "3.00", "2.50"}, {"公务接待费", "3.00", "2.50"}});
    doc.year = 2023;
    REQUIRE(make_schema_stage()->run(doc, Options{}).ok());
    const nlohmann::json out = nlohmann::json::parse(to_contract_json(doc).dump());
    REQUIRE(out["tables"][0]["kind"] == "three_public");
    REQUIRE(out["tables"][0]["provenance"].size() == 2);
    CHECK(out["tables"][0]["provenance"][1]["actual"]["box"][0] == 120.0);
    SchemaSet schemas;
    CHECK(join_lines(validate_contract(schemas, out)) == "");

    nlohmann::json bad = out;
    bad["tables"][0]["provenance"][0]["nonsense"] = bad["tables"][0]["provenance"][0]["budget"];
    CHECK_FALSE(validate_contract(schemas, bad).empty());
    bad = out;
    bad["tables"][0]["provenance"][0]["budget"]["source"] = "guess";
    CHECK_FALSE(validate_contract(schemas, bad).empty());
    bad = out;
    bad["tables"][0]["provenance"][0]["budget"].erase("page");
    CHECK_FALSE(validate_contract(schemas, bad).empty());
}

TEST_CASE("provenance: a value the checks repaired keeps its printed reading") {
    // OCR read 2101102's 基本支出 8.00 as 3.00: its row and the column fail
    // until the checks restore 8.00; the cell still prints 3.00.
    Document doc = grid_document("一般公共预算财政拨款支出决算表",
                                 {{"科目编码", "科目名称", "合计", "基本支出", "项目支出"}},
                                 {{"", "合计", "30.00", "28.00", "2.00"},
                                  {"2101101", "行政运行", "20.00", "20.00", "0.00"},
                                  {"2101102", "一般行政管理事务", "10.00", "3.00", "2.00"}},
                                 0.8);
    REQUIRE(make_schema_stage()->run(doc, Options{}).ok());
    check_document(doc);
    const Table& t = doc.tables.front();
    REQUIRE(t.kind == TableKind::general_budget_expenditure);
    REQUIRE(t.records[2]["basic"] == 8.0);
    const Json& basic = t.provenance[2]["basic"];
    CHECK(basic["original"] == "3.00");
    CHECK(basic["source"] == "ocr");
    CHECK(basic["confidence"] == doctest::Approx(0.8));
    CHECK(basic["box"][0] == 180.0);
    CHECK_FALSE(t.provenance[2]["project"].contains("original"));
}
