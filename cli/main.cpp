// pipeline: command line of juesuan.
//   pipeline run INPUT... -o OUTDIR [--config FILE] [--stop-after STAGE]
#include "emit/emit.h"
#include "pipeline/config.h"
#include "pipeline/runner.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace fs = std::filesystem;
using namespace juesuan;

namespace {

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

// Writes text to path atomically (temp file + rename).
bool write_atomically(const fs::path& path, const std::string& text) {
    const fs::path tmp = path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary);
        if (!out) return false;
        out << text;
        if (!out.flush()) return false;
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    return !ec;
}

int run_command(const std::vector<std::string>& inputs, const std::string& out_dir,
                const std::string& config_path, const std::string& stop_after, bool timings,
                bool quiet) {
    Options options;
    if (auto st = resolve_config(config_path, options); !st.ok()) {
        std::cerr << "pipeline: error: " << st.message << "\n";
        return static_cast<int>(st.code);
    }
    if (!stop_after.empty()) {
        const auto names = stage_names();
        if (std::find(names.begin(), names.end(), stop_after) == names.end()) {
            std::cerr << "pipeline: error: --stop-after: unknown stage '" << stop_after << "'\n";
            return static_cast<int>(ErrorCode::usage);
        }
    }
    std::error_code ec;
    fs::create_directories(out_dir, ec);
    if (ec) {
        std::cerr << "pipeline: error: " << out_dir << ": cannot create output directory: "
                  << ec.message() << "\n";
        return static_cast<int>(ErrorCode::output_failed);
    }
    int exit_code = 0;
    int converted = 0;
    for (const auto& input : inputs) {
        Document doc;
        doc.path = input;
        RunResult run = run_pipeline(doc, options, stop_after);
        Status st = run.status;
        if (st.ok() && !stop_after.empty()) {
            const fs::path dump = fs::path(out_dir) / (fs::path(input).stem().string() + ".model.json");
            if (!write_atomically(dump, to_model_json(doc).dump(1)))
                st = Status::failure(ErrorCode::output_failed, dump.string() + ": cannot write");
            else if (!quiet)
                std::cout << input << ": model after '" << stop_after << "' -> " << dump.string() << "\n";
        } else if (st.ok()) {
            EmitResult emitted;
            st = emit_document(doc, out_dir, options.emit, &emitted);
            if (st.ok() && !quiet) {
                size_t records = 0;
                for (const auto& t : doc.tables) records += t.records.size();
                std::cout << input << ": " << doc.tables.size() << " tables, " << records
                          << " records -> " << emitted.json_path.string() << ", "
                          << emitted.csv_dir.string() << "/\n";
            }
        }
        if (timings) {
            std::cerr << input << ":";
            for (const auto& t : run.timings) std::fprintf(stderr, " %s %.3fs", t.stage.c_str(), t.seconds);
            std::cerr << "\n";
        }
        if (!st.ok()) {
            std::cerr << "pipeline: error: " << st.message << "\n";
            if (exit_code == 0) exit_code = static_cast<int>(st.code);
        } else {
            ++converted;
        }
    }
    if (inputs.size() > 1 && !quiet)
        std::cout << converted << " of " << inputs.size() << " inputs converted\n";
    return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"juesuan: Chinese final-account reports (决算) to JSON and CSV"};
    app.require_subcommand(1);
    app.set_version_flag("--version", JUESUAN_VERSION);

    auto* run = app.add_subcommand("run", "convert reports (PDF) to JSON and CSV");
    std::vector<std::string> inputs;
    std::string out_dir, config_path, stop_after;
    bool timings = false, quiet = false;
    run->add_option("inputs", inputs, "input PDF files")->required();
    run->add_option("-o,--output", out_dir, "output directory")->required();
    run->add_option("--config", config_path, "settings file (default: pipeline.yaml)");
    run->add_option("--stop-after", stop_after,
                    "stop after this stage and write OUTDIR/<stem>.model.json");
    run->add_flag("--timings", timings, "print seconds per stage to stderr");
    run->add_flag("-q,--quiet", quiet, "print only errors");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? 0 : static_cast<int>(ErrorCode::usage);
    }
    if (*run) return run_command(inputs, out_dir, config_path, stop_after, timings, quiet);
    return static_cast<int>(ErrorCode::usage);
}
