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

// What an amount, a code or a row number is printed with.
constexpr const char* kAmountCharacters = "0123456789.,-%";
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
// A quote mark between CJK words is at most this share of their height and
// ends above this share of it.
constexpr double kQuoteHeight = 0.75;
constexpr double kQuoteLow = 0.6;
// Words of one line of a cell farther apart than this many line heights
// stay apart: a row whose column rulings were lost reads as one cell.
constexpr double kCellSplitGap = 2.0;
// Scales of a cell's image read again after a line was missed.
constexpr float kRetryShrink = 0.75f;
constexpr float kRetryGrow = 1.5f;
// Share of a cell's first reading's width its digits-only reading must span.
constexpr double kDigitsCover = 0.75;
// Width in pixels of the band erased around a ruling in the gray image.
constexpr int kGrayRulingErase = 7;
// A word this much inside a taller word is a second reading of its glyphs.
constexpr double kShadowed = 0.6;
// Gaps in a ruling bridged, in pixels; inside a table up to a tenth of an
// inch (JPEG and 200 dpi scans break thin rulings that much), less than any
// row's height or column's width, so a merged cell's missing ruling stays.
constexpr int kRulingMinGap = 15;
constexpr int kRulingGapPerInch = 10;
// Paper's gray level after background normalisation.
constexpr int kPaperLevel = 200;
// Gray level below which a background-normalised pixel (paper at 200) is ink.
constexpr int kInkThreshold = 150;
// Gray level below which a pixel may belong to a faded thin ruling.
constexpr int kFaintRulingThreshold = 180;
// Fewest pixels of a ruling segment, whatever the resolution.
constexpr int kRulingMinRun = 30;
// Shortest ruling segment: a fifth of an inch, more than a body character's
// height and less than a table row's. Its net must reach half an inch.
constexpr int kRulingSegmentPerInch = 5;
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

// Joins w onto prev as a text layer prints one word: CJK runs, a colon and
// touching pieces join without a space, other pieces with one.
void append_word(Word& prev, const Word& w, bool touching) {
    const bool tight = touching || ends_cjk(utf8_to_u32(prev.text)) || starts_cjk(utf8_to_u32(w.text)) ||
                       ends_colon(prev.text) || starts_colon(w.text);
    prev.text += (tight ? "" : " ") + w.text;
    prev.box = prev.box.united(w.box);
    prev.confidence = std::min(prev.confidence, w.confidence);
}

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

