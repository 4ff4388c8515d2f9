// Glyph-map decoding of broken text layers (extract/glyph_map.h): alignment
// of OCR words with text-layer glyphs, the document-wide vote, and the
// rebuilt words.
#include "extract/glyph_map.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace juesuan;

namespace {

// A run of glyphs on one line: codes in font, each advance wide, from x.
GlyphRun run_of(const std::u32string& codes, const std::string& font, double x, double y, double advance = 10,
                double height = 12) {
    GlyphRun run;
    run.font_size = height;
    for (char32_t c : codes) {
        run.glyphs.push_back({font, c, {x, y, x + advance, y + height}, false, std::nullopt});
        x += advance;
    }
    return run;
}

// An OCR word over [x0, x1] with an ink box a little tighter than the glyphs.
Word ocr_word(const std::string& text, double x0, double x1, double y, double confidence = 0.9) {
    Word w;
    w.text = text;
    w.box = {x0 + 1, y + 2, x1 - 1, y + 10};
    w.source = WordSource::ocr;
    w.confidence = confidence;
    return w;
}

}  // namespace

TEST_CASE("glyph map: OCR words covering as many glyphs as characters pair one-to-one") {
    const std::vector<GlyphRun> runs{run_of(U"\x01\x02\x03", "AAAAAA+Serif", 100, 50),
                                     run_of(U"\x04\x05", "AAAAAA+Serif", 200, 50, 5)};
    const std::vector<Word> ocr{ocr_word("项目合", 100, 130, 50), ocr_word("1 2", 200, 210, 50, 0.8),
                                ocr_word("多了一个字", 100, 130, 50)};
    const auto votes = align_ocr_words(runs, ocr);
    REQUIRE(votes.size() == 5);
    CHECK(votes[0].run == 0);
    CHECK(votes[0].glyph == 0);
    CHECK(votes[0].text == U'项');
    CHECK(votes[2].text == U'合');
    CHECK(votes[3].run == 1);
    CHECK(votes[3].text == U'1');  // white space inside an OCR word is not a glyph
    CHECK(votes[4].text == U'2');
    CHECK(votes[4].weight == doctest::Approx(0.8));
}

TEST_CASE("glyph map: an OCR word on another line or over a different glyph count gives no vote") {
    const std::vector<GlyphRun> runs{run_of(U"\x01\x02", "F", 100, 50), run_of(U"\x03\x04", "F", 100, 70)};
    CHECK(align_ocr_words(runs, {ocr_word("合", 100, 120, 50)}).empty());  // 2 glyphs, 1 character
    const auto votes = align_ocr_words(runs, {ocr_word("支出", 100, 120, 70)});
    REQUIRE(votes.size() == 2);
    CHECK(votes[0].run == 1);
}

TEST_CASE("glyph map: the majority over the document wins, weighted by confidence") {
    GlyphMap map;
    const GlyphKey key{"AAAAAA+Serif", 0x21};
    map.vote(key, U'8', 0.9);
    map.vote(key, U'8', 0.7);
    map.vote(key, U'B', 0.95);
    auto r = map.lookup(key);
    REQUIRE(r);
    CHECK(r->text == U'8');
    CHECK(r->votes == 2);
    CHECK(r->confidence > 0.5);
    CHECK(r->confidence < 1.0);
    // Subsets reuse codes: the same code in another font is another glyph.
    CHECK_FALSE(map.lookup({"BAAAAA+Serif", 0x21}));
    // One vote is never as sure as many agreeing ones.
    GlyphMap lone;
    lone.vote(key, U'8', 0.9);
    GlyphMap many;
    for (int i = 0; i < 6; ++i) many.vote(key, U'8', 0.9);
    CHECK(lone.lookup(key)->confidence < many.lookup(key)->confidence);
    // Weights, not counts, decide: one sure vote beats two unsure ones.
    GlyphMap weighted;
    weighted.vote(key, U'0', 0.1);
    weighted.vote(key, U'0', 0.1);
    weighted.vote(key, U'O', 0.9);
    CHECK(weighted.lookup(key)->text == U'O');
}

