// pipeline: command line of juesuan.
//   pipeline run INPUT... -o OUTDIR [--config FILE] [--stop-after STAGE] [--timings] [-q]
//                [--from-list FILE] [--jobs N] [--force] [--emit long] [--shard K/N]
//                [--strict]
//   pipeline check OUT.json...
//   pipeline merge DIR... -o MERGED
//   pipeline load --postgres URL OUTDIR
//
// INPUT may be a directory (its *.pdf, recursive, sorted); batch/ converts the
// inputs in parallel and skips those already converted (batch/batch.h).
// Each input is converted on its own: a failed input gets one line on stderr,
// "pipeline: error: <file>: <cause>", and no output; the others are still
// converted. The exit status is 0 when every input converted, otherwise the
// ErrorCode (model/status.h) of the first failure.
#include "batch/batch.h"
#include "batch/postgres.h"
#include "checks/checks.h"
#include "emit/emit.h"
#include "pipeline/config.h"
#include "pipeline/runner.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

namespace fs = std::filesystem;
using namespace juesuan;

namespace {

constexpr const char* kExitCodes =
    "Exit status: 0 all inputs converted; 2 bad command line or configuration;\n"
    "3 input missing or unreadable; 4 not a PDF; 5 encrypted PDF; 6 no disclosure\n"
    "table found; 7 damaged PDF or unreadable page; 8 output could not be written;\n"
    "9 --strict and a check failed; 10 OCR needed but Tesseract or its language data\n"
    "unavailable.\n"
    "With several failed inputs the status is that of the first failure.";

struct RunArgs {
    std::vector<std::string> inputs;
    std::string out_dir;
    std::string config_path;
    std::string stop_after;
    bool timings = false;
    bool quiet = false;
    std::string from_list;
    int jobs = 0;
    bool force = false;
    std::string emit;
    std::string shard;
    std::string ocr;  // auto|always|never; empty: the configured mode
    bool strict = false;  // a failed check makes the exit status checks_failed
};

// Config search: --config, else $JUESUAN_CONFIG, else the repository's
// pipeline.yaml (whose values are also the compiled-in defaults).
Status resolve_config(const std::string& flag, Options& options) {
    if (!flag.empty()) return load_config(flag, options);
    if (const char* env = std::getenv("JUESUAN_CONFIG"); env && *env) return load_config(env, options);
    const fs::path repo_default = fs::path(JUESUAN_SOURCE_DIR) / "pipeline.yaml";
    std::error_code ec;
    if (fs::exists(repo_default, ec)) return load_config(repo_default.string(), options);
    return Status::success();
}

// Error lines are one line each, and always name the input first.
std::string error_line(const std::string& input, std::string message) {
    std::replace(message.begin(), message.end(), '\n', ' ');
    std::replace(message.begin(), message.end(), '\r', ' ');
    if (!input.empty() && message.rfind(input + ":", 0) != 0) message = input + ": " + message;
    return "pipeline: error: " + message;
}

// Reads a contract JSON written by `pipeline run` back into a Document.
Status load_output(const fs::path& path, Document& doc) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::failure(ErrorCode::missing_input, path.string() + ": cannot read");
    Json json = Json::parse(in, nullptr, false);
    if (json.is_discarded()) return Status::failure(ErrorCode::usage, path.string() + ": not JSON");
    return document_from_contract_json(json, doc);
}

