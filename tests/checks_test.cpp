// checks/: every identity with passing, rounding and failing inputs; OCR
// repair with one, none and two candidates; the CLI's --strict and `check`.
#include "checks/checks.h"
#include "checks/internal.h"
#include "test_support.h"

#include <doctest/doctest.h>

using namespace juesuan;
using namespace juesuan::test;

namespace {

const std::string kPipeline = JUESUAN_PIPELINE_BIN;

Table table_of(TableKind kind, Json records) {
    Table t;
    t.kind = kind;
    t.title = to_string(kind);
    t.pages = {1};
    t.records = std::move(records);
    return t;
}

// Outcomes of the table's checks whose identity contains `part`.
std::vector<CheckOutcome> outcomes(const Table& t, const std::string& part) {
    std::vector<CheckOutcome> out;
    for (const auto& c : t.checks)
        if (c.identity.find(part) != std::string::npos) out.push_back(c.outcome);
    return out;
}

CheckOutcome only(const Table& t, const std::string& part) {
    const auto o = outcomes(t, part);
    REQUIRE(o.size() == 1);
    return o.front();
}

Table checked(Table t) {
    Document doc;
    doc.tables.push_back(std::move(t));
    check_document(doc);
    return doc.tables.front();
}

Json subject(const char* code, double total, double basic, Json project) {
    return {{"code", code ? Json(code) : Json(nullptr)}, {"name", code ? "x" : "合计"},
            {"total", total}, {"basic", basic}, {"project", project}};
}

}  // namespace

TEST_CASE("checks: outcome thresholds (尾差 within 0.01 per term)") {
    CHECK(check_outcome(10.00, 10.00, 2) == CheckOutcome::pass);
    CHECK(check_outcome(10.02, 10.00, 2) == CheckOutcome::rounding);
    CHECK(check_outcome(10.03, 10.00, 2) == CheckOutcome::fail);
    CHECK(check_outcome(10.01, 10.00, 1) == CheckOutcome::rounding);
}

TEST_CASE("checks: total = basic + project, passing, rounding and failing") {
    for (auto [project, want] : {std::pair{5.0, CheckOutcome::pass}, {5.02, CheckOutcome::rounding},
                                 {5.5, CheckOutcome::fail}}) {
        const Table t = checked(table_of(TableKind::general_budget_expenditure,
                                         Json::array({subject("2101101", 15.0, 10.0, project)})));
        CAPTURE(project);
        CHECK(only(t, "total = basic + project") == want);
        const Check& c = t.checks.front();
        CHECK(c.cells == std::vector<std::string>{"records[0].total", "records[0].basic", "records[0].project"});
        CHECK(c.found == 15.0);
    }
}

TEST_CASE("checks: blank cells count as 0; all-blank checks are skipped") {
    const Table t = checked(table_of(TableKind::general_budget_expenditure,
                                     Json::array({subject("2101101", 10.0, 10.0, nullptr),
                                                  {{"code", "2101102"}, {"name", "y"}, {"total", nullptr},
                                                   {"basic", nullptr}, {"project", nullptr}}})));
    CHECK(outcomes(t, "total = basic + project") == std::vector<CheckOutcome>{CheckOutcome::pass});
}

TEST_CASE("checks: income total = sum of the income-source columns") {
    auto row = [](double total, double other) {
        return Json{{"code", nullptr}, {"name", "合计"}, {"total", total}, {"fiscal_grant", 100.0},
                    {"superior_subsidy", nullptr}, {"business_income", 20.0}, {"operating_income", nullptr},
                    {"affiliated_remittance", nullptr}, {"other_income", other}};
    };
    CHECK(only(checked(table_of(TableKind::income_by_function, Json::array({row(125.0, 5.0)}))),
               "total = fiscal_grant") == CheckOutcome::pass);
    CHECK(only(checked(table_of(TableKind::income_by_function, Json::array({row(125.0, 4.97)}))),
               "total = fiscal_grant") == CheckOutcome::rounding);
    CHECK(only(checked(table_of(TableKind::income_by_function, Json::array({row(125.0, 0.5)}))),
               "total = fiscal_grant") == CheckOutcome::fail);
}