std::string merge_amount_readings(const std::string& full, const std::string& digits) {
    if (digits.find('.') != std::string::npos) return digits;
    const auto point = full.find('.');
    if (point == std::string::npos || full.find('.', point + 1) != std::string::npos) return digits;
    // Digits after the point in the full reading, and digit counts on both.
    size_t after = 0, full_digits = 0, own = 0;
    for (size_t i = 0; i < full.size(); ++i)
        if (full[i] >= '0' && full[i] <= '9') {
            ++full_digits;
            if (i > point) ++after;
        }
    for (const char c : digits) own += c >= '0' && c <= '9';
    if (after == 0 || own != full_digits || own <= after) return digits;
    // Insert before the last `after` digits.
    size_t seen = 0;
    for (size_t i = digits.size(); i-- > 0;)
        if (digits[i] >= '0' && digits[i] <= '9' && ++seen == after) return digits.substr(0, i) + "." + digits.substr(i);
    return digits;
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

void restore_quote_marks(std::vector<Word>& words) {
    // The nearest word left (or right) of word i on its line, within a gap
    // of that word's height; -1 when none.
    auto neighbour = [&](size_t i, bool right) -> long {
        const Box& q = words[i].box;
        long best = -1;
        double best_gap = 0;
        for (size_t j = 0; j < words.size(); ++j) {
            const Box& b = words[j].box;
            if (j == i || std::min(b.y1, q.y1) <= std::max(b.y0, q.y0)) continue;
            const double gap = right ? b.x0 - q.x1 : q.x0 - b.x1;
            if (gap < -0.5 * q.width() || gap > b.height()) continue;
            if (best < 0 || gap < best_gap) best = static_cast<long>(j), best_gap = gap;
        }
        return best;
    };
    struct Mark {
        size_t at;
        long left, right;
    };
    std::vector<Mark> marks;
    for (size_t i = 0; i < words.size(); ++i) {
        const auto u = utf8_to_u32(words[i].text);
        bool cjk = false;
        for (const char32_t c : u) cjk = cjk || is_cjk(c);
        if (u.empty() || u.size() > 3 || cjk) continue;
        const long l = neighbour(i, false), r = neighbour(i, true);
        if (l < 0 || r < 0) continue;
        const Word& a = words[static_cast<size_t>(l)];
        const Word& b = words[static_cast<size_t>(r)];
        if (!ends_cjk(utf8_to_u32(a.text)) || !starts_cjk(utf8_to_u32(b.text))) continue;
        const double h = std::min(a.box.height(), b.box.height());
        const Box& q = words[i].box;
        // Small, and high on the line: where a quote mark stands.
        if (q.height() > kQuoteHeight * h || q.y1 > std::min(a.box.y0, b.box.y0) + kQuoteLow * h) continue;
        marks.push_back({i, l, r});
    }
    if (marks.empty()) return;
    // Left to right on each line, opening and closing in turn; each mark
    // joins the word it belongs to, as a text layer prints it.
    std::stable_sort(marks.begin(), marks.end(),
                     [&](const Mark& x, const Mark& y) { return words[x.at].box.x0 < words[y.at].box.x0; });
    std::vector<bool> done(marks.size(), false), gone(words.size(), false);
    for (size_t m = 0; m < marks.size(); ++m) {
        if (done[m]) continue;
        bool open = true;
        for (size_t k = m; k < marks.size(); ++k) {
            const Box &p = words[marks[m].at].box, &q = words[marks[k].at].box;
            if (done[k] || std::min(p.y1, q.y1) <= std::max(p.y0, q.y0)) continue;
            done[k] = true;
            Word& owner = words[static_cast<size_t>(open ? marks[k].right : marks[k].left)];
            owner.text = open ? "“" + owner.text : owner.text + "”";
            owner.box = owner.box.united(words[marks[k].at].box);
            gone[marks[k].at] = true;
            open = !open;
        }
    }
    std::vector<Word> out;
    for (size_t i = 0; i < words.size(); ++i)
        if (!gone[i]) out.push_back(std::move(words[i]));
    words = std::move(out);
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
                append_word(prev, w, gap < 0.15 * line_h);
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
        w.text = fix_ocr_symbols(fix_numeric_confusions(u32_to_utf8(u)));
    }
    return out;
}

std::string fix_ocr_symbols(const std::string& text) {
    std::u32string u = utf8_to_u32(text);
    auto digit = [&](size_t i) { return i < u.size() && u[i] >= U'0' && u[i] <= U'9'; };
    bool changed = false;
    if (u.size() >= 2 && (u[0] == U'之' || u[0] == U'过') && digit(1)) {
        u[0] = U'≥';
        changed = true;
    }
    for (size_t i = 1; i + 1 < u.size(); ++i) {
        const char32_t before = u[i - 1];
        if (u[i] == U'一' && digit(i + 1) && (digit(i - 1) || before == U'年' || before == U'月' || before == U'日')) {
            u[i] = U'—';
            changed = true;
        } else if (u[i] == U']' && !digit(i - 1) && (digit(i + 1) || u[i + 1] == U'-')) {
            u[i] = U'1';
            changed = true;
        }
    }
    return changed ? u32_to_utf8(u) : text;
}

namespace {

// Ruling segments (horizontal and vertical openings) with gaps up to `gap`
// bridged, keeping the connected nets at least `net` long either way.
PixPtr ruling_net(Pix* hor, Pix* ver, int gap, int net) {
    PixPtr h(pixCloseBrick(nullptr, hor, gap, 1)), v(pixCloseBrick(nullptr, ver, 1, gap));
    if (!h || !v) return nullptr;
    PixPtr segments(pixOr(nullptr, h.get(), v.get()));
    return PixPtr(pixSelectBySize(segments.get(), net, net, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, nullptr));
}

// The boxes of the nets that span `net` both ways (tables, not lone
// underlines), filled in; nullptr when there is none.
PixPtr table_areas(Pix* lines, int net) {
    if (!lines) return nullptr;
    BOXA* boxes = pixConnComp(lines, nullptr, 8);
    PixPtr areas;
    const int n = boxes ? boxaGetCount(boxes) : 0;
    for (int i = 0; i < n; ++i) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(boxes, i, &x, &y, &w, &h);
        if (w < net || h < net) continue;
        if (!areas) areas.reset(pixCreateTemplate(lines));
        BOX* b = boxCreate(x, y, w, h);
        pixSetInRect(areas.get(), b);
        boxDestroy(&b);
    }
    boxaDestroy(&boxes);
    return areas;
}

}  // namespace

