// End-to-end OCR tests on the OCR fixtures (fixtures/ocr/, written by
// scripts/make_fixtures.py; kept out of fixtures/*.pdf so the born-digital
// tests do not OCR them), through real Tesseract. Each report is converted
// once, as `pipeline run` does, and compared with its golden
// (fixtures/golden/<stem>.json; UPDATE_GOLDEN=1 rewrites it) and its truth:
//
// - broken_text_report.pdf: three tables of the ruled report whose fonts lost
//   their ToUnicode maps. The glyph map decodes the text layer: the tables
//   (kind, title) and every number of the records must equal the truth
//   (broken_text_report.expected.json), and at least kMinTextShare of the
//   text values. Not all: a glyph printed only in a few isolated cells (the
//   bold 合 of "合  计") is decoded as OCR reads it there, and a short
//   document gives the vote little to outvote a consistent misreading.
// - scanned_report.pdf: the same pages rasterised at 200 dpi, rotated about
//   1°, speckled, a red seal over a table, JPEG. A scan is not read
//   perfectly, so the bar is a share: every table of the truth must be found
//   (by kind), and at least kMinValueShare of the truth's record values (per
//   table kind, record position and field) must come out equal. The pipeline
//   read 246 of 255 (0.96) when this test was written, and the unit not
//   quite right (柯休.局 for 柯桥分局), so the unit is not held to the truth.
#include "emit/emit.h"
#include "model/text.h"
#include "pipeline/runner.h"
#include "test_support.h"

#include <doctest/doctest.h>

using namespace juesuan;
using namespace juesuan::test;

namespace {

constexpr double kMinValueShare = 0.85;
constexpr double kMinTextShare = 0.9;

fs::path ocr_fixtures_dir() { return fixtures_dir() / "ocr"; }

struct Converted {
    Document doc;
    nlohmann::json contract;  // the JSON `pipeline run` writes
    std::string json_text;
};

// Converts a fixture from the repository root with a relative path, so the
// golden (which names the input in messages) is the same on every machine.
Converted convert(const fs::path& pdf) {
    const ScopedCwd cwd(source_dir());
    Converted out;
    out.doc.path = repo_relative(pdf);
    const Options options = repo_options();
    REQUIRE(run_pipeline(out.doc, options).status.ok());
    TempDir tmp;
    EmitResult emitted;
    REQUIRE(emit_document(out.doc, tmp.path(), options.emit, &emitted).ok());
    out.json_text = read_text(emitted.json_path);
    out.contract = nlohmann::json::parse(out.json_text);
    return out;
}

// The table of the given kind in a contract JSON, or null.
const nlohmann::json* table_of_kind(const nlohmann::json& doc, const nlohmann::json& kind) {
    for (const auto& t : doc["tables"])
        if (t["kind"] == kind) return &t;
    return nullptr;
}

}  // namespace

TEST_CASE("ocr fixture: a broken text layer decodes to the truth") {
    const fs::path pdf = ocr_fixtures_dir() / "broken_text_report.pdf";
    if (!fixture_exists(pdf)) return;
    const auto truth = nlohmann::json::parse(read_text(ocr_fixtures_dir() / "broken_text_report.expected.json"));
    const Converted got = convert(pdf);
    check_golden(pdf, got.json_text);
    int decoded = 0;
    for (const auto& page : got.doc.pages)
        if (contains(page.source_reason, "OCR-learned glyph map")) ++decoded;
    CHECK(decoded >= 3);  // the cover may be too short to judge; every table page is decoded
    const auto& have = got.contract;
    CHECK(have["unit"] == truth["unit"]);
    CHECK(have["year"] == truth["year"]);
    REQUIRE(have["tables"].size() == truth["tables"].size());
    size_t texts = 0, texts_right = 0;
    for (size_t i = 0; i < truth["tables"].size(); ++i) {
        const auto& want = truth["tables"][i];
        const auto& table = have["tables"][i];
        CAPTURE(want["title"].get<std::string>());
        CHECK(table["kind"] == want["kind"]);
        CHECK(table["title"] == want["title"]);
        REQUIRE(table["records"].size() == want["records"].size());
        for (size_t r = 0; r < want["records"].size(); ++r) {
            CAPTURE(want["records"][r].dump());
            for (const auto& [field, value] : want["records"][r].items()) {
                CAPTURE(field);
                const auto got_value = table["records"][r].value(field, nlohmann::json());
                if (!value.is_string()) {
                    CHECK(got_value == value);
                    continue;
                }
                ++texts;
                if (got_value == value) ++texts_right;
            }
        }
    }
    REQUIRE(texts > 0);
    MESSAGE("broken text layer: " << texts_right << " of " << texts << " text values right");
    CHECK(static_cast<double>(texts_right) / static_cast<double>(texts) >= kMinTextShare);
}

TEST_CASE("ocr fixture: the scanned report reads most record values right") {
    const fs::path pdf = ocr_fixtures_dir() / "scanned_report.pdf";
    if (!fixture_exists(pdf)) return;
    const auto truth = nlohmann::json::parse(read_text(ocr_fixtures_dir() / "scanned_report.truth.json"));
    const Converted got = convert(pdf);
    check_golden(pdf, got.json_text);
    for (const auto& page : got.doc.pages) CHECK(page.source == WordSource::ocr);
    size_t values = 0, right = 0;
    for (const auto& want : truth["tables"]) {
        const nlohmann::json* have = table_of_kind(got.contract, want["kind"]);
        CHECK_MESSAGE(have, "table not found: " << want["kind"]);
        for (size_t r = 0; r < want["records"].size(); ++r) {
            for (const auto& [field, value] : want["records"][r].items()) {
                ++values;
                if (have && r < (*have)["records"].size() && (*have)["records"][r].value(field, nlohmann::json()) == value)
                    ++right;
            }
        }
    }
    REQUIRE(values > 0);
    MESSAGE("scanned fixture: " << right << " of " << values << " record values right");
    CHECK(static_cast<double>(right) / static_cast<double>(values) >= kMinValueShare);
}
