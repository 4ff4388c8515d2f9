#include "extract/extract.h"

#include "extract/glyph_map.h"
#include "extract/ocr.h"
#include "extract/raster.h"
#include "extract/text_quality.h"
#include "model/text.h"

#include <leptonica/allheaders.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace juesuan {
namespace {

void silence_poppler(const std::string&, void*) {}

std::string to_utf8(const poppler::ustring& s) {
    const auto bytes = s.to_utf8();
    return std::string(bytes.begin(), bytes.end());
}

Box to_box(const poppler::rectf& r) {
    return {r.x(), r.y(), r.x() + r.width(), r.y() + r.height()};
}

// Reads the first bytes to tell a PDF from anything else before poppler sees it.
bool has_pdf_signature(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char buf[1024] = {};
    in.read(buf, sizeof buf);
    const std::string head(buf, static_cast<size_t>(in.gcount()));
    return head.find("%PDF-") != std::string::npos;
}

// Splits one poppler word where consecutive glyphs are far apart: producers
// sometimes emit two adjacent table cells as one word.
void append_split_word(const poppler::text_box& tb, double font_size, double gap_factor,
                       std::vector<Word>& out) {
    const std::u32string text = [&] {
        const auto u = tb.text();
        std::u32string r;
        for (size_t i = 0; i < u.size(); ++i) {
            char32_t c = u[i];
            if (c >= 0xD800 && c <= 0xDBFF && i + 1 < u.size()) {
                c = 0x10000 + ((c - 0xD800) << 10) + (u[i + 1] - 0xDC00);
                ++i;
            }
            r.push_back(c);
        }
        return r;
    }();
    // Glyph boxes are indexed by UTF-16 unit in poppler; only split when the
    // counts agree (no surrogate pairs), otherwise keep the word whole.
    const auto whole = to_box(tb.bbox());
    const size_t n = text.size();
    if (n < 2 || tb.text().size() != n) {
        Word w;
        w.text = to_utf8(tb.text());
        w.box = whole;
        w.font_size = font_size;
        out.push_back(std::move(w));
        return;
    }
    const double limit = std::max(1.0, font_size) * gap_factor;
    size_t start = 0;
    Box cur = to_box(tb.char_bbox(0));
    for (size_t i = 1; i < n; ++i) {
        const Box g = to_box(tb.char_bbox(static_cast<int>(i)));
        const Box prev = to_box(tb.char_bbox(static_cast<int>(i - 1)));
        if (g.x0 - prev.x1 > limit) {
            Word w;
            w.text = u32_to_utf8(text.substr(start, i - start));
            w.box = cur;
            w.font_size = font_size;
            out.push_back(std::move(w));
            start = i;
            cur = g;
        } else {
            cur = cur.united(g);
        }
    }
    Word w;
    w.text = u32_to_utf8(text.substr(start));
    w.box = cur;
    w.font_size = font_size;
    out.push_back(std::move(w));
}

// A page's text-layer glyphs with their fonts, one run per poppler word
// (one glyph per UTF-16 unit, as poppler indexes glyph boxes).
std::vector<GlyphRun> glyph_runs(const poppler::page& pg) {
    std::vector<GlyphRun> runs;
    for (const auto& tb : pg.text_list(poppler::page::text_list_include_font)) {
        const auto u = tb.text();
        if (u.empty()) continue;
        GlyphRun run;
        run.font_size = tb.bbox().height();
        for (size_t i = 0; i < u.size(); ++i)
            run.glyphs.push_back({tb.get_font_name(static_cast<int>(i)), static_cast<char32_t>(u[i]),
                                  to_box(tb.char_bbox(static_cast<int>(i))), false, std::nullopt});
        runs.push_back(std::move(run));
    }
    return runs;
}

int worker_count(const ExtractOptions& options, size_t tasks) {
    int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::thread::hardware_concurrency());
    jobs = std::max(1, jobs);
    return static_cast<int>(std::min<size_t>(static_cast<size_t>(jobs), tasks));
}

// One OCR task: a page and how to get its image (rendered under a lock:
// poppler's renderer is not safe on one document from several threads).
struct OcrTask {
    Page* page = nullptr;
    std::function<PixPtr()> image;
    int dpi = 0;
    std::function<void(const Pix*)> inspect;  // also given the image, if set
};

