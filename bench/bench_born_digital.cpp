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
#include "emit/emit.h"
#include "pipeline/config.h"
#include "pipeline/runner.h"

#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

extern char** environ;

namespace fs = std::filesystem;
using namespace juesuan;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

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
    std::vector<std::string> args{"pdftotext", "-layout", "-q", pdf, "/dev/null"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const auto start = Clock::now();
    pid_t pid = 0;
    if (posix_spawnp(&pid, "pdftotext", nullptr, nullptr, argv.data(), environ) != 0) return -1;
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) return -1;
    const double took = seconds_since(start);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? took : -1;
}

int usage(const char* message) {
    if (message) std::fprintf(stderr, "bench_born_digital: %s\n", message);
    std::fprintf(stderr, "usage: bench_born_digital [-n REPS] [--config FILE] [PDF...]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    int reps = 5;
    std::string config_path;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "-h" || a == "--help") {
            usage(nullptr);
            return 0;
        } else if (a == "-n" && i + 1 < argc) {
            reps = std::atoi(argv[++i]);
            if (reps < 1) return usage("-n needs a positive number");
        } else if (a == "--config" && i + 1 < argc) {
            config_path = argv[++i];
        } else if (!a.empty() && a[0] == '-') {
            return usage(("unknown option " + a).c_str());
        } else {
            files.push_back(a);
        }
    }
    if (files.empty()) {
        const fs::path dir = fs::path(JUESUAN_SOURCE_DIR) / "fixtures";
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(dir, ec))
            if (e.is_regular_file() && e.path().extension() == ".pdf") files.push_back(e.path().string());
        std::sort(files.begin(), files.end());
        if (files.empty()) return usage("no PDF given and no fixtures/*.pdf found");
    }

    Options options;
    const std::string config =
        config_path.empty() ? (fs::path(JUESUAN_SOURCE_DIR) / "pipeline.yaml").string() : config_path;
    if (!config_path.empty() || fs::exists(config)) {
        if (const Status st = load_config(config, options); !st.ok()) {
            std::fprintf(stderr, "bench_born_digital: %s\n", st.message.c_str());
            return 2;
        }
    }

    std::string tmpl = (fs::temp_directory_path() / "juesuan-bench-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) {
        std::fprintf(stderr, "bench_born_digital: cannot create a temporary directory\n");
        return 1;
    }
    const fs::path out_dir = tmpl;

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
        fs::remove_all(out_dir);
        return 1;
    }
    for (int r = 0; r < reps; ++r) {
        for (size_t f = 0; f < files.size(); ++f) {
            results[f].pipeline_seconds += time_pipeline(files[f], options, out_dir, results[f], &split);
            results[f].pdftotext_seconds += time_pdftotext(files[f]);
        }
    }
    std::error_code ec;
    fs::remove_all(out_dir, ec);

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
