// bench_born_digital: seconds per page of the born-digital pipeline against
// `pdftotext -layout`, the practical lower bound for reading a text layer.
//
//   bench_born_digital [-n REPS] [--config FILE] [PDF...]
//
// For each repetition and file it times (a) the whole pipeline in-process,
// run_pipeline + emit into a temporary directory (what `pipeline run` does
// per input), and (b) `pdftotext -layout FILE /dev/null` as a subprocess,
// interleaved so both see the same machine state. One untimed warm-up round
// fills the page cache. Prints per file and in total: pages, mean wall seconds
// per page of each, their ratio; then the pipeline's per-stage time split.
// Default files: the repository's fixtures/*.pdf.
#include "bench/bench_common.h"
#include "emit/emit.h"
#include "pipeline/runner.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace juesuan;
using namespace juesuan::bench;

namespace {

struct FileResult {
    std::string path;
    int pages = 0;
    double pipeline_seconds = 0;   // summed over repetitions
    double pdftotext_seconds = 0;  // summed over repetitions
    std::string status = "ok";
};

// Stage name → seconds summed over every timed run, in first-seen order.
struct StageSplit {
    std::vector<std::string> order;
    std::map<std::string, double> seconds;
    void add(const std::string& stage, double s) {
        if (!seconds.count(stage)) order.push_back(stage);
        seconds[stage] += s;
    }
};

// Runs the pipeline as `pipeline run` does for one input; returns wall seconds.
double time_pipeline(const std::string& pdf, const Options& options, const fs::path& out_dir,
                     FileResult& result, StageSplit* split) {
    const auto start = Clock::now();
    Document doc;
    doc.path = pdf;
    RunResult run = run_pipeline(doc, options);
    double emit_seconds = 0;
    if (run.status.ok()) {
        const auto emit_start = Clock::now();
        const Status st = emit_document(doc, out_dir, options.emit);
        emit_seconds = seconds_since(emit_start);
        if (!st.ok()) run.status = st;
    }
    const double took = seconds_since(start);
    result.pages = static_cast<int>(doc.pages.size());
    if (!run.status.ok()) result.status = "error " + std::to_string(static_cast<int>(run.status.code));
    if (split) {
        for (const auto& t : run.timings) split->add(t.stage, t.seconds);
        split->add("emit", emit_seconds);
    }
    return took;
}

// Runs `pdftotext -layout pdf /dev/null`; returns wall seconds, or -1 when it
// cannot be run or fails.
double time_pdftotext(const std::string& pdf) {
    const auto start = Clock::now();
    const int code = run({"pdftotext", "-layout", "-q", pdf, "/dev/null"});
    const double took = seconds_since(start);
    return code == 0 ? took : -1;
}

}  // namespace

int main(int argc, char** argv) {
    int reps = 5;
    const CommandSpec spec{"bench_born_digital", "[-n REPS] [--config FILE] [PDF...]", {{"-n", &reps}}};
    CommandLine cl = parse_command_line(argc, argv, spec);
    if (cl.exit >= 0) return cl.exit;
    std::vector<std::string>& files = cl.files;
    if (files.empty()) files = fixture_pdfs();
    if (files.empty()) return usage(spec, "no PDF given and no fixtures/*.pdf found");

    Options options;
    if (!load_options(spec, cl.config_path, options)) return 2;

    const TempDir tmp_dir(spec);
    if (!tmp_dir.ok()) return 1;
    const fs::path& out_dir = tmp_dir.path();

    std::vector<FileResult> results(files.size());
    StageSplit split;
    bool pdftotext_ok = true;
    // Warm-up round (untimed): page cache, lazily loaded fonts and tables.
    for (size_t f = 0; f < files.size(); ++f) {
        results[f].path = files[f];
        time_pipeline(files[f], options, out_dir, results[f], nullptr);
        if (time_pdftotext(files[f]) < 0) pdftotext_ok = false;
    }
    if (!pdftotext_ok) {
        std::fprintf(stderr, "bench_born_digital: pdftotext -layout failed (is poppler-utils installed?)\n");
        return 1;
    }
    for (int r = 0; r < reps; ++r) {
        for (size_t f = 0; f < files.size(); ++f) {
            results[f].pipeline_seconds += time_pipeline(files[f], options, out_dir, results[f], &split);
            results[f].pdftotext_seconds += time_pdftotext(files[f]);
        }
    }

    size_t width = 5;
    for (const auto& r : results) width = std::max(width, r.path.size());
    std::printf("juesuan born-digital benchmark: %zu files, %d repetitions, mean wall seconds per page\n",
                files.size(), reps);
    std::printf("(pipeline: run_pipeline + emit in-process; pdftotext: `pdftotext -layout FILE /dev/null`)\n\n");
    std::printf("%-*s %6s %16s %17s %7s  %s\n", static_cast<int>(width), "file", "pages", "pipeline s/page",
                "pdftotext s/page", "ratio", "status");
    int total_pages = 0;
    double total_pipeline = 0, total_pdftotext = 0;
    for (const auto& r : results) {
        const double pages = std::max(1, r.pages);
        const double p = r.pipeline_seconds / reps / pages;
        const double t = r.pdftotext_seconds / reps / pages;
        std::printf("%-*s %6d %16.5f %17.5f %7.2f  %s\n", static_cast<int>(width), r.path.c_str(), r.pages, p,
                    t, t > 0 ? p / t : 0.0, r.status.c_str());
        total_pages += r.pages;
        total_pipeline += r.pipeline_seconds / reps;
        total_pdftotext += r.pdftotext_seconds / reps;
    }
    const double pages = std::max(1, total_pages);
    std::printf("%-*s %6d %16.5f %17.5f %7.2f\n", static_cast<int>(width), "total", total_pages,
                total_pipeline / pages, total_pdftotext / pages,
                total_pdftotext > 0 ? total_pipeline / total_pdftotext : 0.0);

    double all = 0;
    for (const auto& [stage, s] : split.seconds) all += s;
    std::printf("\npipeline time by stage (all timed runs):\n");
    for (const auto& stage : split.order) {
        const double s = split.seconds[stage];
        std::printf("  %-10s %9.4f s  %5.1f%%  %10.6f s/page\n", stage.c_str(), s,
                    all > 0 ? 100 * s / all : 0.0, s / reps / pages);
    }
    return 0;
}