TEST_CASE("glyph map: a misread occurrence is outvoted and every occurrence decodes alike") {
    // "合计" printed three times; OCR misreads it once as "台计".
    std::vector<GlyphRun> runs;
    std::vector<Word> ocr;
    for (int i = 0; i < 3; ++i) {
        const double y = 50 + 20 * i;
        runs.push_back(run_of(U"\x07\x08", "F", 100, y));
        ocr.push_back(ocr_word(i == 1 ? "台计" : "合计", 100, 120, y));
    }
    GlyphMap map;
    learn_glyph_map(runs, ocr, map);
    const auto page = decode_glyph_runs(runs, map, ocr, 0.9);
    REQUIRE(page.words.size() == 3);
    for (const auto& w : page.words) {
        CHECK(w.text == "合计");
        CHECK(w.source == WordSource::ocr);
    }
    CHECK(page.words[0].box.x0 == doctest::Approx(100));  // the text layer's exact box
    CHECK(page.words[0].box.x1 == doctest::Approx(120));
    CHECK(page.decoded_glyphs == 6);
    CHECK(page.fallback_words == 0);
}

TEST_CASE("glyph map: decoded runs split at wide gaps like text-layer words") {
    std::vector<Box> boxes{{0, 0, 5, 10}, {5, 0, 10, 10}, {40, 0, 45, 10}};
    const auto parts = split_glyph_boxes(boxes, 10, 0.9);
    REQUIRE(parts.size() == 2);
    CHECK(parts[0] == std::pair<size_t, size_t>{0, 2});
    CHECK(parts[1] == std::pair<size_t, size_t>{2, 3});
    CHECK(split_glyph_boxes({}, 10, 0.9).empty());
}

TEST_CASE("glyph map: a word with an undecodable glyph falls back to the OCR word over it") {
    // Glyph 0x09 is never paired (OCR read "1O" over the 3-glyph word "100").
    const std::vector<GlyphRun> runs{run_of(U"\x01\x02", "F", 100, 50), run_of(U"\x03\x09\x09", "F", 300, 50, 5),
                                     run_of(U"\x0a", "F", 500, 50)};
    const std::vector<Word> ocr{ocr_word("支出", 100, 120, 50), ocr_word("1O", 300, 315, 50)};
    GlyphMap map;
    learn_glyph_map(runs, ocr, map);
    auto page = decode_glyph_runs(runs, map, ocr, 0.9);
    REQUIRE(page.words.size() == 2);
    std::sort(page.words.begin(), page.words.end(), [](const Word& a, const Word& b) { return a.box.x0 < b.box.x0; });
    CHECK(page.words[0].text == "支出");
    CHECK(page.words[1].text == "1O");  // the OCR word, as OCR read it
    CHECK(page.fallback_words == 1);
    CHECK(page.dropped_words == 1);  // OCR read nothing over glyph 0x0a
    CHECK(page.glyphs == 6);
    CHECK(page.decoded_glyphs == 2);
}

TEST_CASE("glyph map: decode_broken_pages replaces OCR words and explains the source") {
    Document doc;
    doc.pages.resize(2);
    for (int i = 0; i < 2; ++i) {
        doc.pages[i].number = i + 1;
        doc.pages[i].source = WordSource::ocr;
        doc.pages[i].words = {ocr_word("合计", 100, 120, 50), ocr_word("12", 200, 210, 50)};
    }
    std::vector<BrokenPage> broken;
    for (size_t i = 0; i < 2; ++i)
        broken.push_back({i, {run_of(U"\x07\x08", "F", 100, 50), run_of(U"\x01\x02", "F", 200, 50, 5)}, "garbage"});
    // Page 2 has a glyph no OCR word covers and that the map therefore lacks.
    broken[1].runs.push_back(run_of(U"\x33", "F", 400, 50));
    decode_broken_pages(doc, broken, 0.9, 0.5);
    REQUIRE(doc.pages[0].words.size() == 2);
    CHECK(doc.pages[0].words[0].text == "合计");
    CHECK(doc.pages[0].words[1].text == "12");
    CHECK(doc.pages[0].words[0].box.x0 == doctest::Approx(100));
    CHECK(doc.pages[0].source_reason.find("OCR-learned glyph map") != std::string::npos);
    CHECK(doc.pages[0].source_reason.find("garbage") != std::string::npos);
    REQUIRE(doc.diagnostics.size() == 1);
    CHECK(doc.diagnostics[0].page == 2);
    // Too little decoded: the page keeps its OCR words.
    Document sparse = doc;
    sparse.diagnostics.clear();
    sparse.pages[0].words = {ocr_word("合计", 100, 120, 50)};
    const std::vector<BrokenPage> mostly_unknown{
        {0, {run_of(U"\x07\x08", "F", 100, 50), run_of(U"\x40\x41\x42\x43", "F", 300, 50)}, "garbage"}};
    decode_broken_pages(sparse, mostly_unknown, 0.9, 0.5);
    REQUIRE(sparse.pages[0].words.size() == 1);
    CHECK(sparse.pages[0].source_reason.find("too sparse") != std::string::npos);
}