TEST_CASE("checks: 三公 total and vehicle subtotal") {
    auto table = [](double reception, double operation) {
        return table_of(TableKind::three_public,
                        Json::array({{{"item", "total"}, {"budget", 3.0}, {"actual", 2.0}},
                                     {{"item", "overseas_travel"}, {"budget", nullptr}, {"actual", nullptr}},
                                     {{"item", "vehicle_total"}, {"budget", 2.0}, {"actual", 1.5}},
                                     {{"item", "vehicle_purchase"}, {"budget", nullptr}, {"actual", nullptr}},
                                     {{"item", "vehicle_operation"}, {"budget", 2.0}, {"actual", operation}},
                                     {{"item", "reception"}, {"budget", 1.0}, {"actual", reception}}}));
    };
    const Table ok = checked(table(0.5, 1.5));
    CHECK(only(ok, "total = overseas_travel + vehicle_total + reception (actual)") == CheckOutcome::pass);
    CHECK(only(ok, "vehicle_total = vehicle_purchase + vehicle_operation (actual)") == CheckOutcome::pass);
    const Table round = checked(table(0.51, 1.49));
    CHECK(only(round, "total = overseas_travel + vehicle_total + reception (actual)") == CheckOutcome::rounding);
    CHECK(only(round, "vehicle_total = vehicle_purchase + vehicle_operation (actual)") == CheckOutcome::rounding);
    const Table bad = checked(table(0.9, 1.0));
    CHECK(only(bad, "total = overseas_travel + vehicle_total + reception (actual)") == CheckOutcome::fail);
    CHECK(only(bad, "vehicle_total = vehicle_purchase + vehicle_operation (actual)") == CheckOutcome::fail);
}

TEST_CASE("checks: hierarchy 类 = Σ款, 款 = Σ项, 合计 = Σ类") {
    auto table = [](double item2) {
        return table_of(TableKind::general_budget_expenditure,
                        Json::array({subject(nullptr, 30.0, 30.0, nullptr), subject("210", 30.0, 30.0, nullptr),
                                     subject("21011", 30.0, 30.0, nullptr), subject("2101101", 20.0, 20.0, nullptr),
                                     subject("2101102", item2, item2, nullptr)}));
    };
    const Table ok = checked(table(10.0));
    CHECK(only(ok, "subject 210 = sum of its sub-items (total)") == CheckOutcome::pass);
    CHECK(only(ok, "subject 21011 = sum of its sub-items (total)") == CheckOutcome::pass);
    CHECK(only(ok, "合计 = sum of the top-level subject rows (total)") == CheckOutcome::pass);
    CHECK(only(checked(table(9.98)), "subject 21011 = sum of its sub-items (basic)") == CheckOutcome::rounding);
    CHECK(only(checked(table(12.0)), "subject 21011 = sum of its sub-items (basic)") == CheckOutcome::fail);
}

TEST_CASE("checks: 合计 = sum of the printed rows where no parents are printed") {
    auto table = [](double total) {
        return table_of(TableKind::general_budget_expenditure,
                        Json::array({subject(nullptr, total, total, nullptr), subject("2101101", 20.0, 20.0, nullptr),
                                     subject("2101102", 10.0, 10.0, nullptr)}));
    };
    CHECK(only(checked(table(30.0)), "合计 = sum of the top-level subject rows (total)") == CheckOutcome::pass);
    CHECK(only(checked(table(30.02)), "合计 = sum of the top-level subject rows (total)") == CheckOutcome::rounding);
    CHECK(only(checked(table(31.0)), "合计 = sum of the top-level subject rows (total)") == CheckOutcome::fail);
}

TEST_CASE("checks: summary table 本年合计, 总计 and the two sides") {
    auto rec = [](const char* side, const char* item, Json amount) {
        return Json{{"side", side}, {"item", item}, {"label", item}, {"line", nullptr}, {"amount", amount}};
    };
    auto table = [&](double income_item, double closing) {
        return table_of(TableKind::income_expenditure_summary,
                        Json::array({rec("income", "一般公共预算财政拨款收入", income_item),
                                     rec("income", "事业收入", 10.0), rec("income", "本年收入合计", 110.0),
                                     rec("income", "年初结转和结余", 5.0), rec("income", "总计", 115.0),
                                     rec("expenditure", "卫生健康支出", 105.0), rec("expenditure", "本年支出合计", 105.0),
                                     rec("expenditure", "年末结转和结余", closing), rec("expenditure", "总计", 115.0)}));
    };
    const Table ok = checked(table(100.0, 10.0));
    CHECK(only(ok, "income: 本年合计 = sum of the items") == CheckOutcome::pass);
    CHECK(only(ok, "income: 总计 = 本年合计 + balances") == CheckOutcome::pass);
    CHECK(only(ok, "expenditure: 总计 = 本年合计 + balances") == CheckOutcome::pass);
    CHECK(only(ok, "income 总计 = expenditure 总计") == CheckOutcome::pass);
    CHECK(only(checked(table(99.99, 10.0)), "income: 本年合计 = sum of the items") == CheckOutcome::rounding);
    CHECK(only(checked(table(90.0, 10.0)), "income: 本年合计 = sum of the items") == CheckOutcome::fail);
    CHECK(only(checked(table(100.0, 10.01)), "expenditure: 总计 = 本年合计 + balances") == CheckOutcome::rounding);
    CHECK(only(checked(table(100.0, 12.0)), "expenditure: 总计 = 本年合计 + balances") == CheckOutcome::fail);
}