int run_command(const RunArgs& args) {
    Options options;
    if (auto st = resolve_config(args.config_path, options); !st.ok()) {
        std::cerr << error_line({}, st.message) << "\n";
        return static_cast<int>(st.code);
    }
    if (!args.ocr.empty()) options.extract.ocr = *ocr_mode_from_string(args.ocr);
    if (!args.stop_after.empty()) {
        const auto names = stage_names();
        if (std::find(names.begin(), names.end(), args.stop_after) == names.end()) {
            std::string list;
            for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
            std::cerr << "pipeline: error: --stop-after: unknown stage '" << args.stop_after
                      << "' (stages: " << list << ")\n";
            return static_cast<int>(ErrorCode::usage);
        }
    }
    batch::Shard shard;
    if (!args.shard.empty()) {
        const auto parsed = batch::parse_shard(args.shard);
        if (!parsed) {
            std::cerr << "pipeline: error: --shard: expected K/N with 0 <= K < N, got '" << args.shard << "'\n";
            return static_cast<int>(ErrorCode::usage);
        }
        shard = *parsed;
    }
    std::error_code ec;
    fs::create_directories(args.out_dir, ec);
    if (ec) {
        std::cerr << "pipeline: error: " << args.out_dir << ": cannot create output directory: "
                  << ec.message() << "\n";
        return static_cast<int>(ErrorCode::output_failed);
    }
    batch::BatchRequest request;
    if (auto st = batch::expand_inputs(args.inputs, args.from_list, shard, request.inputs); !st.ok()) {
        std::cerr << error_line({}, st.message) << "\n";
        return static_cast<int>(st.code);
    }
    request.out_dir = args.out_dir;
    request.stop_after = args.stop_after;
    request.jobs = args.jobs;
    request.force = args.force;
    request.long_format = args.emit == "long";
    request.timings = args.timings;
    request.quiet = args.quiet;
    int exit_code = batch::run_batch(request, options, std::cout, std::cerr).exit_code;
    if (args.strict && request.stop_after.empty()) {
        // The outputs are written either way; --strict only turns a failed check
        // into a non-zero exit status.
        for (const auto& input : request.inputs) {
            const fs::path json = fs::path(args.out_dir) / (fs::path(input).stem().string() + ".json");
            Document doc;
            doc.path = json.string();
            if (!load_output(json, doc).ok()) continue;  // a failed input has reported already
            check_document(doc);  // an output skipped as up to date is checked as it stands
            const CheckCounts counts = count_checks(doc);
            if (counts.fail == 0) continue;
            std::cerr << error_line(input, std::to_string(counts.fail) + " checks failed (--strict)") << "\n";
            if (exit_code == 0) exit_code = static_cast<int>(ErrorCode::checks_failed);
        }
    }
    return exit_code;
}