PreparedImage prepare_for_ocr(const Pix* image, int dpi) {
    PreparedImage out;
    Pix* src = const_cast<Pix*>(image);
    PixPtr color;
    if (pixGetDepth(src) == 32) {
        color.reset(pixCopy(nullptr, src));
        remove_red(color.get());
        src = color.get();
    }
    PixPtr gray(pixConvertTo8(src, 0));
    if (!gray) return out;
    if (pixGetColormap(gray.get())) gray.reset(pixRemoveColormap(gray.get(), REMOVE_CMAP_TO_GRAYSCALE));
    // Scans lean by up to a few degrees; Tesseract's rows need them level.
    if (PixPtr level{pixDeskew(gray.get(), 0)}) gray = std::move(level);
    if (PixPtr norm{pixBackgroundNormSimple(gray.get(), nullptr, nullptr)}) gray = std::move(norm);
    PixPtr bin(pixThresholdToBinary(gray.get(), kInkThreshold));
    if (!bin) return out;
    PixPtr faint(pixThresholdToBinary(gray.get(), kFaintRulingThreshold));
    // Paper to white for Tesseract: normalisation leaves it at 200, and a
    // white margin or erased ruling beside that gray paper makes Tesseract's
    // own threshold take the paper for ink.
    pixGammaTRC(gray.get(), gray.get(), 1.0, 0, kPaperLevel);
    // Table rulings: runs of ink far longer than any character stroke. Left
    // in, Tesseract reads them as | _ — and merges the cells they separate.
    // A segment only counts when its connected net of rulings is long: a
    // cell's short border (a one-row cell's side) is part of the grid, a
    // stroke of a large title character stands alone and stays.
    const int res = dpi > 0 ? dpi : 300;
    const int run = std::max(kRulingMinRun, res / kRulingSegmentPerInch);
    const int net = std::max(kRulingMinRun, res / 2);
    PixPtr hor(pixOpenBrick(nullptr, bin.get(), run, 1));
    PixPtr ver(pixOpenBrick(nullptr, bin.get(), 1, run));
    if (hor && ver) {
        PixPtr lines = ruling_net(hor.get(), ver.get(), kRulingMinGap, net);
        // Inside a table, JPEG and 200 dpi scans break thin rulings wider:
        // bridged there only, where no title's strokes can line up.
        if (PixPtr tables = table_areas(lines.get(), net)) {
            const int gap = std::max(kRulingMinGap, res / kRulingGapPerInch);
            // Thin rulings fade below the ink threshold there too: the
            // faint image's segments count inside tables.
            PixPtr inside(faint ? pixAnd(nullptr, faint.get(), tables.get()) : nullptr);
            PixPtr h(inside ? pixOpenBrick(nullptr, inside.get(), run, 1) : pixAnd(nullptr, hor.get(), tables.get()));
            PixPtr v(inside ? pixOpenBrick(nullptr, inside.get(), 1, run) : pixAnd(nullptr, ver.get(), tables.get()));
            if (PixPtr wider = ruling_net(h.get(), v.get(), gap, net)) pixOr(lines.get(), lines.get(), wider.get());
        }
        PixPtr grown(lines ? pixDilateBrick(nullptr, lines.get(), 3, 3) : nullptr);
        if (grown) {
            pixSubtract(bin.get(), bin.get(), grown.get());
            // Gray keeps a ruling's soft edge the 1 bpp image cut off;
            // Tesseract would read it as a stroke (a lone 4 as 人4).
            if (PixPtr wide{pixDilateBrick(nullptr, lines.get(), kGrayRulingErase, kGrayRulingErase)})
                pixSetMasked(gray.get(), wide.get(), 255);
            out.rulings = std::move(grown);
        }
    }
    out.ink = std::move(bin);
    out.gray = std::move(gray);
    return out;
}

PixPtr preprocess_for_ocr(const Pix* image, int dpi) { return prepare_for_ocr(image, dpi).ink; }