TEST_CASE("glyph map: gaps of dropped glyphs become slots for the OCR characters") {
    // "年度" printed, then two glyphs the text layer lost, then "表".
    const std::vector<Box> glyphs{{0, 0, 10, 12}, {10, 0, 20, 12}, {40, 0, 50, 12}};
    const Box word{1, 2, 49, 10};
    CHECK(slot_glyphs(glyphs, word, 5) == std::vector<int>{0, 1, -1, -1, 2});
    // A lost glyph at the end: the OCR ink reaches beyond the last glyph.
    CHECK(slot_glyphs(glyphs, Box{1, 2, 59, 10}, 6) == std::vector<int>{0, 1, -1, -1, 2, -1});
    // A dropped decimal point between digits is half a digit wide.
    const std::vector<Box> digits{{0, 0, 5, 12}, {5, 0, 10, 12}, {12.5, 0, 17.5, 12}, {17.5, 0, 22.5, 12}};
    CHECK(slot_glyphs(digits, Box{0.5, 2, 22, 10}, 5) == std::vector<int>{0, 1, -1, 2, 3});
    // A wide gap OCR read nothing in (a spaced-out header "项    目").
    CHECK(slot_glyphs({{0, 0, 10, 12}, {60, 0, 70, 12}}, Box{1, 2, 69, 10}, 2) == std::vector<int>{0, 1});
    // Counts that fit no reading give no slots.
    CHECK(slot_glyphs(glyphs, word, 9).empty());
    CHECK(slot_glyphs({}, word, 1).empty());
}

TEST_CASE("glyph map: characters OCR read in a gap of dropped glyphs are inserted") {
    // Three title glyphs, then a gap of two lost glyphs; OCR read all five.
    std::vector<GlyphRun> runs{run_of(U"\x01\x02\x03", "F", 100, 50)};
    const std::vector<Word> ocr{ocr_word("决算表合计", 100, 150, 50)};
    GlyphMap map;
    learn_glyph_map(runs, ocr, map);
    const auto page = decode_glyph_runs(runs, map, ocr, 0.9);
    REQUIRE(page.words.size() == 1);
    CHECK(page.words[0].text == "决算表合计");
    CHECK(page.inserted_chars == 2);
    CHECK(page.words[0].box.x1 > 140);  // grown over the lost glyphs
}

TEST_CASE("glyph map: a key whose vote is split takes the OCR reading on each glyph") {
    // Poppler gives two different glyphs the same character (WinAnsi bullets).
    const std::vector<GlyphRun> runs{run_of(U"\x2022\x01", "F", 100, 50), run_of(U"\x2022\x01", "F", 100, 70),
                                     run_of(U"\x2022\x01", "F", 100, 90)};
    const std::vector<Word> ocr{ocr_word("决A", 100, 120, 50), ocr_word("算A", 100, 120, 70),
                                ocr_word("决A", 100, 120, 90)};
    GlyphMap map;
    learn_glyph_map(runs, ocr, map);
    CHECK(map.lookup({"F", 0x2022})->share == doctest::Approx(2.0 / 3));
    const auto page = decode_glyph_runs(runs, map, ocr, 0.9, 0.7);
    REQUIRE(page.words.size() == 3);
    CHECK(page.words[1].text == "算A");
    // With a lower bar the majority wins everywhere.
    CHECK(decode_glyph_runs(runs, map, ocr, 0.9, 0.6).words[1].text == "决A");
}

TEST_CASE("glyph map: a word paired off by one is left out of the second pass") {
    // Four lines "合计" read right; a fifth OCR word reads the same two glyphs
    // shifted ("计合"), which the first pass outvotes and the check drops.
    std::vector<GlyphRun> runs;
    std::vector<Word> ocr;
    for (int i = 0; i < 5; ++i) {
        runs.push_back(run_of(U"\x07\x08", "F", 100, 50 + 20 * i));
        ocr.push_back(ocr_word(i == 4 ? "计合" : "合计", 100, 120, 50 + 20 * i));
    }
    GlyphMap first, second;
    learn_glyph_map(runs, ocr, first);
    learn_glyph_map(runs, ocr, second, &first);
    CHECK(first.lookup({"F", 7})->votes == 4);
    CHECK(second.lookup({"F", 7})->votes == 4);
    CHECK(second.lookup({"F", 7})->share == doctest::Approx(1.0));
    CHECK(first.lookup({"F", 7})->share < 1.0);
}

