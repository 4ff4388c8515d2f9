// bench_ocr: seconds per scanned page of `pipeline run` with --jobs 1 and
// --jobs 2, against the plain Tesseract command line on the same pages.
//
//   bench_ocr [-n PAGES] [-r REPS] [--config FILE] [PDF|PNG|JPEG|TIFF...]
//
// Each PDF is rendered once with `pdftoppm -r DPI -png` (DPI: ocr_dpi of
// pipeline.yaml or --config, the resolution the pipeline renders at); -n keeps
// the first PAGES pages of each PDF (pdfseparate + pdfunite), so the pipeline
// and Tesseract see the same pages. An image file is its own page image (a
// multi-page TIFF goes to Tesseract whole; -n does not apply to images).
// For each repetition and file it times, interleaved so all three see the
// same machine state: (a) the built `pipeline run FILE -o TMP --force -q
// --jobs 1`, (b) the same with --jobs 2, (c) `tesseract PAGE.png - -l chi_sim`
// (output to /dev/null) once per page image, one after another. Tesseract runs
// with OMP_THREAD_LIMIT=1 unless the environment sets it, so it uses one core,
// like one pipeline worker. No warm-up round: OCR is slow, and rendering has
// already read each input. Prints per file and in total: pages, pages the
// pipeline OCR'd, mean wall seconds per page of each, the speed-up of --jobs 2
// over --jobs 1, and the ratio pipeline (--jobs 1) / tesseract.
// Default input: the repository's fixtures/ocr/scanned_report.pdf.
#include "bench/bench_common.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using namespace juesuan;
using namespace juesuan::bench;