std::vector<RuledTable> find_ruled_cells(const Pix* rulings, int dpi) {
    std::vector<RuledTable> tables;
    if (!rulings) return tables;
    Pix* lines = const_cast<Pix*>(rulings);
    // A ruled table is one connected net of rulings at least this big; a
    // lone underline or a horizontal-rules-only table gives no cells.
    const int min_side = std::max(20, dpi / 2);
    // A cell narrower or lower than this is the gap of a doubled ruling.
    const int min_cell = std::max(6, dpi / 25);
    BOXA* nets = pixConnCompBB(lines, 8);
    if (!nets) return tables;
    const int n = boxaGetCount(nets);
    for (int i = 0; i < n; ++i) {
        l_int32 x, y, w, h;
        if (boxaGetBoxGeometry(nets, i, &x, &y, &w, &h) != 0 || w < min_side || h < min_side) continue;
        BOX* region = boxCreate(x, y, w, h);
        PixPtr clip(pixClipRectangle(lines, region, nullptr));
        boxDestroy(&region);
        if (!clip) continue;
        PixPtr holes(pixInvert(nullptr, clip.get()));
        BOXA* cells = holes ? pixConnCompBB(holes.get(), 4) : nullptr;
        if (!cells) continue;
        RuledTable table;
        table.x = x, table.y = y, table.w = w, table.h = h;
        const int m = boxaGetCount(cells);
        for (int k = 0; k < m; ++k) {
            l_int32 cx, cy, cw, ch;
            if (boxaGetBoxGeometry(cells, k, &cx, &cy, &cw, &ch) != 0) continue;
            // Holes touching the net's bounding box lie outside the table.
            if (cx <= 0 || cy <= 0 || cx + cw >= w || cy + ch >= h) continue;
            if (cw < min_cell || ch < min_cell) continue;
            table.cells.push_back({x + cx, y + cy, cw, ch});
        }
        boxaDestroy(&cells);
        // Two cells at least: a framed paragraph or a box around a seal is no table.
        if (table.cells.size() >= 2) tables.push_back(std::move(table));
    }
    boxaDestroy(&nets);
    // Reading order, so words come out in a stable order whatever Leptonica's.
    for (auto& t : tables)
        std::stable_sort(t.cells.begin(), t.cells.end(),
                         [](const PixelRect& a, const PixelRect& b) { return std::tie(a.y, a.x) < std::tie(b.y, b.x); });
    std::stable_sort(tables.begin(), tables.end(),
                     [](const RuledTable& a, const RuledTable& b) { return std::tie(a.y, a.x) < std::tie(b.y, b.x); });
    return tables;
}

struct OcrEngine::Impl {
    tesseract::TessBaseAPI api;
    // Digits-only reading of amount cells; unused when has_digits is false.
    tesseract::TessBaseAPI digits;
    bool has_digits = false;
    ExtractOptions options;
};

OcrEngine::OcrEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OcrEngine::~OcrEngine() {
    impl_->api.End();
    if (impl_->has_digits) impl_->digits.End();
}

