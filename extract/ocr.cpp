#include "extract/ocr.h"

#include "model/text.h"

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <omp.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace juesuan {
namespace {

// A pixel is seal ink when red clearly dominates green and blue.
constexpr int kSealMinRed = 120;
constexpr int kSealMinLead = 60;
// A word lower than this share of the page's median word height is a speck.
constexpr double kSpeckHeight = 0.5;
// An unsure word (confidence below this) is a speck up to a larger height.
constexpr double kUnsureConfidence = 0.6;
constexpr double kUnsureSpeckHeight = 0.75;
// Height of a digit as a share of a CJK word's height.
constexpr double kDigitHeight = 0.5;
// Words below this confidence are dropped whatever their size.
constexpr double kMinConfidence = 0.2;
// Latin-only words below this confidence are noise.
constexpr double kMinLatinConfidence = 0.7;
// A colon joins its neighbour across at most this many line heights.
constexpr double kColonJoin = 2.0;
// Gray level below which a background-normalised pixel (paper at 200) is ink.
constexpr int kInkThreshold = 150;
// Shortest ruling in pixels (half an inch at the OCR resolution, at least
// this): longer than any CJK character at the resolutions Tesseract needs.
constexpr int kRulingMinRun = 60;
// Symbols of one Tesseract word farther apart than this many glyph heights
// belong to two cells.
constexpr double kSymbolSplit = 1.2;
// A label and an amount join across at most this many line heights (the
// layout's text-number join, 0.35 em, on a CJK-height line).
constexpr double kMixedJoin = 0.3;
// Two digits of an amount this many glyph heights apart had a decimal point
// between them that Tesseract dropped (digits themselves nearly touch).
constexpr double kPointGap = 0.45;
constexpr double kPointGapOne = 0.6;
// Share of a digit's height (from the top) above a decimal point.
constexpr double kDigitBodyZone = 0.7;

void remove_red(Pix* pix) {
    const int w = pixGetWidth(pix), h = pixGetHeight(pix), wpl = pixGetWpl(pix);
    l_uint32* data = pixGetData(pix);
    for (int y = 0; y < h; ++y) {
        l_uint32* row = data + static_cast<ptrdiff_t>(y) * wpl;
        for (int x = 0; x < w; ++x) {
            l_int32 r, g, b;
            extractRGBValues(row[x], &r, &g, &b);
            if (r >= kSealMinRed && r - std::max(g, b) >= kSealMinLead) composeRGBPixel(255, 255, 255, &row[x]);
        }
    }
}

bool numeric_char(char32_t c) {
    return (c >= '0' && c <= '9') || c == ',' || c == '.' || c == '-' || c == '%';
}

char32_t digit_for(char32_t c) {
    switch (c) {
        case 'O': case 'o': case 'D': case 'Q': return '0';
        case 'l': case 'I': case '|': case 'i': case '!': return '1';
        case 'S': case 's': return '5';
        case 'B': return '8';
        case 'Z': case 'z': return '2';
        case 0xFF0C: case 0x3001: return ',';  // ，、
        case 0x3002: case 0x00B7: return '.';  // 。·
        default: return 0;
    }
}

// Tokens of ruling-line debris: nothing but bars, underscores, quotes.
bool is_debris(const std::u32string& t) {
    if (t.empty()) return true;
    for (const char32_t c : t)
        if (std::u32string_view(U"|_~`'\"‘’“”[]{}丨¦‖").find(c) == std::u32string_view::npos) return false;
    return true;
}

bool is_edge_quote(char32_t c) { return std::u32string_view(U"\"'`‘’“”").find(c) != std::u32string_view::npos; }

bool is_latin_only(const std::u32string& t) {
    for (const char32_t c : t)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    return !t.empty();
}

bool ends_colon(const std::string& t) {
    return !t.empty() && (t.back() == ':' || (t.size() >= 3 && t.compare(t.size() - 3, 3, "：") == 0));
}
bool starts_colon(const std::string& t) { return !t.empty() && (t[0] == ':' || t.rfind("：", 0) == 0); }

bool starts_digit(const std::u32string& t) { return !t.empty() && t.front() >= '0' && t.front() <= '9'; }
bool ends_digit(const std::u32string& t) { return !t.empty() && t.back() >= '0' && t.back() <= '9'; }

bool ends_cjk(const std::u32string& t) { return !t.empty() && is_cjk(t.back()); }
bool starts_cjk(const std::u32string& t) { return !t.empty() && is_cjk(t.front()); }

// Cuts a decimal point Tesseract folded into a digit's box (pixels of the
// 1 bpp image) off that box: a blob below the digit body's zone, at the box
// edge, parted from the body by a blank column. The point then shows as the
// gap it is. A digit's own foot (the base of a 2) touches its body and stays.
void cut_folded_point(Pix* bin, int& l, int t, int& r, int b) {
    const int w = static_cast<int>(pixGetWidth(bin)), h = static_cast<int>(pixGetHeight(bin));
    const int x0 = std::max(0, l), x1 = std::min(r, w), y0 = std::max(0, t), y1 = std::min(b, h);
    if (x1 - x0 < 3 || y1 <= y0) return;
    const int top_zone = t + static_cast<int>((b - t) * kDigitBodyZone);
    // Per column: 0 blank, 1 ink only low (a point), 2 ink in the body zone.
    std::vector<int> kind(static_cast<size_t>(x1 - x0), 0);
    for (int x = x0; x < x1; ++x) {
        for (int y = y0; y < y1; ++y) {
            l_uint32 v = 0;
            pixGetPixel(bin, x, y, &v);
            if (!v) continue;
            if (y < top_zone) {
                kind[static_cast<size_t>(x - x0)] = 2;
                break;
            }
            kind[static_cast<size_t>(x - x0)] = 1;
        }
    }
    auto cut = [&](bool right) {
        const int n = static_cast<int>(kind.size());
        int i = 0;
        auto at = [&](int k) { return kind[static_cast<size_t>(right ? n - 1 - k : k)]; };
        while (i < n && at(i) == 0) ++i;
        const int point_start = i;
        while (i < n && at(i) == 1) ++i;
        if (i == point_start) return;  // no low blob at this edge
        const int blank_start = i;
        while (i < n && at(i) == 0) ++i;
        if (i == blank_start || i >= n || at(i) != 2) return;  // touches the body, or no body
        if (right) r = x0 + (n - i);
        else l = x0 + i;
    };
    cut(true);
    cut(false);
}

}  // namespace

std::string restore_decimal_point(const std::string& token, const std::vector<Box>& glyphs) {
    const auto u = utf8_to_u32(token);
    if (u.size() != glyphs.size() || u.size() < 2) return token;
    for (const char32_t c : u)
        if (c < '0' || c > '9') return token;  // a point or comma is already there
    double height = 0;
    for (const auto& g : glyphs) height = std::max(height, g.height());
    if (height <= 0) return token;
    // Where the point went: a gap between two digits wider than digits
    // leave (a point folded into a digit's box was cut off it before). A "1"
    // is a narrow glyph in a full digit advance: its limit is its own.
    std::vector<size_t> at;  // index of the first decimal digit
    for (size_t i = 0; i + 1 < u.size(); ++i) {
        const bool one = u[i] == '1' || u[i + 1] == '1';
        if (glyphs[i + 1].x0 - glyphs[i].x1 > (one ? kPointGapOne : kPointGap) * height) at.push_back(i + 1);
    }
    if (at.size() != 1 || u.size() - at[0] > 2) return token;
    return u32_to_utf8(u.substr(0, at[0])) + "." + u32_to_utf8(u.substr(at[0]));
}

std::vector<Word> drop_specks(std::vector<Word> words) {
    std::vector<double> heights;
    for (const auto& w : words) heights.push_back(w.box.height());
    if (heights.empty()) return words;
    std::sort(heights.begin(), heights.end());
    const double median = heights[heights.size() / 2];
    const double limit = kSpeckHeight * median;
    std::vector<Word> out;
    for (auto& w : words) {
        const auto u = utf8_to_u32(w.text);
        const bool dash = u.size() == 1 && std::u32string_view(U"-—–一").find(u[0]) != std::u32string_view::npos;
        // Digits stand lower than CJK characters (whose word boxes often
        // reach into a neighbouring line): measure a sure amount on its own
        // scale; an unsure one is likely dirt read as a digit.
        bool number = !u.empty() && w.confidence >= kUnsureConfidence;
        for (const char32_t c : u) number = number && numeric_char(c);
        const double scale = number ? kDigitHeight : 1.0;
        const bool tiny = w.box.height() < scale * limit ||
                          (w.confidence < kUnsureConfidence && w.box.height() < kUnsureSpeckHeight * median);
        // Confidence near zero: Tesseract forced characters onto dirt.
        if ((tiny || w.confidence < kMinConfidence) && !dash) continue;
        out.push_back(std::move(w));
    }
    return out;
}

std::string fix_numeric_confusions(const std::string& token) {
    std::u32string t = utf8_to_u32(token);
    int digits = 0, mapped = 0;
    for (const char32_t c : t) {
        if (c >= '0' && c <= '9') ++digits;
        else if (numeric_char(c)) continue;
        else if (digit_for(c)) ++mapped;
        else return token;  // any other character: not an amount
    }
    // Only when real digits dominate: "IO" alone stays text.
    if (mapped == 0 || digits == 0 || digits < mapped) return token;
    for (auto& c : t)
        if (!numeric_char(c)) c = digit_for(c);
    return u32_to_utf8(t);
}

std::vector<Word> tidy_ocr_line(std::vector<Word> words, double join_gap) {
    std::vector<Word> out;
    // The median height is the line's em: a tall merged word must not widen it.
    std::vector<double> heights;
    for (const auto& w : words) heights.push_back(w.box.height());
    std::sort(heights.begin(), heights.end());
    const double line_h = heights.empty() ? 0 : heights[heights.size() / 2];
    for (auto& w : words) {
        // Quote marks at a word's edge are cell borders or dirt, not text.
        auto q = utf8_to_u32(trim(w.text));
        while (!q.empty() && is_edge_quote(q.front())) q.erase(q.begin());
        while (!q.empty() && is_edge_quote(q.back())) q.pop_back();
        w.text = u32_to_utf8(q);
        const auto u = utf8_to_u32(w.text);
        if (is_debris(u)) continue;
        // Latin letters read into stamps, shading or tiny print: a Chinese
        // report prints few Latin words, and never unsure ones.
        if (w.confidence < kMinLatinConfidence && is_latin_only(u)) continue;
        if (!out.empty()) {
            Word& prev = out.back();
            const double gap = w.box.x0 - prev.box.x1;
            // "单位" ":" "万元": Tesseract splits at the colon; a text layer
            // keeps "label:value" together, which the layout relies on.
            const bool colon = ends_colon(prev.text) || starts_colon(w.text);
            // Between a label and an amount the layout's own mixed join is
            // tighter; joining here at the CJK gap would glue a row's name
            // to its first amount ("支出10.05").
            // A year and its 年 ("2023" "年度…决算表") are one date, not a
            // label beside an amount: a title must stay one cell.
            const auto pu32 = utf8_to_u32(prev.text);
            const bool year = pu32.size() >= 4 && ends_digit(pu32) && !u.empty() && u.front() == U'年';
            const bool mixed = !year && starts_digit(u) != ends_digit(pu32);
            const double limit = (mixed ? kMixedJoin : join_gap) * line_h;
            if (gap < limit || (colon && gap < kColonJoin * line_h)) {
                const auto pu = utf8_to_u32(prev.text);
                // CJK runs join without a space, as a text layer prints them.
                const bool tight = ends_cjk(pu) || starts_cjk(u) || colon || gap < 0.15 * line_h;
                prev.text += (tight ? "" : " ") + w.text;
                prev.box = prev.box.united(w.box);
                prev.confidence = std::min(prev.confidence, w.confidence);
                prev.font_size = prev.box.height();
                continue;
            }
        }
        out.push_back(std::move(w));
    }
    for (auto& w : out) {
        // Tesseract reads printed round brackets as angle brackets.
        auto u = utf8_to_u32(w.text);
        for (auto& c : u) c = c == U'〈' ? U'(' : c == U'〉' ? U')' : c;
        w.text = fix_numeric_confusions(u32_to_utf8(u));
    }
    return out;
}

PixPtr preprocess_for_ocr(const Pix* image, int dpi) {
    Pix* src = const_cast<Pix*>(image);
    PixPtr color;
    if (pixGetDepth(src) == 32) {
        color.reset(pixCopy(nullptr, src));
        remove_red(color.get());
        src = color.get();
    }
    PixPtr gray(pixConvertTo8(src, 0));
    if (!gray) return nullptr;
    if (pixGetColormap(gray.get())) gray.reset(pixRemoveColormap(gray.get(), REMOVE_CMAP_TO_GRAYSCALE));
    // Scans lean by up to a few degrees; Tesseract's rows need them level.
    if (PixPtr level{pixDeskew(gray.get(), 0)}) gray = std::move(level);
    if (PixPtr norm{pixBackgroundNormSimple(gray.get(), nullptr, nullptr)}) gray = std::move(norm);
    PixPtr bin(pixThresholdToBinary(gray.get(), kInkThreshold));
    if (!bin) return gray;
    // Table rulings: runs of ink far longer than any character stroke. Left
    // in, Tesseract reads them as | _ — and merges the cells they separate.
    const int run = dpi > 0 ? std::max(kRulingMinRun, dpi / 2) : kRulingMinRun;
    PixPtr hor(pixOpenBrick(nullptr, bin.get(), run, 1));
    PixPtr ver(pixOpenBrick(nullptr, bin.get(), 1, run));
    if (hor && ver) {
        PixPtr lines(pixOr(nullptr, hor.get(), ver.get()));
        PixPtr grown(pixDilateBrick(nullptr, lines.get(), 3, 3));
        if (grown) pixSubtract(bin.get(), bin.get(), grown.get());
    }
    return bin;
}

struct OcrEngine::Impl {
    tesseract::TessBaseAPI api;
    ExtractOptions options;
};

OcrEngine::OcrEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OcrEngine::~OcrEngine() { impl_->api.End(); }

std::unique_ptr<OcrEngine> OcrEngine::create(const ExtractOptions& options, std::string& error) {
    // Tesseract's OpenMP loops on top of one instance per worker thread
    // oversubscribe the cores and spin; the workers are the parallelism.
    omp_set_num_threads(1);
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    if (impl->api.Init(nullptr, options.ocr_languages.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
        error = "Tesseract cannot load languages '" + options.ocr_languages + "'";
        return nullptr;
    }
    impl->api.SetPageSegMode(static_cast<tesseract::PageSegMode>(options.ocr_psm));
    impl->api.SetVariable("debug_file", "/dev/null");
    return std::unique_ptr<OcrEngine>(new OcrEngine(std::move(impl)));
}

std::vector<Word> OcrEngine::recognise(const Pix* image, int dpi, double page_width, double page_height) {
    std::vector<Word> words;
    PixPtr prepared = preprocess_for_ocr(image, dpi);
    if (!prepared) return words;
    auto& api = impl_->api;
    api.SetImage(prepared.get());
    api.SetSourceResolution(dpi);
    if (api.Recognize(nullptr) != 0) return words;
    const double sx = page_width / pixGetWidth(prepared.get());
    const double sy = page_height / pixGetHeight(prepared.get());
    std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
    if (!it) return words;
    std::vector<Word> line;
    auto flush = [&] {
        for (auto& w : tidy_ocr_line(std::move(line), impl_->options.ocr_join_gap)) words.push_back(std::move(w));
        line.clear();
    };
    // Boxes come from the symbols, not the word: a word box can reach into
    // the next row (erased ruling crossings, descenders) while the glyphs
    // give the tight box a text layer has. Symbols of one word farther apart
    // than a line height are two cells and become two words.
    const auto level = tesseract::RIL_SYMBOL;
    Word cur;
    Box prev_sym;
    std::vector<Box> glyphs;
    bool open = false;
    auto close_word = [&] {
        if (open && !cur.text.empty()) {
            cur.text = restore_decimal_point(cur.text, glyphs);
            line.push_back(std::move(cur));
        }
        cur = Word{};
        glyphs.clear();
        open = false;
    };
    do {
        if (it->Empty(level)) continue;
        if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) {
            close_word();
            flush();
        }
        const bool word_start = it->IsAtBeginningOf(tesseract::RIL_WORD);
        std::unique_ptr<char[]> text(it->GetUTF8Text(level));
        int l = 0, t = 0, r = 0, b = 0;
        if (!text || !it->BoundingBox(level, &l, &t, &r, &b)) continue;
        if (std::strlen(text.get()) == 1 && text[0] >= '0' && text[0] <= '9') cut_folded_point(prepared.get(), l, t, r, b);
        const Box sym{l * sx, t * sy, r * sx, b * sy};
        // Glyph heights, not the word's: Tesseract's word can span the lines
        // of a wrapped header, and that height would hide a cell gap.
        const double h = open ? std::max(sym.height(), prev_sym.height()) : sym.height();
        if (word_start || (open && sym.x0 - prev_sym.x1 > kSymbolSplit * h)) close_word();
        if (!open) {
            cur.box = sym;
            cur.source = WordSource::ocr;
            cur.confidence = std::clamp(it->Confidence(tesseract::RIL_WORD) / 100.0, 0.0, 1.0);
            open = true;
        } else {
            cur.box = cur.box.united(sym);
        }
        cur.text += text.get();
        glyphs.push_back(sym);
        cur.font_size = cur.box.height();
        prev_sym = sym;
    } while (it->Next(level));
    close_word();
    flush();
    api.Clear();
    return drop_specks(std::move(words));
}

}  // namespace juesuan
