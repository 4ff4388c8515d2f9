// Decoding a broken text layer with a glyph map learned from OCR (a
// substitution-cipher solve).
//
// A PDF whose fonts lack a ToUnicode map still places every glyph exactly;
// only the characters are wrong, and they are wrong consistently: one glyph
// of one font always comes out as the same code. So the page is OCR'd, each
// OCR word is paired with the text-layer glyphs it covers, and every pairing
// is a vote "this (font, code) reads as that character". Majority over the
// whole document (weighted by OCR confidence) outvotes single misreadings,
// and the text layer's exact positions are kept.
//
// Pure functions on plain records: no poppler, no Tesseract, so the logic is
// unit-testable; extract.cpp feeds them.
#pragma once

#include "model/document.h"

#include <compare>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace juesuan {

// One text-layer glyph: its font (name with subset prefix: subsets reuse
// codes), the (wrong) character poppler returns for it, and its exact box.
struct Glyph {
    std::string font;
    char32_t code = 0;
    Box box;
    // What the rendered page shows inside the box, where it was measured
    // (measure_glyph_ink): nothing (a space glyph: producers embed spaces as
    // glyphs, which OCR cannot read and would pair with a neighbour's
    // character), or the bounding box of the ink.
    bool blank = false;
    std::optional<Box> ink;
};

// One text-layer word as the PDF gives it (before splitting at wide gaps).
struct GlyphRun {
    std::vector<Glyph> glyphs;
    double font_size = 0;  // the run's box height, as for text-layer words
};

// Measures each glyph's ink (Glyph::blank, Glyph::ink) on a page image
// rendered at dpi in the text layer's upright space: dark(pixel) says
// whether pixel (x, y) is ink. Only the inner part of each box is looked at,
// so that neighbours' anti-aliasing and rulings along the box edge are not
// taken for its ink.
void measure_glyph_ink(std::vector<GlyphRun>& runs, int image_width, int image_height, double dpi,
                       const std::function<bool(int, int)>& dark);

// The quotation mark a glyph's ink shows, or 0: ink small and high in a
// full-width box (CJK “ and ” sit at the side of the box next to the text
// they enclose: “ at the right, ” at the left). For glyphs the map cannot
// read and OCR reads as nothing or other punctuation (Tesseract takes ” for
// a comma and drops “ in CJK text).
char32_t quote_from_ink(const Glyph& glyph);

struct GlyphKey {
    std::string font;
    char32_t code = 0;
    auto operator<=>(const GlyphKey&) const = default;
};

// What a glyph key decodes to, and how sure the vote is.
struct GlyphReading {
    char32_t text = 0;
    // Winner's share of the vote weight, scaled down when there is little
    // evidence (share × total / (total + 0.5)): one vote is never sure.
    double confidence = 0;
    double share = 0;  // winner's share of the vote weight
    int votes = 0;     // pairings behind the winner
};

// Votes per glyph key; deterministic (ordered maps, ties to the lower code point).
// Also votes on what OCR reads in the gaps glyphs dropped out of between two
// glyphs, keyed on those glyphs: "财政拨[款]支出" recurs, so the gap between
// 拨 and 支 is read by majority too.
class GlyphMap {
public:
    void vote(const GlyphKey& key, char32_t text, double weight);
    std::optional<GlyphReading> lookup(const GlyphKey& key) const;
    size_t size() const { return votes_.size(); }

    void vote_gap(const GlyphKey& before, const GlyphKey& after, const std::u32string& text, double weight);
    // The reading of that many characters with the most weight, if any.
    std::optional<std::u32string> lookup_gap(const GlyphKey& before, const GlyphKey& after, size_t length) const;

private:
    struct Tally {
        std::map<char32_t, double> weight;
        std::map<char32_t, int> count;
    };
    std::map<GlyphKey, Tally> votes_;
    std::map<std::pair<GlyphKey, GlyphKey>, std::map<std::u32string, double>> gaps_;
};

// A pairing of one glyph (runs[run].glyphs[glyph]) with an OCR character.
struct GlyphVote {
    size_t run = 0;
    size_t glyph = 0;
    char32_t text = 0;
    double weight = 0;
    size_t word = 0;  // index of the OCR word
};

// The slots of an OCR word of `chars` characters (white space removed) over
// glyph boxes (its covered glyphs, left to right): per character, the index
// of its glyph or -1 for a glyph missing from the text layer (broken text
// layers lose the glyphs whose codes poppler takes for white space, leaving a
// gap). Gaps are counted in the widest glyph's width, then the narrowest
// one's, then half that (points; only where the narrowest glyph is
// half-width); a word whose count fits neither, nor the plain glyph count, gets none.
std::vector<int> slot_glyphs(const std::vector<Box>& glyphs, const Box& word, size_t chars);

