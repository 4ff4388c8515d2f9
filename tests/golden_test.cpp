// End-to-end golden tests: every fixtures/*.pdf through the whole pipeline
// (run_pipeline + emit, as `pipeline run` does) compared with
// fixtures/golden/<stem>.json, and every fixtures/errors/*.pdf compared with
// its fixtures/errors/<stem>.expected_error. UPDATE_GOLDEN=1 rewrites both.
//
// The pipeline runs from the repository root with repository-relative input
// paths, so messages (which name the input) are the same on every machine.
#include "emit/emit.h"
#include "pipeline/runner.h"
#include "test_support.h"

#include <doctest/doctest.h>

using namespace juesuan;
using namespace juesuan::test;

namespace {

// The JSON `pipeline run` writes for one input, or the failure.
struct Converted {
    Status status;
    std::string json_text;
    std::vector<std::string> csv_names;
};

Converted convert(const std::string& relative_input) {
    Converted out;
    Document doc;
    doc.path = relative_input;
    const Options options = repo_options();
    out.status = run_pipeline(doc, options).status;
    if (!out.status.ok()) return out;
    TempDir tmp;
    EmitResult emitted;
    out.status = emit_document(doc, tmp.path(), options.emit, &emitted);
    if (!out.status.ok()) return out;
    out.json_text = read_text(emitted.json_path);
    for (const auto& p : emitted.csv_paths) out.csv_names.push_back(p.filename().string());
    return out;
}

}  // namespace

TEST_CASE("golden: every fixture report converts to its golden JSON") {
    const auto pdfs = fixture_pdfs();
    if (pdfs.empty()) return;
    const ScopedCwd cwd(source_dir());
    SchemaSet schemas;
    // Before the lead adopts a golden set (fixtures/golden/ absent), only the
    // invariants below are checked; once it exists every fixture needs one.
    const bool goldens_adopted = fs::is_directory(golden_dir());
    for (const auto& pdf : pdfs) {
        const std::string input = repo_relative(pdf);
        CAPTURE(input);
        const Converted got = convert(input);
        REQUIRE_MESSAGE(got.status.ok(), got.status.message);

        // Invariants: valid against the schemas, one CSV per table, plus a
        // fields CSV per table with a header block (performance tables).
        const nlohmann::json j = nlohmann::json::parse(got.json_text);
        CHECK(j["source"] == pdf.filename().string());
        const auto errors = validate_contract(schemas, j);
        CHECK_MESSAGE(errors.empty(), join_lines(errors));
        size_t with_fields = 0;
        for (const auto& t : j["tables"]) with_fields += t.contains("fields") && t["fields"].is_object() && !t["fields"].empty();
        CHECK(got.csv_names.size() == j["tables"].size() + with_fields);
        CHECK_FALSE(j["tables"].empty());

        if (!goldens_adopted && !update_golden()) {
            MESSAGE("no fixtures/golden/ yet; create it with UPDATE_GOLDEN=1");
            continue;
        }
        check_golden(pdf, got.json_text);
    }
}

TEST_CASE("golden: every error fixture fails with its one-line message and exit code") {
    const auto pdfs = error_fixture_pdfs();
    if (pdfs.empty()) return;
    const ScopedCwd cwd(source_dir());
    for (const auto& pdf : pdfs) {
        const std::string input = repo_relative(pdf);
        CAPTURE(input);
        const Converted got = convert(input);
        REQUIRE_FALSE_MESSAGE(got.status.ok(), input << " converted but should fail");
        // One line, naming the file first.
        CHECK(got.status.message.find('\n') == std::string::npos);
        CHECK(got.status.message.rfind(input + ": ", 0) == 0);
        const ExpectedError now{got.status.message, static_cast<int>(got.status.code)};

        const fs::path expected_file = expected_error_path(pdf);
        if (update_golden()) {
            write_text(expected_file, expected_error_text(now));
            MESSAGE("wrote " << repo_relative(expected_file));
            continue;
        }
        REQUIRE_MESSAGE(fs::exists(expected_file),
                        repo_relative(expected_file) << " missing; run with UPDATE_GOLDEN=1");
        const ExpectedError want = read_expected_error(expected_file);
        CHECK(now.message == want.message);
        CHECK(now.code == want.code);
    }
}

TEST_CASE("golden: the pipeline is deterministic") {
    // Two runs of the same input give byte-identical JSON (goldens rely on it).
    const auto pdfs = fixture_pdfs();
    if (pdfs.empty()) return;
    const ScopedCwd cwd(source_dir());
    const std::string input = repo_relative(pdfs.front());
    const Converted a = convert(input);
    const Converted b = convert(input);
    REQUIRE_MESSAGE(a.status.ok(), a.status.message);
    CHECK(a.json_text == b.json_text);
}

TEST_CASE("line_diff shows the first differing lines with context") {
    const std::string a = "1\n2\n3\n4\n5\n6\n7\n8\n";
    const std::string b = "1\n2\n3\n4\nfive\n6\n7\n8\n";
    const std::string d = line_diff(a, b, "golden", "now", 1);
    CHECK(d == "--- golden\n+++ now\n@@ -4,3 +4,3 @@\n 4\n-5\n+five\n 6\n");
    CHECK(line_diff(a, a, "golden", "now").empty());
    // an added line at the end
    CHECK(line_diff("a\n", "a\nb\n", "x", "y", 3) == "--- x\n+++ y\n@@ -1,1 +1,2 @@\n a\n+b\n");
}