TEST_CASE("glyph map: a gap between the same two glyphs is read by majority") {
    // "拨[款]支" three times; OCR reads the lost glyph wrong once.
    std::vector<GlyphRun> runs;
    std::vector<Word> ocr;
    for (int i = 0; i < 3; ++i) {
        const double y = 50 + 20 * i;
        GlyphRun run = run_of(U"\x01", "F", 100, y);
        run.glyphs.push_back({"F", 0x02, {120, y, 130, y + 12}, false, std::nullopt});
        runs.push_back(run);
        ocr.push_back(ocr_word(i == 1 ? "拨敌支" : "拨款支", 100, 130, y));
    }
    GlyphMap map;
    learn_glyph_map(runs, ocr, map);
    CHECK(map.lookup_gap({"F", 1}, {"F", 2}, 1) == std::u32string(U"款"));
    CHECK_FALSE(map.lookup_gap({"F", 1}, {"F", 2}, 2));
    const auto page = decode_glyph_runs(runs, map, ocr, 0.9);
    REQUIRE(page.words.size() == 3);
    for (const auto& w : page.words) CHECK(w.text == "拨款支");
}

TEST_CASE("glyph map: an OCR word with a character too many or too few is aligned by edits") {
    // 年 度 [lost] [lost] 细 [lost]: OCR read "年度出决细表表" (表 twice); the map
    // reads 年 and 度 and does not know 细's glyph.
    const std::vector<int> slots{0, 1, -1, -1, 2, -1};
    const std::vector<std::optional<char32_t>> expected{U'年', U'度', std::nullopt};
    CHECK(align_to_slots(slots, expected, U"年度出决细表表") ==
          std::vector<int>{0, 1, -1, -1, 2, -1, kUnpaired});
    // A character OCR made up between two glyphs the map reads.
    CHECK(align_to_slots({0, 1, 2}, {U'合', U'计', U'数'}, U"合天计数") == std::vector<int>{0, kUnpaired, 1, 2});
    // A word that says something else than the glyphs is not aligned.
    CHECK(align_to_slots({0, 1}, {U'合', U'计'}, U"收入支出").empty());
    CHECK(align_to_slots({}, {}, U"合").empty());
    // Slot layouts: the unit whose count comes nearest the characters.
    const std::vector<Box> glyphs{{0, 0, 10, 12}, {10, 0, 20, 12}, {40, 0, 50, 12}};
    CHECK(slot_layout(glyphs, Box{1, 2, 59, 10}, 7) == std::vector<int>{0, 1, -1, -1, 2, -1});
    // Half a glyph is a unit among half-width glyphs (digits) only.
    const std::vector<Box> digits{{0, 0, 5, 12}, {5, 0, 10, 12}, {12.5, 0, 17.5, 12}};
    CHECK(slot_layout(digits, Box{0.5, 2, 17, 10}, 5) == std::vector<int>{0, 1, -1, 2});
}

TEST_CASE("glyph map: an OCR word of another character count still fills the lost glyphs") {
    // Line 2 is read right and teaches the map and the gap; on line 1 OCR
    // made up a character, so the counts differ.
    std::vector<GlyphRun> runs;
    std::vector<Word> ocr;
    for (int i = 0; i < 2; ++i) {
        const double y = 50 + 20 * i;
        GlyphRun run = run_of(U"\x01\x02", "F", 100, y);
        run.glyphs.push_back({"F", 0x03, {130, y, 140, y + 12}, false, std::nullopt});
        runs.push_back(run);
        ocr.push_back(ocr_word(i == 0 ? "年度天算表" : "年度算表", 100, 140, y));
    }
    GlyphMap map;
    learn_glyph_map(runs, ocr, map);
    auto page = decode_glyph_runs(runs, map, ocr, 0.9);
    REQUIRE(page.words.size() == 2);
    for (const auto& w : page.words) CHECK(w.text == "年度算表");
    CHECK(page.inserted_chars == 2);
}

TEST_CASE("glyph map: glyph ink is measured inside the box; an empty box is a space") {
    std::vector<GlyphRun> runs{run_of(U"\x01\x02", "F", 10, 10)};  // boxes [10,20] and [20,30] × [10,22]
    const auto dark = [](int x, int y) { return x >= 15 && x <= 17 && y >= 11 && y <= 13; };
    measure_glyph_ink(runs, 100, 100, 72, dark);
    const Glyph& inked = runs[0].glyphs[0];
    CHECK_FALSE(inked.blank);
    REQUIRE(inked.ink);
    CHECK(inked.ink->x0 == doctest::Approx(15));
    CHECK(inked.ink->x1 == doctest::Approx(18));
    CHECK(inked.ink->y0 == doctest::Approx(11));
    CHECK(inked.ink->y1 == doctest::Approx(14));
    CHECK(runs[0].glyphs[1].blank);
    CHECK_FALSE(runs[0].glyphs[1].ink);
    // At twice the resolution the ink box is still in points.
    std::vector<GlyphRun> fine{run_of(U"\x01", "F", 10, 10)};
    measure_glyph_ink(fine, 200, 200, 144, [](int x, int y) { return x == 30 && y == 22; });
    REQUIRE(fine[0].glyphs[0].ink);
    CHECK(fine[0].glyphs[0].ink->x0 == doctest::Approx(15));
    CHECK(fine[0].glyphs[0].ink->x1 == doctest::Approx(15.5));
}

