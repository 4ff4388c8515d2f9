// emit/: JSON and CSV output, atomic replacement, and schema validity of what
// is written (valijson against schemas/document.schema.json and
// schemas/<kind>.schema.json).
#include "emit/emit.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <sys/resource.h>

#include <csignal>

using namespace juesuan;
using namespace juesuan::test;

namespace {

Cell cell(std::string text) { return Cell{std::move(text), Box{}, 1}; }

CellRow row(std::initializer_list<const char*> texts) {
    CellRow r;
    for (const char* t : texts) r.push_back(cell(t));
    return r;
}

// A small document as the stages leave it: one subject table with records
// (a computed amount with float noise, a blank amount, a code-less 合计 row)
// and one generic table whose cells need CSV quoting.
Document sample_document(const fs::path& path = "in/sample_report.pdf") {
    Document doc;
    doc.path = path.string();
    doc.source = path.filename().string();
    doc.unit = "某市某局";
    doc.year = 2023;

    Table t;
    t.kind = TableKind::expenditure_by_function;
    t.table_no = "04";
    t.title = "支出决算表";
    t.amount_unit = "万元";
    t.pages = {4, 5};
    t.header = {row({"项目", "", "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出",
                     "对附属单位补助支出"}),
                row({"科目编码", "科目名称", "", "", "", "", "", ""})};
    t.body = {row({"", "合计", "1,012.41", "897.41", "115.00", "", "", ""}),
              row({"201", "一般公共服务支出", "1,012.41", "897.41", "115.00", "", "", ""})};
    const double noisy = 897.11 + 0.1 + 0.2;  // 897.4100000000001 in binary floating point
    t.records = Json::array();
    for (const char* code : {"", "201"}) {
        Json rec;
        rec["code"] = *code ? Json(code) : Json(nullptr);
        rec["name"] = *code ? "一般公共服务支出" : "合计";
        rec["total"] = 1012.41;
        rec["basic"] = noisy;
        rec["project"] = 115.0;
        rec["remit_to_superior"] = nullptr;
        rec["operating"] = nullptr;
        rec["subsidy_to_affiliated"] = nullptr;
        t.records.push_back(rec);
    }
    t.checks.push_back({"total = basic + project", {"合计.basic", "合计.project"}, 1012.41,
                        noisy + 115.0, CheckOutcome::pass, {}});
    doc.tables.push_back(t);

    Table g;
    g.kind = TableKind::generic;
    g.title = "部门基本情况表";
    g.pages = {9, 9};
    g.header = {row({"项目", "说明"})};
    g.body = {row({"名称, 简称", "他说\"好\""}), row({"多行", "第一行\n第二行"}), row({"只有一格"})};
    g.notes = {"本表无数据的说明"};
    doc.tables.push_back(g);
    return doc;
}

// Entries of a directory (names), sorted.
std::vector<std::string> entries(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

nlohmann::json parse_file(const fs::path& p) { return nlohmann::json::parse(read_text(p)); }

// valijson works on nlohmann::json (not ordered_json): convert through text.
nlohmann::json plain(const Json& j) { return nlohmann::json::parse(j.dump()); }

}  // namespace

TEST_CASE("format_number prints amounts without float noise") {
    CHECK(format_number(897.11 + 0.1 + 0.2) == "897.41");
    CHECK(format_number(897.41) == "897.41");
    CHECK(format_number(0.1 + 0.2) == "0.3");
    CHECK(format_number(2.0) == "2");
    CHECK(format_number(-0.0) == "0");
    CHECK(format_number(-12.5) == "-12.5");
    CHECK(format_number(1234567.891) == "1234567.891");
    CHECK(format_number(12345678.9) == "12345678.9");
    CHECK(format_number(0.0001) == "0.0001");
    CHECK(format_number(1e-9) == "0");
}

TEST_CASE("table_csv: canonical field names, one row per record, null as empty") {
    const Document doc = sample_document();
    const std::string csv = table_csv(doc.tables[0]);
    CHECK(csv ==
          "code,name,total,basic,project,remit_to_superior,operating,subsidy_to_affiliated\r\n"
          ",合计,1012.41,897.41,115,,,\r\n"
          "201,一般公共服务支出,1012.41,897.41,115,,,\r\n");
}

TEST_CASE("table_csv: generic tables carry the body under col1..colN, RFC 4180 quoting") {
    const Document doc = sample_document();
    const std::string csv = table_csv(doc.tables[1]);
    CHECK(csv ==
          "col1,col2\r\n"
          "\"名称, 简称\",\"他说\"\"好\"\"\"\r\n"
          "多行,\"第一行\n第二行\"\r\n"
          "只有一格,\r\n");
}

TEST_CASE("table_csv: a kind table without records is its header row alone") {
    Table t;
    t.kind = TableKind::three_public;
    t.records = Json::array();
    const std::string csv = table_csv(t);
    // one line, ending the header
    CHECK(csv.find("\r\n") == csv.size() - 2);
}

TEST_CASE("emit_document writes OUTDIR/<stem>.json and OUTDIR/<stem>/<NN>_<kind>.csv") {
    TempDir tmp;
    const Document doc = sample_document();
    EmitResult result;
    const Status st = emit_document(doc, tmp.path(), EmitOptions{}, &result);
    REQUIRE_MESSAGE(st.ok(), st.message);

    CHECK(result.json_path == tmp.path() / "sample_report.json");
    CHECK(result.csv_dir == tmp.path() / "sample_report");
    CHECK(entries(tmp.path()) == std::vector<std::string>{"sample_report", "sample_report.json"});
    CHECK(entries(result.csv_dir) ==
          std::vector<std::string>{"01_expenditure_by_function.csv", "02_generic.csv"});
    REQUIRE(result.csv_paths.size() == 2);
    CHECK(read_text(result.csv_paths[0]) == table_csv(doc.tables[0]));
    CHECK(read_text(result.csv_paths[1]) == table_csv(doc.tables[1]));

    const std::string text = read_text(result.json_path);
    // UTF-8 as is, not \u escapes; no float noise
    CHECK(text.find("一般公共服务支出") != std::string::npos);
    CHECK(text.find("\\u") == std::string::npos);
    CHECK(text.find("897.4100") == std::string::npos);
    const nlohmann::json j = nlohmann::json::parse(text);
    CHECK(j["source"] == "sample_report.pdf");
    CHECK(j["unit"] == "某市某局");
    CHECK(j["year"] == 2023);
    REQUIRE(j["tables"].size() == 2);
    CHECK(j["tables"][0]["kind"] == "expenditure_by_function");
    CHECK(j["tables"][0]["pages"] == nlohmann::json::array({4, 5}));
    CHECK(j["tables"][0]["records"][1]["basic"].get<double>() == 897.41);
    CHECK(j["tables"][0]["records"][0]["code"].is_null());
    CHECK(j["tables"][1]["records"].empty());
    CHECK(j["tables"][1]["body"][1][1] == "第一行\n第二行");
    // apart from the rounding, the file is the contract JSON of the model
    CHECK(j == nlohmann::json::parse(document_json_text(doc, EmitOptions{})));
    CHECK(j.dump() != plain(to_contract_json(doc)).dump());  // the noise was really there
}

TEST_CASE("emit_document output validates against the JSON Schemas") {
    TempDir tmp;
    const Document doc = sample_document();
    EmitResult result;
    REQUIRE(emit_document(doc, tmp.path(), EmitOptions{}, &result).ok());
    SchemaSet schemas;
    if (!schemas.has("document.schema.json")) {
        MESSAGE("schemas/document.schema.json not written yet");
        return;
    }
    const nlohmann::json j = parse_file(result.json_path);
    const auto errors = validate_contract(schemas, j);
    CHECK_MESSAGE(errors.empty(), join_lines(errors));

    // The validation is not vacuous: a string amount and a missing field fail.
    nlohmann::json bad = j;
    bad["tables"][0]["records"][1]["total"] = "1012.41";
    CHECK_FALSE(validate_contract(schemas, bad).empty());
    bad = j;
    bad["tables"][0]["records"][1].erase("name");
    CHECK_FALSE(validate_contract(schemas, bad).empty());
    bad = j;
    bad.erase("tables");
    CHECK_FALSE(validate_contract(schemas, bad).empty());
}

TEST_CASE("emit_document replaces old output as a whole and leaves no temporaries") {
    TempDir tmp;
    Document doc = sample_document();
    REQUIRE(emit_document(doc, tmp.path(), EmitOptions{}).ok());
    write_text(tmp.path() / "sample_report" / "stray.csv", "left from an older run\n");

    doc.tables.pop_back();  // the generic table is gone in the new run
    doc.unit = "另一单位";
    EmitResult result;
    REQUIRE(emit_document(doc, tmp.path(), EmitOptions{}, &result).ok());
    CHECK(entries(tmp.path()) == std::vector<std::string>{"sample_report", "sample_report.json"});
    CHECK(entries(result.csv_dir) == std::vector<std::string>{"01_expenditure_by_function.csv"});
    CHECK(parse_file(result.json_path)["unit"] == "另一单位");
}

TEST_CASE("emit_document: a failed commit restores the old CSV directory") {
    TempDir tmp;
    const Document doc = sample_document();
    REQUIRE(emit_document(doc, tmp.path(), EmitOptions{}).ok());
    const std::string old_csv = read_text(tmp.path() / "sample_report" / "02_generic.csv");
    // Make the JSON rename fail: a non-empty directory occupies its name.
    fs::remove(tmp.path() / "sample_report.json");
    write_text(tmp.path() / "sample_report.json" / "keep.txt", "x");

    Document changed = doc;
    changed.tables.pop_back();
    const Status st = emit_document(changed, tmp.path(), EmitOptions{});
    CHECK(st.code == ErrorCode::output_failed);
    CHECK(st.message.rfind((tmp.path() / "sample_report.json").string() + ": ", 0) == 0);
    // old output intact, no temporary left
    CHECK(entries(tmp.path()) == std::vector<std::string>{"sample_report", "sample_report.json"});
    CHECK(read_text(tmp.path() / "sample_report" / "02_generic.csv") == old_csv);
    CHECK(fs::exists(tmp.path() / "sample_report.json" / "keep.txt"));
}

TEST_CASE("emit_document: a write error leaves no partial file and keeps old output") {
    TempDir tmp;
    const Document doc = sample_document();
    REQUIRE(emit_document(doc, tmp.path(), EmitOptions{}).ok());
    const std::string old_json = read_text(tmp.path() / "sample_report.json");

    // A real write failure: the file-size limit makes write() fail with EFBIG.
    Document bigger = doc;
    bigger.tables[1].body.assign(400, row({"一行很长的文字，足以超过限制", "x"}));
    struct sigaction ignore {}, old_action {};
    ignore.sa_handler = SIG_IGN;
    REQUIRE(sigaction(SIGXFSZ, &ignore, &old_action) == 0);
    rlimit old_limit{};
    REQUIRE(getrlimit(RLIMIT_FSIZE, &old_limit) == 0);
    rlimit small = old_limit;
    small.rlim_cur = 4096;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
    const Status st = emit_document(bigger, tmp.path(), EmitOptions{});
    setrlimit(RLIMIT_FSIZE, &old_limit);
    sigaction(SIGXFSZ, &old_action, nullptr);

    CHECK(st.code == ErrorCode::output_failed);
    CHECK(st.message.find("sample_report") != std::string::npos);
    CHECK(entries(tmp.path()) == std::vector<std::string>{"sample_report", "sample_report.json"});
    CHECK(read_text(tmp.path() / "sample_report.json") == old_json);
    CHECK(entries(tmp.path() / "sample_report") ==
          std::vector<std::string>{"01_expenditure_by_function.csv", "02_generic.csv"});
}

TEST_CASE("emit_document: an output directory that cannot be created") {
    TempDir tmp;
    write_text(tmp.path() / "file", "not a directory");
    const fs::path out = tmp.path() / "file" / "out";
    const Status st = emit_document(sample_document(), out, EmitOptions{});
    CHECK(st.code == ErrorCode::output_failed);
    CHECK(st.message.rfind(out.string() + ": ", 0) == 0);
    CHECK(entries(tmp.path()) == std::vector<std::string>{"file"});
}

TEST_CASE("emit_document honours emit.csv, emit.json and emit.json_indent") {
    TempDir tmp;
    const Document doc = sample_document();
    EmitOptions json_only;
    json_only.csv = false;
    json_only.json_indent = -1;
    EmitResult result;
    REQUIRE(emit_document(doc, tmp.path(), json_only, &result).ok());
    CHECK(entries(tmp.path()) == std::vector<std::string>{"sample_report.json"});
    CHECK(result.csv_dir.empty());
    CHECK(split_lines(read_text(result.json_path)).size() == 1);

    EmitOptions csv_only;
    csv_only.json = false;
    TempDir tmp2;
    REQUIRE(emit_document(doc, tmp2.path(), csv_only, &result).ok());
    CHECK(entries(tmp2.path()) == std::vector<std::string>{"sample_report"});
    CHECK(result.json_path.empty());
}

TEST_CASE("table_csv_name: 1-based position, two digits, kind") {
    Table t;
    t.kind = TableKind::three_public;
    CHECK(table_csv_name(t, 0) == "01_three_public.csv");
    CHECK(table_csv_name(t, 10) == "11_three_public.csv");
    CHECK(table_csv_name(t, 99) == "100_three_public.csv");
}

TEST_CASE("table_fields_csv: a performance table's header block as one row beside its records") {
    Table t;
    t.kind = TableKind::performance_self_evaluation;
    t.fields = Json::object();
    t.fields["project"] = "离休人员医药费";
    t.fields["total_score"] = 90.0;
    t.fields["goal"] = "保障, \"按时\"";
    CHECK(table_fields_csv(t) == "project,total_score,goal\r\n离休人员医药费,90,\"保障, \"\"按时\"\"\"\r\n");
    CHECK(table_fields_csv_name(t, 11) == "12_performance_self_evaluation.fields.csv");
    Table plain;
    plain.kind = TableKind::three_public;
    CHECK(table_fields_csv(plain).empty());
}
