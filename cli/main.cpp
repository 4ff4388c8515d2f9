// pipeline: command line of juesuan.
//   pipeline run INPUT... -o OUTDIR [--config FILE] [--stop-after STAGE] [--timings] [-q]
//
// Each input is converted on its own: a failed input gets one line on stderr,
// "pipeline: error: <file>: <cause>", and no output; the others are still
// converted. The exit status is 0 when every input converted, otherwise the
// ErrorCode (model/status.h) of the first failure.
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
    "table found; 7 damaged PDF or unreadable page; 8 output could not be written.\n"
    "With several failed inputs the status is that of the first failure.";

struct RunArgs {
    std::vector<std::string> inputs;
    std::string out_dir;
    std::string config_path;
    std::string stop_after;
    bool timings = false;
    bool quiet = false;
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

// Writes text to path atomically (temp file + rename).
Status write_atomically(const fs::path& path, const std::string& text) {
    const fs::path tmp = path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary);
        if (out) out << text;
        if (!out || !out.flush()) {
            std::error_code ignore;
            fs::remove(tmp, ignore);
            return Status::failure(ErrorCode::output_failed, path.string() + ": cannot write");
        }
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        std::error_code ignore;
        fs::remove(tmp, ignore);
        return Status::failure(ErrorCode::output_failed, path.string() + ": " + ec.message());
    }
    return Status::success();
}

// Converts one input; prints its result line unless quiet.
Status convert(const std::string& input, const RunArgs& args, const Options& options) {
    Document doc;
    doc.path = input;
    RunResult run;
    double emit_seconds = 0;
    Status st;
    try {
        run = run_pipeline(doc, options, args.stop_after);
        st = run.status;
        if (st.ok() && !args.stop_after.empty()) {
            const fs::path dump = fs::path(args.out_dir) / (fs::path(input).stem().string() + ".model.json");
            st = write_atomically(dump, to_model_json(doc).dump(1, ' ', false, Json::error_handler_t::replace));
            if (st.ok() && !args.quiet)
                std::cout << input << ": model after '" << args.stop_after << "' -> " << dump.string() << "\n";
        } else if (st.ok()) {
            EmitResult emitted;
            const auto start = std::chrono::steady_clock::now();
            st = emit_document(doc, args.out_dir, options.emit, &emitted);
            emit_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (st.ok() && !args.quiet) {
                size_t records = 0;
                for (const auto& t : doc.tables) records += t.records.size();
                std::cout << input << ": " << doc.tables.size() << " tables, " << records << " records";
                if (!emitted.json_path.empty()) std::cout << " -> " << emitted.json_path.string();
                if (!emitted.csv_dir.empty())
                    std::cout << (emitted.json_path.empty() ? " -> " : ", ") << emitted.csv_paths.size()
                              << " CSV in " << emitted.csv_dir.string() << "/";
                std::cout << "\n";
            }
        }
    } catch (const std::exception& e) {
        // A bug in a stage must not stop the other inputs.
        st = Status::failure(ErrorCode::unreadable_page, input + ": internal error: " + e.what());
    }
    if (args.timings) {
        std::cerr << input << ":";
        for (const auto& t : run.timings) std::fprintf(stderr, " %s %.3fs", t.stage.c_str(), t.seconds);
        if (emit_seconds > 0) std::fprintf(stderr, " emit %.3fs", emit_seconds);
        std::cerr << "\n";
    }
    return st;
}

int run_command(const RunArgs& args) {
    Options options;
    if (auto st = resolve_config(args.config_path, options); !st.ok()) {
        std::cerr << error_line({}, st.message) << "\n";
        return static_cast<int>(st.code);
    }
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
    std::error_code ec;
    fs::create_directories(args.out_dir, ec);
    if (ec) {
        std::cerr << "pipeline: error: " << args.out_dir << ": cannot create output directory: "
                  << ec.message() << "\n";
        return static_cast<int>(ErrorCode::output_failed);
    }
    int exit_code = 0;
    int converted = 0;
    std::map<std::string, std::string> stems;  // output stem → the input that claimed it
    for (const auto& input : args.inputs) {
        Status st;
        const std::string stem = fs::path(input).stem().string();
        if (auto [it, fresh] = stems.emplace(stem, input); !fresh) {
            // Two inputs named alike would overwrite each other's output.
            st = Status::failure(ErrorCode::usage, input + ": output name '" + stem +
                                                       "' already used by " + it->second);
        } else {
            st = convert(input, args, options);
        }
        if (!st.ok()) {
            std::cerr << error_line(input, st.message) << "\n";
            if (exit_code == 0) exit_code = static_cast<int>(st.code);
        } else {
            ++converted;
        }
    }
    if (args.inputs.size() > 1 && !args.quiet)
        std::cout << converted << " of " << args.inputs.size() << " inputs converted\n";
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
    run->add_option("inputs", args.inputs, "input PDF files")->required();
    run->add_option("-o,--output", args.out_dir, "output directory (created if missing)")->required();
    run->add_option("--config", args.config_path,
                    "settings file (default: $JUESUAN_CONFIG, else the repository's pipeline.yaml)");
    std::string stages;
    for (const auto& n : stage_names()) stages += (stages.empty() ? "" : ", ") + n;
    run->add_option("--stop-after", args.stop_after,
                    "stop after this stage (" + stages + ") and write OUTDIR/<stem>.model.json");
    run->add_flag("--timings", args.timings, "print seconds per stage to stderr");
    run->add_flag("-q,--quiet", args.quiet, "print only errors");
    run->footer(kExitCodes);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? 0 : static_cast<int>(ErrorCode::usage);
    }
    if (*run) return run_command(args);
    return static_cast<int>(ErrorCode::usage);
}