std::unique_ptr<OcrEngine> OcrEngine::create(const ExtractOptions& options, std::string& error) {
    // Tesseract's OpenMP loops on top of one instance per worker thread
    // oversubscribe the cores and spin; the workers are the parallelism.
    // Tesseract names its thread count in each parallel region, which
    // overrides omp_set_num_threads: no active parallel level at all keeps
    // every region on the calling thread (a page took 13 s, now 2.5 s, most
    // of the difference kernel time of spinning threads).
    omp_set_num_threads(1);
    omp_set_max_active_levels(0);
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    if (impl->api.Init(nullptr, options.ocr_languages.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
        error = "Tesseract cannot load languages '" + options.ocr_languages + "'";
        return nullptr;
    }
    impl->api.SetPageSegMode(static_cast<tesseract::PageSegMode>(options.ocr_psm));
    impl->api.SetVariable("debug_file", "/dev/null");
    if (!options.ocr_digit_languages.empty()) {
        if (impl->digits.Init(nullptr, options.ocr_digit_languages.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
            error = "Tesseract cannot load languages '" + options.ocr_digit_languages + "' (ocr_digit_languages)";
            return nullptr;
        }
        impl->digits.SetPageSegMode(tesseract::PSM_SINGLE_BLOCK);
        impl->digits.SetVariable("tessedit_char_whitelist", kAmountCharacters);
        impl->digits.SetVariable("debug_file", "/dev/null");
        impl->has_digits = true;
    }
    return std::unique_ptr<OcrEngine>(new OcrEngine(std::move(impl)));
}

namespace {

// The words of Tesseract's last recognition, one list per text line, in
// PDF points (sx, sy: points per pixel). Boxes come from the symbols, not the
// word: a word box can reach into the next row (erased ruling crossings,
// descenders) while the glyphs give the tight box a text layer has. Symbols
// of one word farther apart than a line height are two cells, two words.
std::vector<std::vector<Word>> read_lines(tesseract::TessBaseAPI& api, Pix* ink, double sx, double sy, int dx = 0,
                                          int dy = 0) {
    std::vector<std::vector<Word>> lines;
    std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
    if (!it) return lines;
    const auto level = tesseract::RIL_SYMBOL;
    std::vector<Word> line;
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
    auto close_line = [&] {
        close_word();
        if (!line.empty()) lines.push_back(std::move(line));
        line.clear();
    };
    do {
        if (it->Empty(level)) continue;
        if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) close_line();
        const bool word_start = it->IsAtBeginningOf(tesseract::RIL_WORD);
        std::unique_ptr<char[]> text(it->GetUTF8Text(level));
        int l = 0, t = 0, r = 0, b = 0;
        if (!text || !it->BoundingBox(level, &l, &t, &r, &b)) continue;
        if (std::strlen(text.get()) == 1 && text[0] >= '0' && text[0] <= '9') cut_folded_point(ink, l, t, r, b);
        const Box sym{(l + dx) * sx, (t + dy) * sy, (r + dx) * sx, (b + dy) * sy};
        // Glyph heights, not the word's: Tesseract's word can span the lines
        // of a wrapped header, and that height would hide a cell gap.
        const double h = open ? std::max(sym.height(), prev_sym.height()) : sym.height();
        if (word_start || (open && sym.x0 - prev_sym.x1 > kSymbolSplit * h)) close_word();
        if (!open) {
            cur.box = sym;
            cur.source = WordSource::ocr;
            cur.confidence = 0;
            open = true;
        } else {
            cur.box = cur.box.united(sym);
        }
        // The mean of the symbols' confidences: Tesseract scores some whole
        // words (large titles) 0 while every glyph is sure.
        const double conf = std::clamp(it->Confidence(level) / 100.0, 0.0, 1.0);
        cur.confidence += (conf - cur.confidence) / static_cast<double>(glyphs.size() + 1);
        cur.text += text.get();
        glyphs.push_back(sym);
        cur.font_size = cur.box.height();
        prev_sym = sym;
    } while (it->Next(level));
    close_line();
    return lines;
}

// One text line of one ruled cell is one piece of text, as a text layer
// prints it: its words are joined, unless far apart (kCellSplitGap).
std::vector<Word> join_cell_line(std::vector<Word> words) {
    std::vector<Word> out;
    for (auto& w : words) {
        if (!out.empty()) {
            Word& prev = out.back();
            const double h = std::max(prev.box.height(), w.box.height());
            if (w.box.x0 - prev.box.x1 <= kCellSplitGap * h) {
                append_word(prev, w, false);
                continue;
            }
        }
        out.push_back(std::move(w));
    }
    for (auto& w : out) {
        w.text = fix_ocr_symbols(fix_numeric_confusions(w.text));
        w.font_size = w.box.height();
    }
    return out;
}

// Characters the full model reads in place of a digit in a cell of digits.
bool digit_lookalike(char32_t c) {
    return digit_for(c) || std::u32string_view(U"工]|[丨Il!一").find(c) != std::u32string_view::npos;
}

// A cell's first reading that is an amount with digits misread, or a lone
// look-alike of a 1: worth a digits-only reading.
bool looks_like_amount(const std::string& text) {
    const auto u = utf8_to_u32(remove_spaces(text));
    if (u.empty()) return false;
    int digits = 0, other = 0, foreign = 0;
    for (const char32_t c : u) {
        if (c >= '0' && c <= '9') ++digits;
        else if (numeric_char(c)) continue;
        else if (digit_lookalike(c)) ++other;
        else ++foreign;
    }
    // One foreign character beside a digit or two ("人4"): a stroke read
    // twice, or a unit ("1年"), which the digits reading must then cover.
    if (foreign > 1 || (foreign == 1 && (digits == 0 || u.size() > 3))) return false;
    return digits > 0 || (other > 0 && u.size() <= 2);
}

// Digits followed by one unit of count or time (年, 人, 次 …).
bool number_with_unit(const std::string& text) {
    const auto u = utf8_to_u32(remove_spaces(text));
    if (u.size() < 2 || std::u32string_view(U"年月日人次个家户元万起批页项天台辆件名所条份").find(u.back()) ==
                            std::u32string_view::npos)
        return false;
    for (size_t i = 0; i + 1 < u.size(); ++i)
        if (!(u[i] >= U'0' && u[i] <= U'9') && u[i] != U'.') return false;
    return u.front() >= U'0' && u.front() <= U'9';
}

// White margin around a cell cut out for reading, in pixels.
constexpr int kCellMargin = 10;

// A cell cut out of image with a margin of paper (white: 255 in gray, 0 in
// a 1 bpp image).
PixPtr cut_cell(Pix* image, const PixelRect& cell) {
    BOX* box = boxCreate(cell.x, cell.y, cell.w, cell.h);
    PixPtr clip(pixClipRectangle(image, box, nullptr));
    boxDestroy(&box);
    if (!clip) return nullptr;
    return PixPtr(pixAddBorder(clip.get(), kCellMargin, pixGetDepth(image) == 1 ? 0 : 255));
}

// Lowest text line worth reading, in pixels: 5 points.
int min_line_height(int dpi) { return std::max(6, dpi * 5 / 72); }

// Longest run of pixel rows of a 1 bpp image with ink that no covered
// interval (pixel rows, top and bottom) includes.
int uncovered_ink_run(Pix* bits, const std::vector<std::pair<double, double>>& covered) {
    NUMA* rows = pixCountPixelsByRow(bits, nullptr);
    if (!rows) return 0;
    const int n = numaGetCount(rows);
    int run = 0, best = 0;
    for (int y = 0; y < n; ++y) {
        l_int32 v = 0;
        numaGetIValue(rows, y, &v);
        bool in = false;
        for (const auto& [a, b] : covered) in = in || (y >= a - 1 && y <= b + 1);
        run = v > 0 && !in ? run + 1 : 0;
        best = std::max(best, run);
    }
    numaDestroy(&rows);
    return best;
}

// The words of a cell read as an amount: one row of them (vertical
// overlap) whose text together looks like one.
bool one_row_amount(const std::vector<Word>& words) {
    if (words.empty()) return false;
    std::string text;
    double right = words[0].box.x0;
    for (const auto& w : words) {
        if (std::min(w.box.y1, words[0].box.y1) <= std::max(w.box.y0, words[0].box.y0)) return false;
        // Pieces far apart are two cells the grid failed to part.
        if (w.box.x0 - right > kCellSplitGap * w.box.height()) return false;
        right = std::max(right, w.box.x1);
        text += w.text;
    }
    return looks_like_amount(text);
}

// Fewest ink pixels in a cell worth reading: a printed dash at the OCR
// resolution has about this many.
int min_cell_ink(int dpi) { return std::max(8, dpi / 10); }

}  // namespace

std::vector<Word> drop_shadowed(std::vector<Word> words) {
    std::vector<bool> drop(words.size(), false);
    for (size_t i = 0; i < words.size(); ++i) {
        const Box& a = words[i].box;
        const double area = std::max(1e-9, a.width() * a.height());
        for (size_t j = 0; j < words.size() && !drop[i]; ++j) {
            const Box& b = words[j].box;
            if (i == j || b.height() <= a.height()) continue;
            const double w = std::min(a.x1, b.x1) - std::max(a.x0, b.x0);
            const double h = std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
            if (w > 0 && h > 0 && w * h > kShadowed * area) drop[i] = true;
        }
    }
    std::vector<Word> out;
    for (size_t i = 0; i < words.size(); ++i)
        if (!drop[i]) out.push_back(std::move(words[i]));
    return out;
}

void to_em_boxes(std::vector<Word>& words) {
    std::vector<double> heights;
    for (const auto& w : words)
        if (ends_cjk(utf8_to_u32(w.text)) || starts_cjk(utf8_to_u32(w.text))) heights.push_back(w.box.height());
    if (heights.empty()) return;
    std::sort(heights.begin(), heights.end());
    const double em = heights[heights.size() / 2];
    for (auto& w : words) {
        if (w.box.height() >= em) continue;
        const double grow = (em - w.box.height()) / 2;
        w.box.y0 -= grow;
        w.box.y1 += grow;
        w.font_size = em;
    }
}

namespace {

// Reads the ruled cells of one page: each cell on its own, in block mode;
// lines it misses are read again, and a cell it finds nothing in (a lone
// digit) or an amount is read with digits only.
class CellReader {
public:
    CellReader(tesseract::TessBaseAPI& api, tesseract::TessBaseAPI* digits, int dpi, double sx, double sy,
               double join_gap)
        : api_(api), digits_(digits), dpi_(dpi), sx_(sx), sy_(sy), join_gap_(join_gap) {}

    // Words of one cell of the page images (ink: 1 bpp, gray: what Tesseract reads).
    std::vector<Word> read(const PixelRect& cell, Pix* ink, Pix* gray) {
        BOX* box = boxCreate(cell.x, cell.y, cell.w, cell.h);
        l_int32 count = 0;
        pixCountPixelsInRect(ink, box, &count, nullptr);
        boxDestroy(&box);
        if (count < min_cell_ink(dpi_)) return {};
        // Cut out with a white margin: read in place (SetRectangle)
        // the LSTM invents digits ("362.62" as "3062.02").
        PixPtr crop = cut_cell(ink, cell), crop_gray = cut_cell(gray, cell);
        if (!crop || !crop_gray) return {};
        const int dx = cell.x - kCellMargin, dy = cell.y - kCellMargin;
        api_.SetPageSegMode(tesseract::PSM_SINGLE_BLOCK);
        std::vector<Word> words = read_once(api_, crop_gray.get(), crop.get(), dx, dy, false);
        read_missed_lines(words, crop.get(), crop_gray.get(), dx, dy);
        if (!digits_) return words;
        if (words.empty()) return read_once(*digits_, crop_gray.get(), crop.get(), dx, dy, true);
        if (one_row_amount(words)) reread_amount(words, crop.get(), crop_gray.get(), dx, dy);
        return words;
    }

private:
    // One Tesseract pass over a cell image; a scaled image's pixel p is page
    // pixel p / scale + d.
    std::vector<Word> read_once(tesseract::TessBaseAPI& engine, Pix* image, Pix* bits, int dx, int dy, bool digits,
                                double scale = 1.0) {
        std::vector<Word> out;
        engine.SetImage(image);
        engine.SetSourceResolution(static_cast<int>(dpi_ * scale));
        if (engine.Recognize(nullptr) != 0) return out;
        for (auto& line : read_lines(engine, bits, sx_ / scale, sy_ / scale, static_cast<int>(dx * scale),
                                     static_cast<int>(dy * scale))) {
            if (digits) {
                if (!line.empty())
                    for (auto& w : join_cell_line(std::move(line))) out.push_back(std::move(w));
                continue;
            }
            auto tidy = tidy_ocr_line(std::move(line), join_gap_);
            if (!tidy.empty())
                for (auto& w : join_cell_line(std::move(tidy))) out.push_back(std::move(w));
        }
        if (digits) engine.Clear();
        return out;
    }

    // Tesseract now and then returns nothing for a clean line (a wrapped
    // header's first line, a letter-spaced 栏次) and reads it from a
    // slightly different image: while ink rows are left that no word
    // covers, the cell is read again scaled down, in sparse-text mode, then
    // scaled up, and the lines found there taken in.
    void read_missed_lines(std::vector<Word>& words, Pix* crop, Pix* crop_gray, int dx, int dy) {
        for (int attempt = 0; attempt < 3; ++attempt) {
            std::vector<std::pair<double, double>> covered;
            for (const auto& w : words) covered.push_back({w.box.y0 / sy_ - dy, w.box.y1 / sy_ - dy});
            if (uncovered_ink_run(crop, covered) < min_line_height(dpi_)) break;
            std::vector<Word> more;
            if (attempt == 1) {
                api_.SetPageSegMode(tesseract::PSM_SPARSE_TEXT);
                more = read_once(api_, crop_gray, crop, dx, dy, false);
                api_.SetPageSegMode(tesseract::PSM_SINGLE_BLOCK);
            } else {
                const float scale = attempt == 0 ? kRetryShrink : kRetryGrow;
                PixPtr scaled(pixScale(crop_gray, scale, scale));
                if (scaled) more = read_once(api_, scaled.get(), crop, dx, dy, false, scale);
            }
            for (auto& w : more) {
                bool clash = false;
                for (const auto& c : words) clash = clash || std::min(c.box.y1, w.box.y1) > std::max(c.box.y0, w.box.y0);
                if (!clash) words.push_back(std::move(w));
            }
            std::stable_sort(words.begin(), words.end(),
                             [](const Word& a, const Word& b) { return a.box.y0 < b.box.y0; });
        }
    }

    // An amount or row number is read again with digits only: the full
    // model turns a lone 1 into 工 or ], 14 into ]4.
    void reread_amount(std::vector<Word>& words, Pix* crop, Pix* crop_gray, int dx, int dy) {
        // Pieces on one row ("人" "4") are one reading.
        for (size_t k = 1; k < words.size(); ++k) {
            words[0].text += words[k].text;
            words[0].box = words[0].box.united(words[k].box);
        }
        words.resize(1);
        // A number with its unit ("1年", "11人") is read right: the digits
        // engine takes the unit for a digit (1年 as 14).
        if (number_with_unit(words[0].text)) return;
        auto digits = read_once(*digits_, crop_gray, crop, dx, dy, true);
        // The digits must cover the first reading: a unit beside a number
        // ("1年") is no misread.
        const Box& first = words[0].box;
        if (digits.size() == 1 && !digits[0].text.empty() && digits[0].box.width() >= kDigitsCover * first.width()) {
            digits[0].text = merge_amount_readings(words[0].text, digits[0].text);
            words = std::move(digits);
        }
    }

    tesseract::TessBaseAPI& api_;
    tesseract::TessBaseAPI* digits_;
    int dpi_;
    double sx_, sy_, join_gap_;
};

}  // namespace

std::vector<Word> OcrEngine::recognise(const Pix* image, int dpi, double page_width, double page_height,
                                       std::vector<std::vector<Box>>* ruled_tables) {
    std::vector<Word> words;
    PreparedImage prepared = prepare_for_ocr(image, dpi);
    if (!prepared.ink || !prepared.gray) return words;
    // Tesseract reads the gray image (its own binarisation keeps digit
    // shapes ours loses: 558.50 read 598.50); glyph tests use the 1 bpp ink.
    Pix* ink = prepared.ink.get();
    Pix* gray = prepared.gray.get();
    auto& api = impl_->api;
    const double sx = page_width / pixGetWidth(ink);
    const double sy = page_height / pixGetHeight(ink);
    const double join_gap = impl_->options.ocr_join_gap;
    const auto tables = find_ruled_cells(prepared.rulings.get(), dpi);
    if (ruled_tables)
        for (const auto& table : tables) {
            auto& cells = ruled_tables->emplace_back();
            for (const auto& c : table.cells) cells.push_back({c.x * sx, c.y * sy, (c.x + c.w) * sx, (c.y + c.h) * sy});
        }
    if (!tables.empty()) {
        CellReader reader(api, impl_->has_digits ? &impl_->digits : nullptr, dpi, sx, sy, join_gap);
        for (const auto& table : tables)
            for (const auto& cell : table.cells)
                for (auto& w : reader.read(cell, ink, gray)) words.push_back(std::move(w));
        // The rest of the page (titles, unit lines, notes, text) without the
        // tables, so no cell is read twice.
        for (const auto& table : tables) {
            BOX* box = boxCreate(table.x, table.y, table.w, table.h);
            pixClearInRect(ink, box);
            pixSetInRect(gray, box);
            boxDestroy(&box);
        }
        // Blanked tables leave the rest in separate blocks (a title, unit
        // lines, notes far below): one uniform block (PSM 6) skips the
        // large title, automatic segmentation reads each block.
        api.SetPageSegMode(tesseract::PSM_AUTO);
    }
    api.SetImage(gray);
    api.SetSourceResolution(dpi);
    if (api.Recognize(nullptr) == 0)
        for (auto& line : read_lines(api, ink, sx, sy))
            for (auto& w : tidy_ocr_line(std::move(line), join_gap)) words.push_back(std::move(w));
    api.Clear();
    api.SetPageSegMode(static_cast<tesseract::PageSegMode>(impl_->options.ocr_psm));
    words = drop_specks(drop_shadowed(std::move(words)));
    restore_quote_marks(words);
    for (auto& w : words) w.text = correct_with_lexicon(w.text);
    to_em_boxes(words);
    // Reading order, as a text layer gives it: cells were read before the
    // rest of the page.
    std::stable_sort(words.begin(), words.end(), [](const Word& a, const Word& b) {
        return std::tie(a.box.y0, a.box.x0) < std::tie(b.box.y0, b.box.x0);
    });
    return words;
}

}  // namespace juesuan
