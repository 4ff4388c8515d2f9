#include "extract/glyph_map.h"

#include "extract/ocr.h"
#include "model/text.h"

#include <algorithm>
#include <cmath>

namespace juesuan {
namespace {

// How far (in OCR word heights) a glyph's centre may lie outside the OCR
// word's ink box: ink is tighter than the glyph's advance box, and
// full-width punctuation prints in one half of its box.
constexpr double kCentreSlack = 0.35;

// Floor of a vote's weight: Tesseract reports 0 for some plainly right words.
constexpr double kMinWeight = 0.05;

// Evidence that makes a lone vote half sure (GlyphReading::confidence).
constexpr double kEvidenceHalf = 0.5;

// Confidence factor of a glyph read only by the OCR word over it (the map
// has no vote for its key).
constexpr double kLocalConfidence = 0.5;

// A gap between glyphs under an OCR word holds dropped glyphs from this
// many glyph widths on (slot_glyphs).
constexpr double kInsertRoom = 0.6;

// An OCR word over no glyph at all (its characters all dropped out of the
// text layer) is kept from this confidence on.
constexpr double kMinOcrOnlyConfidence = 0.6;

// Decoded words from this many characters on, with a glyph read less
// surely than this (one OCR reading, no agreeing second one), are corrected
// with the report lexicon (correct_with_lexicon): words of a few glyphs can
// be the part of a word split at a wide gap ("办公设" of 办公设备购置, which
// would take the short phrase 办公费), and surely read glyphs are right more
// often than the lexicon's one-character guesses.
constexpr size_t kLexiconFrom = 4;
constexpr double kUnsureReading = 0.7;

// A glyph box at least this wide for its height is full-width (CJK) in a
// CJK font; half-width Latin and digits are about half of it.
constexpr double kFullWidth = 0.6;
// A quotation mark's ink is at most this share of its box's height.
constexpr double kQuoteHeight = 0.35;

double vertical_overlap(const Box& a, const Box& b) {
    return std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
}

// Neither a letter, digit nor CJK character: the readings OCR gets wrong
// most (a quotation mark taken for a comma).
bool is_punctuation(char32_t c) {
    if (is_cjk(c) || is_space(c)) return false;
    if ((c >= U'0' && c <= U'9') || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z')) return false;
    return c < 0x2E80 || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF65);
}

std::u32string without_spaces(const std::string& text) {
    std::u32string out;
    for (char32_t c : utf8_to_u32(text))
        if (!is_space(c)) out.push_back(c);
    return out;
}

}  // namespace

void measure_glyph_ink(std::vector<GlyphRun>& runs, int image_width, int image_height, double dpi,
                       const std::function<bool(int, int)>& dark) {
    const double scale = dpi / 72.0;
    for (GlyphRun& run : runs) {
        for (Glyph& g : run.glyphs) {
            // One pixel in from each edge: the neighbours' anti-aliasing.
            const int x0 = std::max(0, static_cast<int>(std::ceil(g.box.x0 * scale)) + 1);
            const int y0 = std::max(0, static_cast<int>(std::ceil(g.box.y0 * scale)) + 1);
            const int x1 = std::min(image_width, static_cast<int>(std::floor(g.box.x1 * scale)) - 1);
            const int y1 = std::min(image_height, static_cast<int>(std::floor(g.box.y1 * scale)) - 1);
            if (x1 <= x0 || y1 <= y0) continue;  // too small to tell
            int ix0 = x1, iy0 = y1, ix1 = x0 - 1, iy1 = y0 - 1;
            for (int y = y0; y < y1; ++y)
                for (int x = x0; x < x1; ++x)
                    if (dark(x, y)) {
                        ix0 = std::min(ix0, x), ix1 = std::max(ix1, x);
                        iy0 = std::min(iy0, y), iy1 = std::max(iy1, y);
                    }
            g.blank = ix1 < ix0;
            if (g.blank) g.ink.reset();
            else g.ink = Box{ix0 / scale, iy0 / scale, (ix1 + 1) / scale, (iy1 + 1) / scale};
        }
    }
}

char32_t quote_from_ink(const Glyph& glyph) {
    if (glyph.blank || !glyph.ink) return 0;
    const Box& box = glyph.box;
    const Box& ink = *glyph.ink;
    if (box.width() < kFullWidth * box.height()) return 0;
    if (ink.height() > kQuoteHeight * box.height() || ink.y1 > box.cy()) return 0;
    if (ink.x0 >= box.cx()) return U'“';
    if (ink.x1 <= box.cx()) return U'”';
    return 0;  // centred: a middle dot or the like
}

void GlyphMap::vote(const GlyphKey& key, char32_t text, double weight) {
    auto& tally = votes_[key];
    tally.weight[text] += std::max(kMinWeight, weight);
    tally.count[text] += 1;
}

void GlyphMap::vote_gap(const GlyphKey& before, const GlyphKey& after, const std::u32string& text, double weight) {
    gaps_[{before, after}][text] += std::max(kMinWeight, weight);
}

std::optional<std::u32string> GlyphMap::lookup_gap(const GlyphKey& before, const GlyphKey& after,
                                                   size_t length) const {
    const auto it = gaps_.find({before, after});
    if (it == gaps_.end()) return std::nullopt;
    std::optional<std::u32string> best;
    double most = 0;
    for (const auto& [text, weight] : it->second) {
        if (text.size() != length || weight <= most) continue;
        most = weight;
        best = text;
    }
    return best;
}

std::optional<GlyphReading> GlyphMap::lookup(const GlyphKey& key) const {
    const auto it = votes_.find(key);
    if (it == votes_.end() || it->second.weight.empty()) return std::nullopt;
    double total = 0, best = -1;
    char32_t winner = 0;
    for (const auto& [text, weight] : it->second.weight) {
        total += weight;
        if (weight > best) {  // strict: ties keep the lower code point
            best = weight;
            winner = text;
        }
    }
    GlyphReading reading;
    reading.text = winner;
    reading.share = best / total;
    reading.confidence = reading.share * (total / (total + kEvidenceHalf));
    reading.votes = it->second.count.at(winner);
    return reading;
}

namespace {

struct GlyphRef {
    size_t run = 0, glyph = 0;
};

// The glyphs an OCR word covers, left to right: on its line (vertical
// overlap of half the smaller height) with the centre inside its box. Empty
// when they are not all on one line (an OCR word over two lines).
std::vector<GlyphRef> covered_glyphs(const std::vector<GlyphRun>& runs, const Word& word) {
    std::vector<GlyphRef> covered;
    const double slack = kCentreSlack * word.box.height();
    for (size_t r = 0; r < runs.size(); ++r) {
        for (size_t i = 0; i < runs[r].glyphs.size(); ++i) {
            if (runs[r].glyphs[i].blank) continue;  // nothing for OCR to read
            const Box& g = runs[r].glyphs[i].box;
            if (vertical_overlap(g, word.box) < 0.5 * std::min(g.height(), word.box.height())) continue;
            if (g.cx() < word.box.x0 - slack || g.cx() > word.box.x1 + slack) continue;
            covered.push_back({r, i});
        }
    }
    const auto box = [&](const GlyphRef& ref) -> const Box& { return runs[ref.run].glyphs[ref.glyph].box; };
    std::stable_sort(covered.begin(), covered.end(),
                     [&](const GlyphRef& a, const GlyphRef& b) { return box(a).cx() < box(b).cx(); });
    for (const auto& a : covered)
        for (const auto& b : covered)
            if (vertical_overlap(box(a), box(b)) < 0.5 * std::min(box(a).height(), box(b).height())) return {};
    return covered;
}

// A covered glyph's box grown over the blank glyphs (spaces) beside it in
// its run: the room a space takes is no dropped glyph.
Box slot_box(const std::vector<GlyphRun>& runs, const GlyphRef& ref) {
    const auto& glyphs = runs[ref.run].glyphs;
    Box box = glyphs[ref.glyph].box;
    for (size_t j = ref.glyph + 1; j < glyphs.size() && glyphs[j].blank; ++j)
        box.x1 = std::max(box.x1, glyphs[j].box.x1);
    for (size_t j = ref.glyph; j > 0 && glyphs[j - 1].blank; --j)
        box.x0 = std::min(box.x0, glyphs[j - 1].box.x0);
    return box;
}

// slot_glyphs on the covered glyphs' boxes.
std::vector<int> slots_of(const std::vector<GlyphRun>& runs, const std::vector<GlyphRef>& covered, const Word& word,
                          size_t chars) {
    std::vector<Box> boxes;
    for (const auto& ref : covered) boxes.push_back(slot_box(runs, ref));
    return slot_glyphs(boxes, word.box, chars);
}

// Glyphs missing in a gap of this many glyph widths (rounded), from 0.6 on.
size_t missing_in(double gap, double unit) {
    if (unit <= 0 || gap < kInsertRoom * unit) return 0;
    return static_cast<size_t>(std::lround(gap / unit));
}

}  // namespace

namespace {

// The slots of glyphs under a word of width `word`, gaps counted in `unit`.
std::vector<int> fill_slots(const std::vector<Box>& glyphs, const Box& word, double unit) {
    std::vector<int> slots;
    slots.insert(slots.end(), missing_in(glyphs.front().x0 - word.x0, unit), -1);
    for (size_t i = 0; i < glyphs.size(); ++i) {
        if (i > 0) slots.insert(slots.end(), missing_in(glyphs[i].x0 - glyphs[i - 1].x1, unit), -1);
        slots.push_back(static_cast<int>(i));
    }
    slots.insert(slots.end(), missing_in(word.x1 - glyphs.back().x1, unit), -1);
    return slots;
}

// The units gaps are counted in, most likely first: dropped glyphs are most
// often full-width (CJK), else half-width; half the narrowest is a dropped
// point or comma between digits (only among half-width glyphs: in CJK text
// it would fit a gap of one CJK glyph with two characters).
std::vector<double> gap_units(const std::vector<Box>& glyphs) {
    double widest = 0, narrowest = glyphs.front().width();
    const Box* narrowest_box = &glyphs.front();
    for (const Box& g : glyphs) {
        widest = std::max(widest, g.width());
        if (g.width() < narrowest) narrowest = g.width(), narrowest_box = &g;
    }
    if (narrowest >= kFullWidth * narrowest_box->height()) return {widest, narrowest};
    return {widest, narrowest, narrowest / 2};
}

}  // namespace

std::vector<int> slot_layout(const std::vector<Box>& glyphs, const Box& word, size_t chars) {
    if (glyphs.empty()) return {};
    std::vector<int> best;
    for (double unit : gap_units(glyphs)) {
        auto slots = fill_slots(glyphs, word, unit);
        const auto off = [&](const std::vector<int>& s) {
            return s.size() > chars ? s.size() - chars : chars - s.size();
        };
        if (best.empty() || off(slots) < off(best)) best = std::move(slots);
    }
    return best;
}

std::vector<int> align_to_slots(const std::vector<int>& slots, const std::vector<std::optional<char32_t>>& expected,
                                const std::u32string& chars, double max_cost) {
    // Edit distance between the OCR characters and the slots: a glyph slot
    // costs nothing where the map reads it as OCR did, a little where the
    // map has no reading, a full edit where it reads another character; a
    // gap slot (a dropped glyph, its count estimated from the width) takes
    // any character for a little. A character or slot left unpaired is a
    // full edit, an estimated gap slot a little less.
    // A character read twice in a row ("明细表表") is the likeliest one to skip.
    constexpr double kUnknown = 0.25, kGap = 0.2, kSkip = 1.0, kSkipGap = 0.8, kSkipRepeat = 0.9;
    const size_t n = slots.size(), m = chars.size();
    if (n == 0 || m == 0) return {};
    const auto pair_cost = [&](size_t s, size_t c) {
        if (slots[s] < 0) return kGap;
        const auto& e = expected[static_cast<size_t>(slots[s])];
        if (!e) return kUnknown;
        return *e == chars[c] ? 0.0 : kSkip;
    };
    // cost[i][j]: first i slots against first j characters; step 0 pair, 1 skip slot, 2 skip char.
    std::vector<std::vector<double>> cost(n + 1, std::vector<double>(m + 1, 0));
    std::vector<std::vector<int>> step(n + 1, std::vector<int>(m + 1, 0));
    const auto skip_slot = [&](size_t s) { return slots[s] < 0 ? kSkipGap : kSkip; };
    for (size_t i = 1; i <= n; ++i) cost[i][0] = cost[i - 1][0] + skip_slot(i - 1), step[i][0] = 1;
    for (size_t j = 1; j <= m; ++j) cost[0][j] = cost[0][j - 1] + kSkip, step[0][j] = 2;
    for (size_t i = 1; i <= n; ++i) {
        for (size_t j = 1; j <= m; ++j) {
            // Ties: pairing first, then skipping a slot (deterministic).
            double best = cost[i - 1][j - 1] + pair_cost(i - 1, j - 1);
            int how = 0;
            if (cost[i - 1][j] + skip_slot(i - 1) < best) best = cost[i - 1][j] + skip_slot(i - 1), how = 1;
            const double skip_char = j >= 2 && chars[j - 1] == chars[j - 2] ? kSkipRepeat : kSkip;
            if (cost[i][j - 1] + skip_char < best) best = cost[i][j - 1] + skip_char, how = 2;
            cost[i][j] = best;
            step[i][j] = how;
        }
    }
    if (cost[n][m] > max_cost * static_cast<double>(std::max(n, m))) return {};
    std::vector<int> out(m, kUnpaired);
    for (size_t i = n, j = m; i > 0 || j > 0;) {
        const int how = step[i][j];
        if (how == 0) {
            out[j - 1] = slots[i - 1];
            --i, --j;
        } else if (how == 1) {
            --i;
        } else {
            --j;
        }
    }
    return out;
}

std::vector<int> slot_glyphs(const std::vector<Box>& glyphs, const Box& word, size_t chars) {
    if (glyphs.empty()) return {};
    for (double unit : gap_units(glyphs)) {
        auto slots = fill_slots(glyphs, word, unit);
        if (slots.size() == chars) return slots;
    }
    if (glyphs.size() == chars) {  // a wide gap OCR read no character in (spaced-out headers)
        std::vector<int> slots(chars);
        for (size_t i = 0; i < chars; ++i) slots[i] = static_cast<int>(i);
        return slots;
    }
    return {};
}

std::vector<GlyphVote> align_ocr_words(const std::vector<GlyphRun>& runs, const std::vector<Word>& ocr_words) {
    std::vector<GlyphVote> votes;
    for (size_t w = 0; w < ocr_words.size(); ++w) {
        const Word& word = ocr_words[w];
        const std::u32string chars = without_spaces(word.text);
        if (chars.empty()) continue;
        const auto covered = covered_glyphs(runs, word);
        const auto slots = slots_of(runs, covered, word, chars.size());
        for (size_t i = 0; i < slots.size(); ++i) {
            if (slots[i] < 0) continue;
            const auto& ref = covered[static_cast<size_t>(slots[i])];
            votes.push_back({ref.run, ref.glyph, chars[i], word.confidence, w});
        }
    }
    return votes;
}

void learn_glyph_map(const std::vector<GlyphRun>& runs, const std::vector<Word>& ocr_words, GlyphMap& map,
                     const GlyphMap* check) {
    for (const Word& word : ocr_words) {
        const std::u32string chars = without_spaces(word.text);
        if (chars.empty()) continue;
        const auto covered = covered_glyphs(runs, word);
        const auto slots = slots_of(runs, covered, word, chars.size());
        if (slots.empty()) continue;
        const auto key = [&](int slot) {
            if (slot < 0) return GlyphKey{};
            const Glyph& g = runs[covered[static_cast<size_t>(slot)].run].glyphs[covered[static_cast<size_t>(slot)].glyph];
            return GlyphKey{g.font, g.code};
        };
        size_t paired = 0, agree = 0;
        for (size_t i = 0; i < slots.size(); ++i) {
            if (slots[i] < 0) continue;
            ++paired;
            const auto reading = check ? check->lookup(key(slots[i])) : std::nullopt;
            if (reading && reading->text == chars[i]) ++agree;
        }
        if (check && paired >= 2 && 2 * agree < paired) continue;  // misaligned word
        int last = -1;
        std::u32string pending;
        for (size_t i = 0; i <= slots.size(); ++i) {
            if (i < slots.size() && slots[i] < 0) {
                pending.push_back(chars[i]);
                continue;
            }
            const int next = i < slots.size() ? slots[i] : -1;
            // Only gaps between two glyphs: a word's end says too little ("补助" ends
            // both "补助收入" and "补助支出").
            if (!pending.empty() && last >= 0 && next >= 0) map.vote_gap(key(last), key(next), pending, word.confidence);
            pending.clear();
            if (i == slots.size()) break;
            map.vote(key(next), chars[i], word.confidence);
            last = next;
        }
    }
}

std::vector<std::pair<size_t, size_t>> split_glyph_boxes(const std::vector<Box>& boxes, double font_size,
                                                         double gap_factor) {
    std::vector<std::pair<size_t, size_t>> out;
    if (boxes.empty()) return out;
    const double limit = std::max(1.0, font_size) * gap_factor;
    size_t start = 0;
    for (size_t i = 1; i < boxes.size(); ++i) {
        if (boxes[i].x0 - boxes[i - 1].x1 > limit) {
            out.emplace_back(start, i);
            start = i;
        }
    }
    out.emplace_back(start, boxes.size());
    return out;
}

DecodedPage decode_glyph_runs(const std::vector<GlyphRun>& runs, const GlyphMap& map,
                              const std::vector<Word>& ocr_words, double gap_factor, double min_share) {
    DecodedPage page;
    // Per glyph: the map's reading, OCR's local reading (from the word over
    // it), and characters OCR read where the text layer has no glyph (codes
    // poppler takes for white space drop out of broken text layers).
    std::vector<std::vector<std::optional<GlyphReading>>> reading(runs.size());
    std::vector<std::vector<std::optional<GlyphReading>>> local(runs.size());
    std::vector<std::vector<std::u32string>> before(runs.size()), after(runs.size());
    std::vector<std::vector<double>> grow_left(runs.size()), grow_right(runs.size());
    for (size_t r = 0; r < runs.size(); ++r) {
        const size_t n = runs[r].glyphs.size();
        for (const Glyph& g : runs[r].glyphs) reading[r].push_back(map.lookup({g.font, g.code}));
        local[r].resize(n);
        before[r].resize(n);
        after[r].resize(n);
        grow_left[r].resize(n, 0);
        grow_right[r].resize(n, 0);
    }
    std::vector<const Word*> ocr_only;
    for (const Word& word : ocr_words) {
        const std::u32string chars = without_spaces(word.text);
        if (chars.empty()) continue;
        const auto covered = covered_glyphs(runs, word);
        if (covered.empty()) {
            const bool over_glyph = std::any_of(runs.begin(), runs.end(), [&](const GlyphRun& run) {
                return std::any_of(run.glyphs.begin(), run.glyphs.end(), [&](const Glyph& g) {
                    return g.box.x0 < word.box.x1 && word.box.x0 < g.box.x1 && g.box.y0 < word.box.y1 &&
                           word.box.y0 < g.box.y1;
                });
            });
            if (!over_glyph && word.confidence >= kMinOcrOnlyConfidence) ocr_only.push_back(&word);
            continue;
        }
        auto slots = slots_of(runs, covered, word, chars.size());
        if (slots.empty()) {
            std::vector<Box> boxes;
            std::vector<std::optional<char32_t>> expected;
            for (const auto& ref : covered) {
                boxes.push_back(slot_box(runs, ref));
                const auto& rd = reading[ref.run][ref.glyph];
                expected.push_back(rd && rd->share >= min_share ? std::optional<char32_t>(rd->text) : std::nullopt);
            }
            slots = align_to_slots(slot_layout(boxes, word.box, chars.size()), expected, chars);
        }
        if (slots.empty()) continue;
        // Characters OCR read in a gap of the glyphs join the glyph before
        // them (or the first one); the word's box grows over them.
        int last = -1;
        std::u32string pending;
        double pending_width = 0;
        const auto key = [&](int slot) {
            if (slot < 0) return GlyphKey{};
            const auto& ref = covered[static_cast<size_t>(slot)];
            return GlyphKey{runs[ref.run].glyphs[ref.glyph].font, runs[ref.run].glyphs[ref.glyph].code};
        };
        auto flush = [&](int next) {
            if (pending.empty()) return;
            if (last >= 0 && next >= 0)
                if (auto voted = map.lookup_gap(key(last), key(next), pending.size())) pending = *voted;
            const auto& ref = covered[static_cast<size_t>(last >= 0 ? last : next)];
            if (last >= 0) {
                after[ref.run][ref.glyph] += pending;
                grow_right[ref.run][ref.glyph] += pending_width;
            } else {
                before[ref.run][ref.glyph] = pending + before[ref.run][ref.glyph];
                grow_left[ref.run][ref.glyph] += pending_width;
            }
            page.inserted_chars += pending.size();
            pending.clear();
            pending_width = 0;
        };
        const double per_char = word.box.width() / static_cast<double>(chars.size());
        for (size_t i = 0; i < slots.size(); ++i) {
            if (slots[i] == kUnpaired) continue;
            if (slots[i] < 0) {
                pending.push_back(chars[i]);
                pending_width += per_char;
                continue;
            }
            flush(slots[i]);
            last = slots[i];
            const auto& ref = covered[static_cast<size_t>(slots[i])];
            local[ref.run][ref.glyph] = GlyphReading{chars[i], word.confidence * kLocalConfidence, 1};
        }
        flush(-1);
    }

    std::vector<bool> ocr_used(ocr_words.size(), false);
    std::vector<Box> fallback_boxes;
    std::vector<Word> decoded;
    for (size_t r = 0; r < runs.size(); ++r) {
        const GlyphRun& run = runs[r];
        std::vector<Box> boxes;
        boxes.reserve(run.glyphs.size());
        for (const Glyph& g : run.glyphs) boxes.push_back(g.box);
        for (const auto& [begin, end] : split_glyph_boxes(boxes, run.font_size, gap_factor)) {
            std::u32string text;
            double confidence = 1.0;
            bool complete = true;
            Box box = boxes[begin];
            for (size_t i = begin; i < end; ++i) {
                box = box.united(boxes[i]);
                if (run.glyphs[i].blank) continue;  // a space
                ++page.glyphs;
                const bool split = reading[r][i] && reading[r][i]->share < min_share && local[r][i];
                auto rd = reading[r][i] && !split ? reading[r][i] : local[r][i];
                if (!rd || is_punctuation(rd->text))
                    if (const char32_t quote = quote_from_ink(run.glyphs[i]))
                        rd = GlyphReading{quote, rd ? rd->confidence : kLocalConfidence, 1, 0};
                if (!rd) {
                    complete = false;
                    continue;
                }
                if (reading[r][i] && !split) ++page.decoded_glyphs;
                text += before[r][i];
                text.push_back(rd->text);
                text += after[r][i];
                confidence = std::min(confidence, rd->confidence);
            }
            if (complete && text.empty()) continue;  // spaces only
            if (complete) {
                box.x0 -= grow_left[r][begin];
                box.x1 += grow_right[r][end - 1];
                Word w;
                w.text = u32_to_utf8(text);
                if (text.size() >= kLexiconFrom && confidence < kUnsureReading) {
                    // A glyph read once, and misread ("被压购置费"); a character
                    // for a character only: a word split at a wide gap
                    // ("务还本支出" of 债务还本支出) must not take the phrase whole.
                    std::string corrected = correct_with_lexicon(w.text);
                    if (utf8_to_u32(corrected).size() == text.size()) w.text = std::move(corrected);
                }
                w.box = box;
                w.font_size = run.font_size;
                w.source = WordSource::ocr;
                w.confidence = confidence;
                decoded.push_back(std::move(w));
                continue;
            }
            // Fall back to what OCR read over this word.
            bool any = false;
            const double slack = kCentreSlack * std::max(1.0, run.font_size);
            for (size_t k = 0; k < ocr_words.size(); ++k) {
                if (ocr_used[k]) continue;
                const Box& o = ocr_words[k].box;
                if (o.cx() < box.x0 - slack || o.cx() > box.x1 + slack || o.cy() < box.y0 || o.cy() > box.y1) continue;
                ocr_used[k] = true;
                page.words.push_back(ocr_words[k]);
                fallback_boxes.push_back(o);
                any = true;
            }
            if (any) ++page.fallback_words;
            else ++page.dropped_words;
        }
    }
    // A decoded word under a fallback OCR word is already in it.
    for (Word& w : decoded) {
        const bool inside = std::any_of(fallback_boxes.begin(), fallback_boxes.end(), [&](const Box& o) {
            return w.box.cx() >= o.x0 && w.box.cx() <= o.x1 && w.box.cy() >= o.y0 && w.box.cy() <= o.y1;
        });
        if (!inside) page.words.push_back(std::move(w));
    }
    for (const Word* w : ocr_only) {
        page.words.push_back(*w);
        ++page.ocr_only_words;
    }
    return page;
}

void decode_broken_pages(Document& doc, const std::vector<BrokenPage>& pages, double gap_factor,
                         double min_decoded_share) {
    // Twice: the second pass drops the words the first map shows misaligned.
    GlyphMap first, map;
    for (const BrokenPage& b : pages) learn_glyph_map(b.runs, doc.pages[b.page_index].words, first);
    for (const BrokenPage& b : pages) learn_glyph_map(b.runs, doc.pages[b.page_index].words, map, &first);
    for (const BrokenPage& b : pages) {
        Page& page = doc.pages[b.page_index];
        DecodedPage decoded = decode_glyph_runs(b.runs, map, page.words, gap_factor);
        if (decoded.glyphs == 0) continue;
        const std::string counts = std::to_string(decoded.decoded_glyphs) + " of " +
                                   std::to_string(decoded.glyphs) + " glyphs decoded";
        if (static_cast<double>(decoded.decoded_glyphs) < min_decoded_share * static_cast<double>(decoded.glyphs)) {
            page.source_reason += " (OCR-learned glyph map too sparse: " + counts + ")";
            continue;
        }
        page.words = std::move(decoded.words);
        page.source = WordSource::ocr;
        page.source_reason = "text layer decoded with an OCR-learned glyph map (" + counts + "): " + b.verdict;
        if (decoded.fallback_words + decoded.dropped_words + decoded.inserted_chars + decoded.ocr_only_words > 0)
            doc.diagnose(Severity::info, page.number, "extract",
                         "glyph map: " + std::to_string(decoded.glyphs - decoded.decoded_glyphs) +
                             " glyphs undecoded; " + std::to_string(decoded.fallback_words) +
                             " words taken from OCR instead, " + std::to_string(decoded.dropped_words) +
                             " left out (OCR read nothing there); " + std::to_string(decoded.inserted_chars) +
                             " characters and " + std::to_string(decoded.ocr_only_words) +
                             " words OCR read where the text layer has no glyph");
    }
}

}  // namespace juesuan