TEST_CASE("checks: basic-detail classes and 人员经费合计 / 公用经费合计") {
    auto rec = [](Json code, const char* group, double amount) {
        return Json{{"code", code}, {"name", "x"}, {"amount", amount}, {"group", group}};
    };
    auto table = [&](double item, double personnel_total) {
        return table_of(TableKind::general_budget_basic_detail,
                        Json::array({rec("301", "personnel", 30.0), rec("30101", "personnel", 20.0),
                                     rec("30102", "personnel", item), rec("303", "personnel", 5.0),
                                     rec("302", "public", 4.0), rec("30201", "public", 4.0),
                                     rec(nullptr, "personnel", personnel_total), rec(nullptr, "public", 4.0)}));
    };
    const Table ok = checked(table(10.0, 35.0));
    CHECK(only(ok, "class 301 = sum of its sub-items") == CheckOutcome::pass);
    CHECK(only(ok, "人员经费合计 = sum of its classes") == CheckOutcome::pass);
    CHECK(only(ok, "公用经费合计 = sum of its classes") == CheckOutcome::pass);
    CHECK(only(checked(table(10.01, 35.0)), "class 301 = sum of its sub-items") == CheckOutcome::rounding);
    CHECK(only(checked(table(10.0, 35.02)), "人员经费合计 = sum of its classes") == CheckOutcome::rounding);
    CHECK(only(checked(table(11.0, 36.0)), "class 301 = sum of its sub-items") == CheckOutcome::fail);
    CHECK(only(checked(table(10.0, 36.0)), "人员经费合计 = sum of its classes") == CheckOutcome::fail);
}

TEST_CASE("checks: 绩效自评表 scores within weights, 总分 against the sums, execution rate") {
    auto indicator = [](double weight, double score) {
        return Json{{"level1", "产出指标"}, {"level2", nullptr}, {"indicator", "x"}, {"target", nullptr},
                    {"actual", nullptr}, {"weight", weight}, {"score", score}, {"remark", nullptr}};
    };
    Table t = table_of(TableKind::performance_self_evaluation,
                       Json::array({indicator(50, 50), indicator(40, 45)}));  // 45 > 40
    t.fields = {{"budget_full_year", 55.04}, {"executed", 51.13}, {"execution_rate", 93.0},
                {"budget_weight", 10.0}, {"budget_score", 9.0}, {"total_score", 104.0}};
    t.body = {CellRow(3)};
    t.body[0][0].text = "总分";
    t.body[0][1].text = "100";
    t.body[0][2].text = "104";
    t = checked(t);
    CHECK(outcomes(t, "score <= weight") == std::vector{CheckOutcome::pass, CheckOutcome::fail});
    // 50 + 40 + 10 = 100 and 50 + 45 + 9 = 104, the budget row counted.
    CHECK(only(t, "总分 weight = sum(weight) + budget_weight") == CheckOutcome::pass);
    CHECK(only(t, "总分 score = sum(score) + budget_score") == CheckOutcome::pass);
    // 51.13 / 55.04 = 92.9%, printed as 93: within its rounding.
    CHECK(only(t, "execution_rate") == CheckOutcome::rounding);

    t.fields["execution_rate"] = 99.0;  // 51.13 / 55.04 is not 99%
    t.fields["total_score"] = 90.0;     // neither 95 nor 104
    t = checked(t);
    CHECK(only(t, "execution_rate") == CheckOutcome::fail);
    CHECK(only(t, "总分 score") == CheckOutcome::fail);
    // A form whose 总分 leaves the printed budget row out: the sum without it.
    t.fields["total_score"] = 95.0;
    t = checked(t);
    CHECK(only(t, "总分 score = sum(score)") == CheckOutcome::pass);
}

