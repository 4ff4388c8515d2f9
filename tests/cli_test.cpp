// cli/: the built `pipeline` binary, as a user runs it.
#include "test_support.h"

#include <doctest/doctest.h>

using namespace juesuan::test;

namespace {

const std::string kPipeline = JUESUAN_PIPELINE_BIN;

std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        out.push_back(fs::relative(e.path(), dir).generic_string());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("cli: one good and one bad input") {
    const auto pdfs = fixture_pdfs();
    if (pdfs.empty()) return;
    TempDir tmp;
    const fs::path out = tmp.path() / "out";
    const fs::path good = pdfs.front();
    const fs::path bad = fixtures_dir() / "errors" / "not_a_pdf.pdf";
    REQUIRE(fs::exists(bad));
    const auto r = run_command({kPipeline, "run", bad.string(), good.string(), "-o", out.string()});

    // exit status of the (first) failure: not a PDF
    CHECK(r.exit == 4);
    // exactly one error line, naming the file and the cause
    CHECK(r.err == "pipeline: error: " + bad.string() + ": not a PDF file\n");
    // the good input converted: JSON and its CSV directory, named in stdout
    const fs::path json = out / (good.stem().string() + ".json");
    CHECK(fs::is_regular_file(json));
    CHECK(fs::is_directory(out / good.stem()));
    CHECK(r.out.find(json.string()) != std::string::npos);
    CHECK(r.out.find("1 of 2 inputs converted") != std::string::npos);
    const auto j = nlohmann::json::parse(read_text(json));
    CHECK(j["source"] == good.filename().string());
    CHECK(fs::directory_iterator(out / good.stem()) != fs::directory_iterator());
    // nothing at all for the bad input, and no temporaries
    for (const auto& name : names_in(out)) {
        CAPTURE(name);
        CHECK(name.find("not_a_pdf") == std::string::npos);
        CHECK(name.find(".partial") == std::string::npos);
        CHECK(name.find(".tmp") == std::string::npos);
    }
}

TEST_CASE("cli: every error kind is one line and its own exit status") {
    TempDir tmp;
    const fs::path out = tmp.path() / "out";
    const fs::path missing = tmp.path() / "missing.pdf";
    auto r = run_command({kPipeline, "run", missing.string(), "-o", out.string()});
    CHECK(r.exit == 3);
    CHECK(r.err == "pipeline: error: " + missing.string() + ": file not found\n");

    for (const auto& pdf : error_fixture_pdfs()) {
        CAPTURE(pdf);
        const fs::path expected_file = expected_error_path(pdf);
        if (!fs::exists(expected_file)) continue;  // golden_test reports it
        const ExpectedError want = read_expected_error(expected_file);
        const ScopedCwd cwd(source_dir());
        r = run_command({kPipeline, "run", repo_relative(pdf), "-o", out.string()});
        CHECK(r.exit == want.code);
        CHECK(r.err == "pipeline: error: " + want.message + "\n");
    }
    // failed inputs leave nothing behind but the run's failure log
    if (fs::exists(out)) CHECK(names_in(out) == std::vector<std::string>{"failures.jsonl"});
}

TEST_CASE("cli: help, usage errors and a bad configuration") {
    auto r = run_command({kPipeline, "--help"});
    CHECK(r.exit == 0);
    CHECK(r.out.find("run") != std::string::npos);
    r = run_command({kPipeline, "run", "--help"});
    CHECK(r.exit == 0);
    CHECK(r.out.find("--output") != std::string::npos);
    CHECK(r.out.find("--config") != std::string::npos);

    TempDir tmp;
    r = run_command({kPipeline});
    CHECK(r.exit == 2);
    r = run_command({kPipeline, "run", "x.pdf"});  // no -o
    CHECK(r.exit == 2);
    r = run_command({kPipeline, "run", "x.pdf", "-o", tmp.path().string(), "--stop-after", "nonsense"});
    CHECK(r.exit == 2);
    CHECK(r.err.find("nonsense") != std::string::npos);

    const fs::path config = tmp.path() / "bad.yaml";
    write_text(config, "layout:\n  no_such_threshold: 1\n");
    r = run_command({kPipeline, "run", "x.pdf", "-o", tmp.path().string(), "--config", config.string()});
    CHECK(r.exit == 2);
    CHECK(r.err.find("layout.no_such_threshold") != std::string::npos);
}

TEST_CASE("cli: --stop-after writes the model after that stage") {
    const auto pdfs = fixture_pdfs();
    if (pdfs.empty()) return;
    TempDir tmp;
    const fs::path& pdf = pdfs.front();
    const auto r = run_command({kPipeline, "run", pdf.string(), "-o", tmp.path().string(), "--stop-after",
                                "extract", "-q"});
    CHECK(r.exit == 0);
    CHECK(r.out.empty());  // -q
    const fs::path dump = tmp.path() / (pdf.stem().string() + ".model.json");
    REQUIRE(fs::is_regular_file(dump));
    const auto j = nlohmann::json::parse(read_text(dump));
    REQUIRE(j["pages"].is_array());
    REQUIRE_FALSE(j["pages"].empty());
    CHECK(j["pages"][0].contains("words"));
    CHECK(j["tables"].empty());  // stopped before layout
}

TEST_CASE("cli: two inputs with the same name would overwrite each other") {
    const auto pdfs = fixture_pdfs();
    if (pdfs.empty()) return;
    TempDir tmp;
    const fs::path copy_dir = tmp.path() / "copy";
    fs::create_directories(copy_dir);
    const fs::path copy = copy_dir / pdfs.front().filename();
    fs::copy_file(pdfs.front(), copy);
    const fs::path out = tmp.path() / "out";
    const auto r = run_command({kPipeline, "run", pdfs.front().string(), copy.string(), "-o", out.string()});
    CHECK(r.exit == 2);
    CHECK(r.err.rfind("pipeline: error: " + copy.string() + ": ", 0) == 0);
    CHECK(fs::is_regular_file(out / (pdfs.front().stem().string() + ".json")));
}

TEST_CASE("cli: --strict turns a printed total that does not add up into exit status 9") {
    // fixtures/checks/inconsistent_total.pdf: one table whose printed 合计 row
    // is not the sum of its rows (as real reports sometimes are).
    const fs::path pdf = fixtures_dir() / "checks" / "inconsistent_total.pdf";
    if (!fixture_exists(pdf)) return;
    const auto truth = nlohmann::json::parse(read_text(pdf.parent_path() / "inconsistent_total.expected.json"));
    REQUIRE(truth["tables"].size() == 1);
    const auto& want = truth["tables"][0];
    // What the report prints as 合计 and what its 类 rows (3-digit codes) add up to.
    double printed_total = 0, sum_of_classes = 0;
    for (const auto& rec : want["records"]) {
        if (rec["code"].is_null()) printed_total = rec["total"].get<double>();
        else if (rec["code"].get<std::string>().size() == 3) sum_of_classes += rec["total"].get<double>();
    }
    REQUIRE(printed_total != doctest::Approx(sum_of_classes));

    TempDir tmp;
    const fs::path out = tmp.path() / "out";
    const auto strict = run_command({kPipeline, "run", "--strict", pdf.string(), "-o", out.string()});
    CHECK(strict.exit == 9);
    // The output is written all the same, with the failed checks in it.
    const fs::path json = out / (pdf.stem().string() + ".json");
    REQUIRE(fs::is_regular_file(json));
    const auto j = nlohmann::json::parse(read_text(json));
    REQUIRE(j["tables"].size() == 1);
    CHECK(j["tables"][0]["kind"] == want["kind"]);
    size_t failed = 0;
    bool total_failed = false;
    for (const auto& c : j["tables"][0]["checks"]) {
        if (c["outcome"] != "fail") continue;
        ++failed;
        if (c["found"].get<double>() == doctest::Approx(printed_total) &&
            c["expected"].get<double>() == doctest::Approx(sum_of_classes))
            total_failed = true;
    }
    CHECK(total_failed);
    REQUIRE(failed > 0);
    // The input's summary line counts them; stderr says why the status is 9, in one line.
    const std::string count = std::to_string(failed);
    CHECK(strict.out.find(" rounding / " + count + " failed / ") != std::string::npos);
    CHECK(strict.err == "pipeline: error: " + pdf.string() + ": " + count + " checks failed (--strict)\n");

    // Without --strict a failed check is reported, not an error.
    const auto lenient = run_command({kPipeline, "run", "--force", pdf.string(), "-o", out.string()});
    CHECK(lenient.exit == 0);
    CHECK(lenient.err.empty());
    CHECK(lenient.out.find(" rounding / " + count + " failed / ") != std::string::npos);
}
