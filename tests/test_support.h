// Helpers shared by the test files: repository paths, fixture discovery
// (noting missing fixtures), temporary directories, JSON Schema validation
// (valijson), a readable line diff and the golden comparison. Tests only read
// the repository (JUESUAN_SOURCE_DIR), never anything outside it.
#pragma once

#include "model/options.h"
#include "pipeline/config.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace juesuan::test {

namespace fs = std::filesystem;

inline fs::path source_dir() { return fs::path(JUESUAN_SOURCE_DIR); }
inline fs::path fixtures_dir() { return source_dir() / "fixtures"; }
inline fs::path schemas_dir() { return source_dir() / "schemas"; }

inline bool update_golden() {
    const char* v = std::getenv("UPDATE_GOLDEN");
    return v && std::string(v) == "1";
}

// Files in dir whose name ends with ext, sorted by name (deterministic order).
inline std::vector<fs::path> files_with_extension(const fs::path& dir, const std::string& ext) {
    std::vector<fs::path> out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return out;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.is_regular_file() && e.path().extension() == ext) out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// The fixtures are generated (scripts/make_fixtures.py). A test that needs
// them returns early when they are missing, so the rest of the suite still
// runs; the helpers below then say so in the test's output (doctest MESSAGE).
inline void note_missing_fixture(const std::string& what) {
    MESSAGE("no " << what << " yet: run scripts/make_fixtures.py");
}

// The good fixture reports (fixtures/*.pdf) and the error fixtures
// (fixtures/errors/*.pdf); an empty list is noted.
inline std::vector<fs::path> fixture_pdfs() {
    auto pdfs = files_with_extension(fixtures_dir(), ".pdf");
    if (pdfs.empty()) note_missing_fixture("fixtures/*.pdf");
    return pdfs;
}
inline std::vector<fs::path> error_fixture_pdfs() {
    auto pdfs = files_with_extension(fixtures_dir() / "errors", ".pdf");
    if (pdfs.empty()) note_missing_fixture("fixtures/errors/*.pdf");
    return pdfs;
}

inline std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path.string() + ": cannot read");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

inline void write_text(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out.flush()) throw std::runtime_error(path.string() + ": cannot write");
}

// fixtures/errors/<stem>.expected_error: the expected one-line message (with
// the fixture's repository-relative path) and, on the second line, the
// expected exit code.
struct ExpectedError {
    std::string message;
    int code = 0;
};

inline fs::path expected_error_path(const fs::path& pdf) {
    return pdf.parent_path() / (pdf.stem().string() + ".expected_error");
}

inline ExpectedError read_expected_error(const fs::path& file) {
    const auto lines = split_lines(read_text(file));
    if (lines.size() < 2) throw std::runtime_error(file.string() + ": expected two lines");
    return {lines[0], std::stoi(lines[1])};
}

inline std::string expected_error_text(const ExpectedError& e) {
    return e.message + "\n" + std::to_string(e.code) + "\n";
}

// The path of a fixture relative to the repository root, as error messages
// print it when the pipeline runs from there.
inline std::string repo_relative(const fs::path& p) {
    return fs::relative(p, source_dir()).generic_string();
}

// Whether one fixture file exists; a missing one is noted.
inline bool fixture_exists(const fs::path& file) {
    if (fs::exists(file)) return true;
    note_missing_fixture(repo_relative(file));
    return false;
}

// The settings the CLI uses by default: the repository's pipeline.yaml.
inline Options repo_options() {
    Options options;
    const Status st = load_config((source_dir() / "pipeline.yaml").string(), options);
    if (!st.ok()) throw std::runtime_error(st.message);
    return options;
}

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
public:
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "juesuan-test-XXXXXX").string();
        if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

// Runs a scope in another working directory (error messages name inputs as
// given, so the error fixtures are run with repository-relative paths).
class ScopedCwd {
public:
    explicit ScopedCwd(const fs::path& dir) : old_(fs::current_path()) { fs::current_path(dir); }
    ~ScopedCwd() {
        std::error_code ec;
        fs::current_path(old_, ec);
    }
    ScopedCwd(const ScopedCwd&) = delete;
    ScopedCwd& operator=(const ScopedCwd&) = delete;

private:
    fs::path old_;
};

// Runs a command line (words quoted for the shell), capturing stdout and
// stderr separately; exit is the process exit status (-1 if it did not exit).
struct CommandResult {
    int exit = -1;
    std::string out;
    std::string err;
};

inline std::string shell_quote(const std::string& word) {
    std::string q = "'";
    for (char c : word) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

inline CommandResult run_command(const std::vector<std::string>& argv) {
    const TempDir err_dir;
    std::string cmd;
    for (const auto& a : argv) cmd += shell_quote(a) + " ";
    cmd += "2> " + shell_quote((err_dir.path() / "stderr").string());
    CommandResult r;
    std::FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) throw std::runtime_error("popen failed: " + cmd);
    char buf[4096];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
    const int status = ::pclose(p);
    r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.err = read_text(err_dir.path() / "stderr");
    return r;
}

// The repository's JSON Schemas, parsed with valijson. A "$ref" to another
// file ("three_public.schema.json#/...") is loaded from schemas/ as well.
class SchemaSet {
public:
    // Validates instance against schemas/<file>; returns the errors, one line
    // each ("<json path>: <reason>"); throws when the schema cannot be loaded.
    std::vector<std::string> validate(const nlohmann::json& instance, const std::string& file) {
        const valijson::Schema& schema = load(file);
        valijson::Validator validator;
        valijson::ValidationResults results;
        valijson::adapters::NlohmannJsonAdapter target(instance);
        std::vector<std::string> errors;
        if (!validator.validate(schema, target, &results)) {
            valijson::ValidationResults::Error error;
            while (results.popError(error)) {
                std::string context;
                for (const auto& c : error.context) context += c;
                errors.push_back(context + ": " + error.description);
            }
            if (errors.empty()) errors.push_back(file + ": invalid");
        }
        return errors;
    }

