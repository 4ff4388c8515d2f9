// Accuracy on the project's own fixtures: every fixtures/<stem>.pdf that has a
// fixtures/<stem>.expected.json (the ground truth scripts/make_fixtures.py
// rendered) must yield exactly the expected unit, year, tables and records.
// Unlike the golden files, this truth is independent of the pipeline's output.
#include "pipeline/runner.h"
#include "test_support.h"

#include <doctest/doctest.h>

using namespace juesuan;
using namespace juesuan::test;

TEST_CASE("fixture truth: records equal what the fixture script rendered") {
    int checked = 0;
    for (const auto& pdf : fixture_pdfs()) {
        fs::path truth_path = pdf;
        truth_path.replace_extension(".expected.json");
        if (!fs::exists(truth_path)) continue;
        ++checked;
        CAPTURE(pdf.string());
        const auto truth = nlohmann::json::parse(read_text(truth_path));
        Document doc;
        doc.path = pdf.string();
        REQUIRE(run_pipeline(doc, repo_options()).status.ok());
        // Compare as plain JSON: field order and 2 vs 2.0 do not matter.
        const auto got = nlohmann::json::parse(to_contract_json(doc).dump());
        CHECK(got["unit"] == truth["unit"]);
        CHECK(got["year"] == truth["year"]);
        const auto& want_tables = truth["tables"];
        REQUIRE(got["tables"].size() == want_tables.size());
        for (size_t i = 0; i < want_tables.size(); ++i) {
            const auto& want = want_tables[i];
            const auto& have = got["tables"][i];
            CAPTURE(want["title"].get<std::string>());
            CHECK(have["kind"] == want["kind"]);
            CHECK(have["table_no"] == want["table_no"]);
            CHECK(have["title"] == want["title"]);
            CHECK(have["amount_unit"] == want["amount_unit"]);
            // 绩效自评表: the header block's fields, as far as the truth gives them.
            if (want.contains("fields"))
                for (const auto& [key, value] : want["fields"].items()) {
                    CAPTURE(key);
                    CHECK(have["fields"][key] == value);
                }
            REQUIRE(have["records"].size() == want["records"].size());
            for (size_t r = 0; r < want["records"].size(); ++r) {
                CAPTURE(want["records"][r].dump());
                CHECK(have["records"][r] == want["records"][r]);
            }
        }
    }
    if (checked == 0) MESSAGE("no fixtures/*.expected.json found");
}