namespace {

bool is_image(const fs::path& p) {
    std::string ext = p.extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".tif" || ext == ".tiff";
}

std::vector<std::string> files_in(const fs::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_regular_file()) out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

struct FileResult {
    std::string path;
    std::string input;                    // what `pipeline run` reads (a copy cut to -n pages)
    std::vector<std::string> page_images;  // what tesseract reads
    int pages = 0;
    int ocr_pages = 0;
    double jobs1_seconds = 0;      // summed over repetitions
    double jobs2_seconds = 0;      // summed over repetitions
    double tesseract_seconds = 0;  // summed over repetitions
    std::string status = "ok";
};

// Pages and OCR'd pages from the `pages` list of the pipeline's JSON.
void read_pages(const fs::path& json_path, FileResult& r) {
    std::ifstream in(json_path);
    const auto doc = nlohmann::json::parse(in, nullptr, false);
    if (doc.is_discarded() || !doc.contains("pages") || !doc["pages"].is_array()) return;
    r.pages = static_cast<int>(doc["pages"].size());
    r.ocr_pages = 0;
    for (const auto& p : doc["pages"])
        if (p.is_object() && p.value("source", "") == "ocr") ++r.ocr_pages;
}

// Prints the message and the failed command's output.
int fail(const std::string& message, const fs::path& tmp) {
    std::fprintf(stderr, "bench_ocr: %s\n", message.c_str());
    std::ifstream log(tmp / "last.log");
    for (std::string line; std::getline(log, line);) std::fprintf(stderr, "  %s\n", line.c_str());
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    int page_limit = 0;  // 0: every page
    int reps = 1;
    const CommandSpec spec{"bench_ocr", "[-n PAGES] [-r REPS] [--config FILE] [PDF|PNG|JPEG|TIFF...]",
                           {{"-n", &page_limit}, {"-r", &reps}}};
    CommandLine cl = parse_command_line(argc, argv, spec);
    if (cl.exit >= 0) return cl.exit;
    const std::string& config_path = cl.config_path;
    std::vector<std::string>& files = cl.files;
    if (files.empty()) {
        const fs::path fixture = fs::path(JUESUAN_SOURCE_DIR) / "fixtures" / "ocr" / "scanned_report.pdf";
        if (!fs::is_regular_file(fixture)) return usage(spec, "no input given and no fixtures/ocr/scanned_report.pdf");
        files.push_back(fixture.string());
    }

    Options options;
    if (!load_options(spec, config_path, options)) return 2;
    const int dpi = options.extract.ocr_dpi;
    const std::string pipeline_bin = JUESUAN_PIPELINE_BIN;
    if (!fs::is_regular_file(pipeline_bin)) {
        std::fprintf(stderr, "bench_ocr: %s not found (build the pipeline target)\n", pipeline_bin.c_str());
        return 1;
    }
    if (run({"tesseract", "--version"}) != 0) {
        std::fprintf(stderr, "bench_ocr: cannot run tesseract (apt install tesseract-ocr tesseract-ocr-chi-sim)\n");
        return 1;
    }
    const bool any_pdf = std::any_of(files.begin(), files.end(), [](const auto& f) { return !is_image(f); });
    if (any_pdf && run({"pdftoppm", "-v"}) != 0) {
        std::fprintf(stderr, "bench_ocr: cannot run pdftoppm (apt install poppler-utils)\n");
        return 1;
    }
    // Tesseract on one core unless the caller chose otherwise.
    std::vector<std::string> tesseract_env;
    const char* omp_limit = std::getenv("OMP_THREAD_LIMIT");
    if (!omp_limit) tesseract_env.push_back("OMP_THREAD_LIMIT=1");
    const std::string omp_shown = omp_limit ? omp_limit : "1";

    const TempDir tmp_dir(spec);
    if (!tmp_dir.ok()) return 1;
    const fs::path& tmp = tmp_dir.path();
    const fs::path log = tmp / "last.log";

    // Inputs cut to -n pages, and every page rendered once.
    std::vector<FileResult> results(files.size());
    for (size_t f = 0; f < files.size(); ++f) {
        FileResult& r = results[f];
        r.path = files[f];
        r.input = files[f];
        const fs::path dir = tmp / ("in" + std::to_string(f));
        fs::create_directories(dir / "render");
        if (is_image(r.path)) {
            r.page_images.push_back(r.path);
            r.pages = 1;  // a multi-page TIFF's count comes from the pipeline's JSON
            continue;
        }
        if (page_limit > 0) {
            const fs::path split = dir / "split";
            fs::create_directories(split);
            if (run({"pdfseparate", "-l", std::to_string(page_limit), r.path, (split / "p-%04d.pdf").string()},
                    log.string()) != 0)
                return fail("pdfseparate failed on " + r.path + " (poppler-utils)", tmp);
            std::vector<std::string> unite{"pdfunite"};
            for (const auto& p : files_in(split)) unite.push_back(p);
            r.input = (dir / fs::path(r.path).filename()).string();
            unite.push_back(r.input);
            if (run(unite, log.string()) != 0) return fail("pdfunite failed on " + r.path, tmp);
        }
        if (run({"pdftoppm", "-r", std::to_string(dpi), "-png", r.input, (dir / "render" / "page").string()},
                log.string()) != 0)
            return fail("pdftoppm failed on " + r.path, tmp);
        r.page_images = files_in(dir / "render");
        if (r.page_images.empty()) return fail("pdftoppm rendered no page of " + r.path, tmp);
        r.pages = static_cast<int>(r.page_images.size());
    }

    for (int rep = 0; rep < reps; ++rep) {
        for (size_t f = 0; f < files.size(); ++f) {
            FileResult& r = results[f];
            for (int jobs : {1, 2}) {
                const fs::path out = tmp / ("out" + std::to_string(f) + "-jobs" + std::to_string(jobs));
                std::vector<std::string> args{pipeline_bin, "run", r.input, "-o", out.string(), "--force", "-q",
                                              "--jobs", std::to_string(jobs)};
                if (!config_path.empty()) {
                    args.push_back("--config");
                    args.push_back(config_path);
                }
                const auto start = Clock::now();
                const int code = run(args, log.string());
                (jobs == 1 ? r.jobs1_seconds : r.jobs2_seconds) += seconds_since(start);
                if (code != 0) r.status = "pipeline exit " + std::to_string(code);
                if (jobs == 1) read_pages(out / (fs::path(r.input).stem().string() + ".json"), r);
            }
            for (const auto& page : r.page_images) {
                const auto start = Clock::now();
                const int code = run({"tesseract", page, "-", "-l", "chi_sim"}, log.string(), tesseract_env);
                r.tesseract_seconds += seconds_since(start);
                if (code != 0)
                    return fail("tesseract -l chi_sim failed on a page of " + r.path +
                                    " (is tesseract-ocr-chi-sim installed?)",
                                tmp);
            }
        }
    }

    size_t width = 5;
    for (const auto& r : results) width = std::max(width, r.path.size());
    std::printf("juesuan OCR benchmark: %zu files, %d repetitions, %d dpi, %u cores, mean wall seconds per page\n",
                files.size(), reps, dpi, std::thread::hardware_concurrency());
    std::printf("(pipeline: `pipeline run FILE --force -q --jobs N`; tesseract: `tesseract PAGE.png - -l chi_sim` "
                "per page, OMP_THREAD_LIMIT=%s)\n\n",
                omp_shown.c_str());
    std::printf("%-*s %5s %4s %12s %12s %8s %16s %11s  %s\n", static_cast<int>(width), "file", "pages", "ocr",
                "jobs1 s/page", "jobs2 s/page", "speed-up", "tesseract s/page", "jobs1/tess", "status");
    int total_pages = 0, total_ocr = 0;
    double total1 = 0, total2 = 0, total_tess = 0;
    auto row = [&](const std::string& name, int pages, int ocr, double s1, double s2, double st,
                   const std::string& status) {
        const double n = std::max(1, pages);
        std::printf("%-*s %5d %4d %12.3f %12.3f %7.2fx %16.3f %11.2f  %s\n", static_cast<int>(width), name.c_str(),
                    pages, ocr, s1 / n, s2 / n, s2 > 0 ? s1 / s2 : 0.0, st / n, st > 0 ? s1 / st : 0.0,
                    status.c_str());
    };
    for (const auto& r : results) {
        row(r.path, r.pages, r.ocr_pages, r.jobs1_seconds / reps, r.jobs2_seconds / reps, r.tesseract_seconds / reps,
            r.status);
        total_pages += r.pages;
        total_ocr += r.ocr_pages;
        total1 += r.jobs1_seconds / reps;
        total2 += r.jobs2_seconds / reps;
        total_tess += r.tesseract_seconds / reps;
    }
    if (results.size() > 1) row("total", total_pages, total_ocr, total1, total2, total_tess, "");
    return 0;
}