    bool has(const std::string& file) const { return fs::exists(schemas_dir() / file); }

private:
    const valijson::Schema& load(const std::string& file) {
        auto it = schemas_.find(file);
        if (it != schemas_.end()) return *it->second;
        const nlohmann::json doc = nlohmann::json::parse(read_text(schemas_dir() / file));
        auto schema = std::make_unique<valijson::Schema>();
        valijson::SchemaParser parser;
        valijson::adapters::NlohmannJsonAdapter adapter(doc);
        auto fetch = [](const std::string& uri) -> const nlohmann::json* {
            std::string name = uri.substr(0, uri.find('#'));
            name = fs::path(name).filename().string();
            auto* fetched = new nlohmann::json(nlohmann::json::parse(read_text(schemas_dir() / name)));
            // Give each file its own resolution scope: without one, valijson
            // mixes up the "#/definitions/..." of different files.
            if (!fetched->contains("$id")) (*fetched)["$id"] = name;
            return fetched;
        };
        auto free_doc = [](const nlohmann::json* d) { delete d; };
        parser.populateSchema(adapter, *schema, fetch, free_doc);
        return *schemas_.emplace(file, std::move(schema)).first->second;
    }

    std::map<std::string, std::unique_ptr<valijson::Schema>> schemas_;
};

// Validates one contract document: the whole against document.schema.json and
// every table against schemas/<kind>.schema.json. Errors name where they are.
inline std::vector<std::string> validate_contract(SchemaSet& schemas, const nlohmann::json& doc) {
    std::vector<std::string> errors;
    for (const auto& e : schemas.validate(doc, "document.schema.json"))
        errors.push_back("document.schema.json: " + e);
    if (!doc.contains("tables") || !doc["tables"].is_array()) return errors;
    for (size_t i = 0; i < doc["tables"].size(); ++i) {
        const auto& table = doc["tables"][i];
        const std::string kind = table.value("kind", std::string("?"));
        const std::string file = kind + ".schema.json";
        if (!schemas.has(file)) {
            errors.push_back("tables[" + std::to_string(i) + "]: no schema file schemas/" + file);
            continue;
        }
        for (const auto& e : schemas.validate(table, file))
            errors.push_back(file + " (tables[" + std::to_string(i) + "]): " + e);
    }
    return errors;
}

inline std::string join_lines(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}


// A unified-style diff of the first differing region of two texts: the common
// head and tail are skipped, the region between them is printed with
// `context` lines around it, at most max_lines lines of each side.
inline std::string line_diff(const std::string& expected, const std::string& actual,
                             const std::string& expected_name, const std::string& actual_name,
                             size_t context = 3, size_t max_lines = 40) {
    const auto a = split_lines(expected);
    const auto b = split_lines(actual);
    size_t head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
    if (head == a.size() && head == b.size()) return {};
    size_t tail = 0;
    while (tail < a.size() - head && tail < b.size() - head &&
           a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
        ++tail;
    const size_t from = head > context ? head - context : 0;
    const size_t a_end = std::min(a.size(), a.size() - tail + context);
    const size_t b_end = std::min(b.size(), b.size() - tail + context);
    std::ostringstream out;
    out << "--- " << expected_name << "\n+++ " << actual_name << "\n";
    out << "@@ -" << from + 1 << "," << a_end - from << " +" << from + 1 << "," << b_end - from
        << " @@\n";
    for (size_t i = from; i < head; ++i) out << " " << a[i] << "\n";
    // The changed lines of one side: between the common head and tail.
    auto side = [&](const std::vector<std::string>& lines, char mark) {
        const size_t end = lines.size() - tail;
        for (size_t i = head; i < end; ++i) {
            if (i - head == max_lines) {
                out << mark << " ... (" << end - i << " more lines)\n";
                break;
            }
            out << mark << lines[i] << "\n";
        }
    };
    side(a, '-');
    side(b, '+');
    for (size_t i = a.size() - tail; i < a_end; ++i) out << " " << a[i] << "\n";
    return out.str();
}

// fixtures/golden/<stem>.json: the JSON `pipeline run` wrote for a fixture
// when the output was last accepted.
inline fs::path golden_dir() { return fixtures_dir() / "golden"; }
inline fs::path golden_path(const fs::path& pdf) { return golden_dir() / (pdf.stem().string() + ".json"); }

// Compares the JSON written for fixture `pdf` with its golden, as JSON
// (formatting aside); on a difference shows a line diff of the two files as
// written (same key order, same indentation). UPDATE_GOLDEN=1 rewrites the
// golden instead.
inline void check_golden(const fs::path& pdf, const std::string& json_text) {
    const fs::path golden = golden_path(pdf);
    if (update_golden()) {
        write_text(golden, json_text);
        MESSAGE("wrote " << repo_relative(golden));
        return;
    }
    REQUIRE_MESSAGE(fs::exists(golden), repo_relative(golden) << " missing; run with UPDATE_GOLDEN=1");
    const std::string expected = read_text(golden);
    if (nlohmann::json::parse(expected) != nlohmann::json::parse(json_text))
        FAIL_CHECK("output differs from " << repo_relative(golden) << " (UPDATE_GOLDEN=1 accepts it)\n"
                                          << line_diff(expected, json_text, repo_relative(golden),
                                                       repo_relative(pdf) + " (now)"));
}

}  // namespace juesuan::test