TEST_CASE("glyph map: quotation marks are told by their ink") {
    Glyph g{"F", 0x10, {0, 0, 10, 12}, false, std::nullopt};
    CHECK(quote_from_ink(g) == 0);  // not measured
    g.ink = Box{6, 1, 9, 4};
    CHECK(quote_from_ink(g) == U'“');  // high, at the right: opens the text after it
    g.ink = Box{1, 1, 4, 4};
    CHECK(quote_from_ink(g) == U'”');
    g.ink = Box{1, 8, 4, 11};
    CHECK(quote_from_ink(g) == 0);  // low: a comma
    g.ink = Box{1, 1, 9, 11};
    CHECK(quote_from_ink(g) == 0);  // a character
    g.ink = Box{4, 1, 6, 4};
    CHECK(quote_from_ink(g) == 0);  // centred
    Glyph narrow{"F", 0x11, {0, 0, 4, 12}, false, Box{1, 1, 2, 4}};
    CHECK(quote_from_ink(narrow) == 0);  // half-width: no side to tell by
}

TEST_CASE("glyph map: quotes OCR drops or reads as commas decode from their ink; spaces decode to nothing") {
    // Line 1: “三公”经 with the quotes' glyphs unknown to the map; OCR read
    // "三公,经". Line 2 teaches 三, 公 and 经 and holds a space glyph.
    GlyphRun quoted = run_of(U"\x10\x11\x12\x13\x14", "F", 100, 50);
    quoted.glyphs[0].ink = Box{106, 51, 109, 54};
    quoted.glyphs[3].ink = Box{131, 51, 134, 54};
    GlyphRun spaced = run_of(U"\x11\x12\x20\x14", "F", 100, 70);
    spaced.glyphs[2].blank = true;
    const std::vector<GlyphRun> runs{quoted, spaced};
    const std::vector<Word> ocr{ocr_word("三公,经", 110, 150, 50), ocr_word("三公经", 100, 140, 70)};
    GlyphMap map;
    learn_glyph_map(runs, ocr, map);
    CHECK_FALSE(map.lookup({"F", 0x20}));  // nothing printed, nothing learned
    CHECK(map.lookup({"F", 0x14})->text == U'经');
    auto page = decode_glyph_runs(runs, map, ocr, 0.9);
    REQUIRE(page.words.size() == 2);
    std::sort(page.words.begin(), page.words.end(), [](const Word& a, const Word& b) { return a.box.y0 < b.box.y0; });
    CHECK(page.words[0].text == "“三公”经");
    CHECK(page.words[1].text == "三公经");
    CHECK(page.glyphs == 8);  // the space is no glyph to decode
}

TEST_CASE("glyph map: decoded words are corrected with the report lexicon, fragments are not") {
    GlyphMap map;
    const std::u32string read = U"被压购置费办公设";
    for (size_t i = 0; i < read.size(); ++i) map.vote({"F", static_cast<char32_t>(i + 1)}, read[i], 0.9);
    // Read once each: unsure.
    const std::vector<GlyphRun> runs{run_of(U"\x01\x02\x03\x04\x05", "F", 100, 50),
                                     run_of(U"\x06\x07\x08", "F", 100, 70)};
    auto page = decode_glyph_runs(runs, map, {}, 0.9);
    REQUIRE(page.words.size() == 2);
    CHECK(page.words[0].text == "被装购置费");
    CHECK(page.words[1].text == "办公设");  // of 办公设备购置, not 办公费
    // Glyphs read alike many times are left as they read.
    for (int k = 0; k < 3; ++k)
        for (size_t i = 0; i < 5; ++i) map.vote({"F", static_cast<char32_t>(i + 1)}, read[i], 0.9);
    page = decode_glyph_runs({runs[0]}, map, {}, 0.9);
    REQUIRE(page.words.size() == 1);
    CHECK(page.words[0].text == "被压购置费");
}