TEST_CASE("checks: cross-table reconciliation in the document's checks") {
    Document doc;
    doc.tables.push_back(table_of(TableKind::general_budget_expenditure,
                                  Json::array({subject(nullptr, 30.0, 20.0, 10.0)})));
    doc.tables.push_back(table_of(
        TableKind::general_budget_basic_detail,
        Json::array({{{"code", nullptr}, {"name", "人员经费合计"}, {"amount", 15.0}, {"group", "personnel"}},
                     {{"code", nullptr}, {"name", "公用经费合计"}, {"amount", 5.0}, {"group", "public"}}})));
    check_document(doc);
    REQUIRE(doc.checks.size() == 1);
    CHECK(doc.checks[0].outcome == CheckOutcome::pass);
    CHECK(doc.checks[0].cells.front() == "tables[0].records[0].basic");
    doc.tables[1].records[1]["amount"] = 6.0;
    check_document(doc);
    CHECK(doc.checks[0].outcome == CheckOutcome::fail);
    CHECK(doc.checks[0].expected == 21.0);
    CHECK(doc.checks[0].found == 20.0);
}

namespace {

// A one-page document: a text line "基本支出 <stated> 万元" above a
// general-budget table whose amount cells are words of the given source.
Document document_with_words(const std::vector<std::string>& amounts, WordSource source,
                             const std::string& stated = {}) {
    Document doc;
    Page page;
    page.number = 1;
    page.width = 600;
    page.height = 800;
    if (!stated.empty()) {
        for (const auto& [text, x] : {std::pair{std::string("基本支出"), 50.0}, {stated, 100.0}, {"万元", 140.0}})
            page.words.push_back(Word{text, {x, 50, x + 30, 60}, 10, WordSource::text_layer, 1.0});
    }
    Table t = table_of(TableKind::general_budget_expenditure, Json::array());
    const char* codes[] = {nullptr, "2101101", "2101102"};
    for (size_t r = 0; r < 3; ++r) {
        CellRow row;
        const double y = 200 + 20.0 * r;
        row.push_back(Cell{codes[r] ? codes[r] : "合计", {50, y, 100, y + 10}, 1});
        std::vector<double> values;
        for (size_t c = 0; c < 3; ++c) {
            const std::string& text = amounts[r * 3 + c];
            const Box box{200 + 80.0 * c, y, 260 + 80.0 * c, y + 10};
            row.push_back(Cell{text, box, 1});
            page.words.push_back(Word{text, box, 10, source, source == WordSource::ocr ? 0.8 : 1.0});
            values.push_back(std::strtod(text.c_str(), nullptr));
        }
        t.body.push_back(row);
        t.records.push_back(subject(codes[r], values[0], values[1], values[2]));
    }
    doc.pages.push_back(std::move(page));
    doc.tables.push_back(std::move(t));
    return doc;
}

size_t count(const std::vector<Check>& checks, CheckOutcome o) {
    return static_cast<size_t>(std::count_if(checks.begin(), checks.end(), [o](const Check& c) { return c.outcome == o; }));
}

}  // namespace

TEST_CASE("checks: OCR repair with exactly one candidate (8 read as 3)") {
    // 2101102 basic printed 8.00, OCR read 3.00: the row and the column both fail.
    Document doc = document_with_words({"30.00", "28.00", "2.00", "20.00", "20.00", "0.00", "10.00", "3.00", "2.00"},
                                       WordSource::ocr);
    check_document(doc);
    const Table& t = doc.tables.front();
    CHECK(t.records[2]["basic"] == 8.0);
    CHECK(count(t.checks, CheckOutcome::fail) == 0);
    CHECK(count(t.checks, CheckOutcome::repaired) >= 2);
    bool kept = false;
    for (const auto& c : t.checks)
        kept = kept || (c.outcome == CheckOutcome::repaired && c.repair == "records[2].basic: 3.00 -> 8.00 (OCR misread repaired)");
    CHECK(kept);
    CHECK(t.body[2][2].text == "3.00");  // the body stays as read
}

TEST_CASE("checks: OCR repair never touches text-layer values") {
    Document doc = document_with_words({"30.00", "28.00", "2.00", "20.00", "20.00", "0.00", "10.00", "3.00", "2.00"},
                                       WordSource::text_layer);
    check_document(doc);
    CHECK(doc.tables.front().records[2]["basic"] == 3.0);
    CHECK(count(doc.tables.front().checks, CheckOutcome::fail) >= 1);
    CHECK(count(doc.tables.front().checks, CheckOutcome::repaired) == 0);
}

