#include "extract/glyph_map.h"

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

double vertical_overlap(const Box& a, const Box& b) {
    return std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
}

std::u32string without_spaces(const std::string& text) {
    std::u32string out;
    for (char32_t c : utf8_to_u32(text))
        if (!is_space(c)) out.push_back(c);
    return out;
}

}  // namespace

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

// slot_glyphs on the covered glyphs' boxes.
std::vector<int> slots_of(const std::vector<GlyphRun>& runs, const std::vector<GlyphRef>& covered, const Word& word,
                          size_t chars) {
    std::vector<Box> boxes;
    for (const auto& ref : covered) boxes.push_back(runs[ref.run].glyphs[ref.glyph].box);
    return slot_glyphs(boxes, word.box, chars);
}

// Glyphs missing in a gap of this many glyph widths (rounded), from 0.6 on.
size_t missing_in(double gap, double unit) {
    if (unit <= 0 || gap < kInsertRoom * unit) return 0;
    return static_cast<size_t>(std::lround(gap / unit));
}

}  // namespace

std::vector<int> slot_glyphs(const std::vector<Box>& glyphs, const Box& word, size_t chars) {
    if (glyphs.empty()) return {};
    auto fill = [&](double unit) {
        std::vector<int> slots;
        slots.insert(slots.end(), missing_in(glyphs.front().x0 - word.x0, unit), -1);
        for (size_t i = 0; i < glyphs.size(); ++i) {
            if (i > 0) slots.insert(slots.end(), missing_in(glyphs[i].x0 - glyphs[i - 1].x1, unit), -1);
            slots.push_back(static_cast<int>(i));
        }
        slots.insert(slots.end(), missing_in(word.x1 - glyphs.back().x1, unit), -1);
        return slots;
    };
    // Dropped glyphs are most often full-width (CJK), else half-width.
    double widest = 0, narrowest = glyphs.front().width();
    for (const Box& g : glyphs) {
        widest = std::max(widest, g.width());
        narrowest = std::min(narrowest, g.width());
    }
    // Half the narrowest: a dropped point or comma between digits.
    for (double unit : {widest, narrowest, narrowest / 2}) {
        auto slots = fill(unit);
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
        const auto slots = slots_of(runs, covered, word, chars.size());
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
                ++page.glyphs;
                const bool split = reading[r][i] && reading[r][i]->share < min_share && local[r][i];
                const auto& rd = reading[r][i] && !split ? reading[r][i] : local[r][i];
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
            if (complete) {
                box.x0 -= grow_left[r][begin];
                box.x1 += grow_right[r][end - 1];
                Word w;
                w.text = u32_to_utf8(text);
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