// measure_glyph_ink on a rendered page (32 bpp RGB): ink is what is darker
// than mid-gray, so anti-aliased fringes and light fills do not count.
void measure_ink(std::vector<GlyphRun>& runs, const Pix* pix, int dpi) {
    constexpr int kDark = 128;
    auto* image = const_cast<Pix*>(pix);  // Leptonica's getters take non-const
    if (pixGetDepth(image) != 32) return;
    const l_uint32* data = pixGetData(image);
    const int wpl = pixGetWpl(image);
    measure_glyph_ink(runs, pixGetWidth(image), pixGetHeight(image), dpi, [&](int x, int y) {
        const l_uint32 p = data[static_cast<ptrdiff_t>(y) * wpl + x];
        const int r = (p >> L_RED_SHIFT) & 0xff, g = (p >> L_GREEN_SHIFT) & 0xff, b = (p >> L_BLUE_SHIFT) & 0xff;
        return (299 * r + 587 * g + 114 * b) / 1000 < kDark;
    });
}

// OCRs the tasks on worker threads, one Tesseract per worker.
Status run_ocr(std::vector<OcrTask>& tasks, const ExtractOptions& options, const std::string& path) {
    if (tasks.empty()) return Status::success();
    std::atomic<size_t> next{0};
    std::mutex image_lock, error_lock;
    std::string error;
    auto worker = [&] {
        std::string why;
        auto engine = OcrEngine::create(options, why);
        if (!engine) {
            std::lock_guard lock(error_lock);
            error = why;
            return;
        }
        for (size_t i = next++; i < tasks.size(); i = next++) {
            PixPtr pix;
            {
                std::lock_guard lock(image_lock);
                pix = tasks[i].image();
            }
            Page& page = *tasks[i].page;
            if (!pix) {
                std::lock_guard lock(error_lock);
                error = "page " + std::to_string(page.number) + " cannot be rendered";
                continue;
            }
            page.ruled_tables.clear();
            page.words = engine->recognise(pix.get(), tasks[i].dpi, page.width, page.height, &page.ruled_tables);
            if (tasks[i].inspect) tasks[i].inspect(pix.get());
            page.source = WordSource::ocr;
        }
    };
    const int n = worker_count(options, tasks.size());
    std::vector<std::thread> threads;
    for (int i = 1; i < n; ++i) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
    if (!error.empty()) {
        const bool render = error.rfind("page ", 0) == 0;
        return Status::failure(render ? ErrorCode::unreadable_page : ErrorCode::ocr_unavailable,
                               path + ": " + error);
    }
    return Status::success();
}

// An image file: every image (TIFF page) is one page, sized from its resolution.
Status extract_image(Document& doc, const ExtractOptions& options) {
    auto images = read_image_pages(doc.path);
    if (images.empty())
        return Status::failure(ErrorCode::unreadable_page, doc.path + ": image cannot be read");
    doc.pages.clear();
    doc.pages.resize(images.size());
    std::vector<OcrTask> tasks;
    for (size_t i = 0; i < images.size(); ++i) {
        Page& page = doc.pages[i];
        const auto size = image_size(images[i].get(), options.ocr_dpi);
        const int dpi = size.dpi;
        page.number = static_cast<int>(i) + 1;
        page.width = size.width * 72.0 / dpi;
        page.height = size.height * 72.0 / dpi;
        page.source = WordSource::ocr;
        page.source_reason = "image input";
        if (options.ocr == OcrMode::never) {
            page.source_reason = "image input, OCR disabled";
            continue;
        }
        auto* image = &images[i];
        tasks.push_back({&page, [image] { return std::move(*image); }, dpi, {}});
    }
    return run_ocr(tasks, options, doc.path);
}

class ExtractStage final : public Stage {
public:
    std::string_view name() const override { return "extract"; }