TEST_CASE("checks: OCR repair with no candidate") {
    // 2.00 → 4.00 is no known confusion.
    Document doc = document_with_words({"30.00", "28.00", "2.00", "20.00", "20.00", "0.00", "10.00", "4.00", "2.00"},
                                       WordSource::ocr);
    check_document(doc);
    CHECK(doc.tables.front().records[2]["basic"] == 4.0);
    CHECK(count(doc.tables.front().checks, CheckOutcome::fail) >= 1);
    CHECK(count(doc.tables.front().checks, CheckOutcome::repaired) == 0);
}

TEST_CASE("checks: OCR repair with two candidates is left alone") {
    // One row, total 17.00 = 10.00 + 1.00: reading 17→11 (total) or 1→7
    // (project) both restore it, and nothing else tells them apart.
    Document doc;
    Page page;
    page.number = 1;
    Table t = table_of(TableKind::general_budget_expenditure, Json::array({subject("2101101", 17.0, 10.0, 1.0)}));
    CellRow row{Cell{"2101101", {50, 200, 100, 210}, 1}};
    const char* texts[] = {"17.00", "10.00", "1.00"};
    for (size_t c = 0; c < 3; ++c) {
        const Box box{200 + 80.0 * c, 200, 260 + 80.0 * c, 210};
        row.push_back(Cell{texts[c], box, 1});
        page.words.push_back(Word{texts[c], box, 10, WordSource::ocr, 0.8});
    }
    t.body.push_back(row);
    doc.pages.push_back(page);
    doc.tables.push_back(t);
    check_document(doc);
    CHECK(doc.tables.front().records[0]["total"] == 17.0);
    CHECK(doc.tables.front().records[0]["project"] == 1.0);
    CHECK(only(doc.tables.front(), "total = basic + project") == CheckOutcome::fail);
}

TEST_CASE("checks: a dropped decimal point is a confusion") {
    const auto v = checks::confusion_variants("94584");
    CHECK(std::find(v.begin(), v.end(), 945.84) != v.end());
}

TEST_CASE("checks: narrative amounts are attached to the table value and checked") {
    Document ok = document_with_words({"30.00", "28.00", "2.00", "20.00", "20.00", "0.00", "10.00", "8.00", "2.00"},
                                      WordSource::text_layer, "28.00");
    check_document(ok);
    REQUIRE(ok.checks.size() == 1);
    CHECK(ok.checks[0].outcome == CheckOutcome::pass);
    CHECK(ok.checks[0].cells == std::vector<std::string>{"text:p1", "tables[0].records[0].basic"});
    Document bad = document_with_words({"30.00", "28.00", "2.00", "20.00", "20.00", "0.00", "10.00", "8.00", "2.00"},
                                       WordSource::text_layer, "27.00");
    check_document(bad);
    REQUIRE(bad.checks.size() == 1);
    CHECK(bad.checks[0].outcome == CheckOutcome::fail);
    CHECK(bad.checks[0].found == 27.0);
    CHECK(bad.checks[0].expected == 28.0);
}

TEST_CASE("cli: run --strict prints the check summary; check re-runs the checks and fails on a failed one") {
    const auto pdfs = fixture_pdfs();
    if (pdfs.empty()) return;
    TempDir tmp;
    const fs::path out = tmp.path() / "out";
    const fs::path pdf = pdfs.front();
    const auto r = run_command({kPipeline, "run", "--strict", pdf.string(), "-o", out.string()});
    CHECK(r.exit == 0);
    CHECK(r.out.find(" rounding / 0 failed / ") != std::string::npos);
    const fs::path json = out / (pdf.stem().string() + ".json");
    REQUIRE(fs::is_regular_file(json));

    const auto ok = run_command({kPipeline, "check", json.string()});
    CHECK(ok.exit == 0);
    CHECK(ok.out.find("0 failed") != std::string::npos);

    // Break one identity in the written records: `check` finds it.
    auto j = nlohmann::ordered_json::parse(read_text(json));
    bool broken = false;
    for (auto& t : j["tables"]) {
        if (broken || t["kind"] != "general_budget_expenditure" || t["records"].empty()) continue;
        t["records"][0]["total"] = t["records"][0]["total"].get<double>() + 100;
        broken = true;
    }
    REQUIRE(broken);
    const fs::path bad = tmp.path() / "bad.json";
    write_text(bad, j.dump(1));
    const auto failed = run_command({kPipeline, "check", bad.string()});
    CHECK(failed.exit == 9);
    CHECK(failed.out.find("FAIL") != std::string::npos);
}
