// Batch benchmark (README: Batches): converts N documents made by repeating
// fixtures/*.pdf with --jobs 1 and --jobs 2 and prints documents/s, pages/s,
// peak memory and the speed-up; memory is printed at 50 documents and at N to
// show it does not grow with the batch. Each configuration runs in a forked
// child, so its peak RSS (wait4) is its own.
//   build/bench/bench_batch [-n DOCS] [PDF...]
#include "batch/batch.h"
#include "bench/bench_common.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace juesuan;
using namespace juesuan::bench;

namespace {

struct Figures {
    double seconds = 0;
    long pages = 0;
    long peak_kib = 0;
    bool ok = false;
};

Figures run_child(const std::vector<std::string>& inputs, int jobs, const fs::path& out, const Options& options) {
    Figures f;
    int pipe_fd[2];
    if (::pipe(pipe_fd) != 0) return f;
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(pipe_fd[0]);
        batch::BatchRequest request;
        request.inputs = inputs;
        request.out_dir = out.string();
        request.jobs = jobs;
        request.quiet = true;
        std::ostringstream sink_out, sink_err;
        fs::create_directories(out);
        const auto summary = batch::run_batch(request, options, sink_out, sink_err);
        const long pages = summary.exit_code == 0 ? summary.pages : -1;
        (void)!::write(pipe_fd[1], &pages, sizeof pages);
        ::_exit(0);
    }
    ::close(pipe_fd[1]);
    long pages = -1;
    (void)!::read(pipe_fd[0], &pages, sizeof pages);
    ::close(pipe_fd[0]);
    int status = 0;
    rusage usage{};
    ::wait4(pid, &status, 0, &usage);
    f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    f.pages = pages;
    f.peak_kib = usage.ru_maxrss;
    f.ok = WIFEXITED(status) && pages >= 0;
    return f;
}

}  // namespace

int main(int argc, char** argv) {
    int docs_given = 200;
    const CommandSpec spec{.program = "bench_batch",
                           .synopsis = "[-n DOCS] [PDF...]   (default: 200 copies of fixtures/*.pdf)",
                           .ints = {{"-n", &docs_given}},
                           .config = false};
    CommandLine cl = parse_command_line(argc, argv, spec);
    if (cl.exit >= 0) return cl.exit;
    const size_t docs = std::max(docs_given, 50);  // memory is printed at 50 documents and at DOCS
    std::vector<std::string>& pdfs = cl.files;
    if (pdfs.empty()) pdfs = fixture_pdfs();
    if (pdfs.empty()) {
        std::fprintf(stderr, "bench_batch: no PDF (run scripts/make_fixtures.py)\n");
        return 1;
    }
    Options options;
    if (!load_options(spec, {}, options)) return 1;
    const TempDir tmp_dir(spec);
    if (!tmp_dir.ok()) return 1;
    const fs::path& tmp = tmp_dir.path();
    std::vector<std::string> inputs;
    fs::create_directories(tmp / "in");
    for (size_t i = 0; i < docs; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "doc%04zu.pdf", i);
        fs::copy_file(pdfs[i % pdfs.size()], tmp / "in" / name, fs::copy_options::overwrite_existing);
        inputs.push_back((tmp / "in" / name).string());
    }
    std::printf("%zu documents from %zu fixture PDF(s), %u cores\n", docs, pdfs.size(),
                std::thread::hardware_concurrency());
    std::printf("%-6s %6s %8s %9s %9s %10s %12s\n", "jobs", "docs", "seconds", "docs/s", "pages/s", "peak MiB",
                "MiB/worker");
    // At -n 50 the two sizes are one: a second run would find its outputs up to date.
    std::vector<size_t> sizes{50};
    if (docs > 50) sizes.push_back(docs);
    double base_rate = 0;
    for (int jobs : {1, 2}) {
        for (size_t n : sizes) {
            const std::vector<std::string> slice(inputs.begin(), inputs.begin() + n);
            const Figures f = run_child(slice, jobs, tmp / ("out-" + std::to_string(jobs) + "-" + std::to_string(n)),
                                        options);
            if (!f.ok) {
                std::fprintf(stderr, "bench_batch: a conversion failed\n");
                return 1;
            }
            const double rate = n / f.seconds;
            std::printf("%-6d %6zu %8.2f %9.2f %9.1f %10.1f %12.1f\n", jobs, n, f.seconds, rate, f.pages / f.seconds,
                        f.peak_kib / 1024.0, f.peak_kib / 1024.0 / jobs);
            if (n == docs && jobs == 1) base_rate = rate;
            if (n == docs && jobs == 2 && base_rate > 0) std::printf("speed-up --jobs 2 vs 1: %.2fx\n", rate / base_rate);
        }
    }
    return 0;
}