// pipeline check OUT.json...: re-runs the checks on outputs of `pipeline run`
// (the records as written; narrative checks are kept, as the output holds no
// words) and prints the summary line and every failed check.
int check_command(const std::vector<std::string>& files, bool quiet) {
    int exit_code = 0;
    for (const auto& file : files) {
        Document doc;
        doc.path = file;
        if (auto st = load_output(file, doc); !st.ok()) {
            std::cerr << error_line(file, st.message) << "\n";
            if (exit_code == 0) exit_code = static_cast<int>(st.code);
            continue;
        }
        check_document(doc);
        const CheckCounts n = count_checks(doc);
        if (!quiet) {
            std::cout << file << ": " << n.tables << " tables, " << n.records << " records, checks " << n.pass
                      << " passed / " << n.rounding << " rounding / " << n.fail << " failed / " << n.repaired
                      << " repaired\n";
            auto print = [&](const std::string& where, const std::vector<Check>& checks) {
                for (const auto& c : checks) {
                    if (c.outcome != CheckOutcome::fail) continue;
                    char buf[96];
                    std::snprintf(buf, sizeof buf, " expected %.2f found %.2f", c.expected, c.found);
                    std::cout << "  FAIL " << where << c.identity << ":" << buf << "\n";
                }
            };
            for (const auto& t : doc.tables) print(t.title + ": ", t.checks);
            print("document: ", doc.checks);
        }
        if (n.fail > 0 && exit_code == 0) exit_code = static_cast<int>(ErrorCode::checks_failed);
    }
    return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"juesuan: Chinese public-body final-account reports (决算) to JSON and CSV"};
    app.require_subcommand(1);
    app.set_version_flag("--version", JUESUAN_VERSION);
    app.footer(kExitCodes);

    RunArgs args;
    auto* run = app.add_subcommand(
        "run", "convert reports (PDF) to OUTDIR/<stem>.json and OUTDIR/<stem>/<NN>_<kind>.csv");
    run->add_option("inputs", args.inputs, "input PDF or image (PNG/JPEG/TIFF) files, or directories (their *.pdf, recursive)");
    run->add_option("--from-list", args.from_list, "also convert the files listed in FILE, one per line");
    run->add_option("-j,--jobs", args.jobs, "documents converted in parallel (default: number of cores)")
        ->check(CLI::NonNegativeNumber);
    run->add_option("--ocr", args.ocr, "OCR pages: auto (no or garbage text layer), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    run->add_flag("--force", args.force, "reconvert documents whose output is up to date");
    run->add_option("--emit", args.emit, "long: also write facts/documents/checks .csv and .jsonl")
        ->check(CLI::IsMember({"long"}));
    run->add_option("--shard", args.shard, "convert only slice K of N (inputs whose index % N == K)");
    run->add_option("-o,--output", args.out_dir, "output directory (created if missing)")->required();
    run->add_option("--config", args.config_path,
                    "settings file (default: $JUESUAN_CONFIG, else the repository's pipeline.yaml)");
    std::string stages;
    for (const auto& n : stage_names()) stages += (stages.empty() ? "" : ", ") + n;
    run->add_option("--stop-after", args.stop_after,
                    "stop after this stage (" + stages + ") and write OUTDIR/<stem>.model.json");
    run->add_flag("--timings", args.timings, "print seconds per stage to stderr");
    run->add_flag("-q,--quiet", args.quiet, "print only errors");
    run->add_flag("--strict", args.strict, "exit with status 9 when a check fails (outputs are still written)");
    run->footer(kExitCodes);

    std::vector<std::string> check_files;
    bool check_quiet = false;
    auto* check = app.add_subcommand("check", "re-run the checks on outputs of pipeline run (exit 9 if one fails)");
    check->add_option("files", check_files, "OUTDIR/<stem>.json files")->required();
    check->add_flag("-q,--quiet", check_quiet, "print only errors");

    std::vector<std::string> merge_dirs;
    std::string merge_out;
    auto* merge = app.add_subcommand("merge", "combine the long-format files of shard output directories");
    merge->add_option("dirs", merge_dirs, "output directories of pipeline run --emit long")->required();
    merge->add_option("-o,--output", merge_out, "directory for the merged long-format files")->required();

    std::string pg_url, load_dir;
    auto* load = app.add_subcommand("load", "load a long-format set into PostgreSQL (schemas/warehouse.sql)");
    load->add_option("--postgres", pg_url, "libpq connection URL, e.g. postgresql://user@host/db")->required();
    load->add_option("dir", load_dir, "output directory of pipeline run --emit long")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? 0 : static_cast<int>(ErrorCode::usage);
    }
    if (*run) {
        if (args.inputs.empty() && args.from_list.empty()) {
            std::cerr << "pipeline: error: run: no input (give files, directories or --from-list)\n";
            return static_cast<int>(ErrorCode::usage);
        }
        return run_command(args);
    }
    if (*check) return check_command(check_files, check_quiet);
    if (*merge) {
        if (auto st = batch::merge_long_format(merge_dirs, merge_out); !st.ok()) {
            std::cerr << error_line({}, st.message) << "\n";
            return static_cast<int>(st.code);
        }
        return 0;
    }
    if (*load) {
        batch::LoadSummary loaded;
        if (auto st = batch::load_postgres(pg_url, load_dir, &loaded); !st.ok()) {
            std::cerr << error_line({}, st.message) << "\n";
            return static_cast<int>(st.code);
        }
        std::cout << "loaded " << loaded.documents << " documents, " << loaded.facts << " facts, "
                  << loaded.checks << " checks\n";
        return 0;
    }
    return static_cast<int>(ErrorCode::usage);
}