// The slots of the glyphs under a word whose character count fits no gap
// unit: gaps counted in the unit whose slot count comes nearest to chars
// (widest first), for align_to_slots.
std::vector<int> slot_layout(const std::vector<Box>& glyphs, const Box& word, size_t chars);

// An OCR character align_to_slots pairs with no slot (read twice, or a
// character the page does not print).
constexpr int kUnpaired = -2;

// Pairs the characters of an OCR word with slots (slot_layout: glyph indices,
// -1 for a dropped glyph) when the counts differ (OCR read a character
// twice, made one up, or lost one): the cheapest edit sequence, in which a
// glyph pairs for free with the character the map reads it as (expected,
// per glyph index), a gap slot with any character for a little. Per
// character: its slot's value, or kUnpaired. Empty when the edits cost more
// than max_cost per slot or character (the longer count): the word and the
// glyphs do not say the same.
std::vector<int> align_to_slots(const std::vector<int>& slots, const std::vector<std::optional<char32_t>>& expected,
                                const std::u32string& chars, double max_cost = 0.3);

// Pairs OCR words with the glyphs they cover (centre inside the word's box,
// all on one line) through slot_glyphs, one vote per paired glyph weighted
// by the word's confidence.
std::vector<GlyphVote> align_ocr_words(const std::vector<GlyphRun>& runs, const std::vector<Word>& ocr_words);

// Adds a page's pairings (align_ocr_words) and gap readings to the map. With check (a map of
// the whole document's first pass): leaves out each OCR word of two or more
// pairings fewer than half of which agree with check's readings (a word
// paired off by one, e.g. OCR skipped a quotation mark the text layer has).
void learn_glyph_map(const std::vector<GlyphRun>& runs, const std::vector<Word>& ocr_words, GlyphMap& map,
                     const GlyphMap* check = nullptr);

// Splits a run's glyph boxes where the gap between two glyphs exceeds
// gap_factor × font size (the rule text-layer words are split by in
// extract.cpp): [begin, end) index ranges, in order.
std::vector<std::pair<size_t, size_t>> split_glyph_boxes(const std::vector<Box>& boxes, double font_size,
                                                         double gap_factor);

struct DecodedPage {
    std::vector<Word> words;
    size_t glyphs = 0;          // glyphs on the page
    size_t decoded_glyphs = 0;  // glyphs the map decodes
    // Text-layer words with an undecodable glyph, replaced by the OCR words
    // over them (fallback) or left out where OCR read nothing there (dropped).
    size_t fallback_words = 0;
    size_t dropped_words = 0;
    // Characters OCR read in a gap of the glyphs (inserted into the text),
    // and OCR words over no glyph (kept as they are).
    size_t inserted_chars = 0;
    size_t ocr_only_words = 0;
};

// Rebuilds a page's words from its glyphs with decoded characters, split as
// text-layer words are (split_glyph_boxes). Decoded words are marked OCR with
// the weakest glyph's confidence. Each OCR word is paired with the glyphs it
// covers (slot_glyphs): a glyph the map lacks, or whose key's vote is split
// (share below min_share: poppler returns one character, such as the bullet
// of WinAnsi's unused codes, for several glyphs), takes the character OCR
// read on it, and characters OCR read in a gap of dropped glyphs are
// inserted. An OCR word whose character count fits no slot layout is paired
// by align_to_slots. A glyph neither the map nor OCR reads (or OCR reads as
// punctuation) takes the quotation mark its ink shows (quote_from_ink);
// blank glyphs (spaces) decode to nothing. A word with a glyph still unread
// is replaced by the OCR words centred on it; confident OCR words over no
// glyph are kept. Decoded words of four characters on with an unsure glyph
// (read once) are corrected with the report lexicon (correct_with_lexicon),
// a character for a character.
DecodedPage decode_glyph_runs(const std::vector<GlyphRun>& runs, const GlyphMap& map,
                              const std::vector<Word>& ocr_words, double gap_factor, double min_share = 0.6);

// A page whose text layer was judged garbage and has been OCR'd: its glyphs
// and the judgement (for Page::source_reason).
struct BrokenPage {
    size_t page_index = 0;  // into Document::pages, whose words are the OCR words
    std::vector<GlyphRun> runs;
    std::string verdict;
};

// Learns one glyph map from all broken pages of a document and replaces each
// page's OCR words with its decoded text layer, saying so in source_reason; a
// page the map decodes less than min_decoded_share of keeps its OCR words.
// Undecoded glyphs are reported as diagnostics.
void decode_broken_pages(Document& doc, const std::vector<BrokenPage>& pages, double gap_factor,
                         double min_decoded_share);

}  // namespace juesuan