    Status run(Document& doc, const Options& options) const override {
        namespace fs = std::filesystem;
        std::error_code ec;
        if (!fs::exists(doc.path, ec))
            return Status::failure(ErrorCode::missing_input, doc.path + ": file not found");
        if (fs::is_directory(doc.path, ec))
            return Status::failure(ErrorCode::missing_input, doc.path + ": is a directory, not a file");
        {
            std::ifstream probe(doc.path, std::ios::binary);
            if (!probe) return Status::failure(ErrorCode::missing_input, doc.path + ": cannot be read");
        }
        if (has_image_signature(doc.path)) return extract_image(doc, options.extract);
        if (!has_pdf_signature(doc.path))
            return Status::failure(ErrorCode::not_pdf, doc.path + ": not a PDF file");

        poppler::set_debug_error_function(silence_poppler, nullptr);
        std::unique_ptr<poppler::document> pdf(poppler::document::load_from_file(doc.path));
        if (!pdf) {
            // poppler refuses encrypted files it cannot open without a password.
            return Status::failure(ErrorCode::unreadable_page,
                                   doc.path + ": damaged PDF, cannot be opened (or encrypted)");
        }
        if (pdf->is_locked())
            return Status::failure(ErrorCode::encrypted, doc.path + ": encrypted PDF (password required)");

        const int n = pdf->pages();
        if (n <= 0) return Status::failure(ErrorCode::unreadable_page, doc.path + ": PDF has no pages");
        doc.pages.clear();
        doc.pages.reserve(static_cast<size_t>(n));
        std::vector<std::unique_ptr<poppler::page>> ocr_pages;  // kept alive for rendering
        std::vector<size_t> ocr_index;
        std::vector<BrokenPage> broken;  // garbage text layers to decode after OCR
        const auto& opt = options.extract;
        for (int i = 0; i < n; ++i) {
            std::unique_ptr<poppler::page> pg(pdf->create_page(i));
            if (!pg)
                return Status::failure(ErrorCode::unreadable_page,
                                       doc.path + ":" + std::to_string(i + 1) + ": page cannot be read");
            Page page;
            page.number = i + 1;
            const auto rect = pg->page_rect(poppler::media_box);
            page.width = rect.width();
            page.height = rect.height();
            const auto orient = pg->orientation();
            if (orient == poppler::page::landscape || orient == poppler::page::seascape) {
                std::swap(page.width, page.height);
                page.rotation = orient == poppler::page::landscape ? 90 : 270;
            } else if (orient == poppler::page::upside_down) {
                page.rotation = 180;
            }
            page.source = WordSource::text_layer;
            for (const auto& tb : pg->text_list()) {
                if (tb.text().empty()) continue;
                append_split_word(tb, tb.bbox().height(), options.extract.glyph_gap_split, page.words);
            }
            const auto verdict = judge_text_layer(page.words, opt.garbage_share);
            page.source_reason = verdict.reason;
            const bool ocr = opt.ocr == OcrMode::always || (opt.ocr == OcrMode::auto_ && !verdict.usable);
            if (opt.ocr == OcrMode::always) page.source_reason = "OCR forced (--ocr always); " + verdict.reason;
            else if (ocr) page.source_reason = "OCR: " + verdict.reason;
            else if (!verdict.usable) page.source_reason += " (OCR disabled)";
            if (ocr && opt.ocr == OcrMode::auto_ && opt.ocr_glyph_map)
                broken.push_back({doc.pages.size(), glyph_runs(*pg), verdict.reason});
            if (ocr) {
                page.words.clear();
                ocr_pages.push_back(std::move(pg));
                ocr_index.push_back(doc.pages.size());
            }
            doc.pages.push_back(std::move(page));
        }
        std::vector<OcrTask> tasks;
        for (size_t k = 0; k < ocr_index.size(); ++k) {
            const poppler::page* pg = ocr_pages[k].get();
            const int dpi = opt.ocr_dpi;
            tasks.push_back({&doc.pages[ocr_index[k]], [pg, dpi] { return render_page(*pg, dpi); }, dpi, {}});
            // Broken pages: which glyphs print nothing (spaces) and where
            // punctuation's ink sits, for the glyph map.
            for (BrokenPage& b : broken)
                if (b.page_index == ocr_index[k])
                    tasks.back().inspect = [&b, dpi](const Pix* pix) { measure_ink(b.runs, pix, dpi); };
        }
        const Status status = run_ocr(tasks, opt, doc.path);
        if (!status.ok()) return status;
        decode_broken_pages(doc, broken, opt.glyph_gap_split, opt.glyph_map_min_decoded);
        return status;
    }
};

}  // namespace

StagePtr make_extract_stage() { return std::make_unique<ExtractStage>(); }

}  // namespace juesuan
