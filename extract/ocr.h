// OCR of page images with Tesseract (LSTM) after Leptonica preprocessing.
// Internal to extract/: Tesseract and Leptonica types never leave this folder.
//
// Ruled tables are read cell by cell (the cells traced from the rulings),
// amounts a second time with digits only; the rest of the page as one block.
// The words are made to look like a text layer so the later stages need no
// OCR special cases: per-character CJK words of one cell are joined, common
// letter/digit confusions in amounts are mapped back, ruling-line debris is
// dropped, and boxes are PDF points in the page's top-left space.
#pragma once

#include "extract/raster.h"
#include "model/document.h"
#include "model/options.h"

#include <memory>
#include <string>
#include <vector>

namespace juesuan {

// One Tesseract instance; not thread-safe: one per worker thread, created on
// the thread that uses it (it limits that thread's OpenMP to one thread).
class OcrEngine {
public:
    // Null (and error set) when Tesseract or its language data cannot load.
    static std::unique_ptr<OcrEngine> create(const ExtractOptions& options, std::string& error);
    ~OcrEngine();
    OcrEngine(const OcrEngine&) = delete;
    OcrEngine& operator=(const OcrEngine&) = delete;

    // Words of a page image scanned or rendered at dpi; page_width/height in
    // points. Preprocesses a copy (seal removal, grayscale, deskew,
    // background normalisation) first. With ruled_tables, also the cells of
    // each ruled table found, in points.
    std::vector<Word> recognise(const Pix* image, int dpi, double page_width, double page_height,
                                std::vector<std::vector<Box>>* ruled_tables = nullptr);

private:
    struct Impl;
    explicit OcrEngine(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// A page prepared for OCR: 1 bpp ink and 8 bpp gray, both with the table
// rulings erased, and the erased rulings themselves (null when none were
// found). All null when the image cannot be converted.
struct PreparedImage {
    PixPtr ink;
    PixPtr gray;
    PixPtr rulings;
};

// Preprocessing for OCR: red seal pixels to white, grayscale, deskew,
// background normalisation, binarisation, table rulings found and erased.
// Both images are the size of the input. dpi: the image's resolution.
PreparedImage prepare_for_ocr(const Pix* image, int dpi);
// The ink image of prepare_for_ocr.
PixPtr preprocess_for_ocr(const Pix* image, int dpi);

struct PixelRect {
    int x = 0, y = 0, w = 0, h = 0;
};

// A ruled table (a connected net of rulings) and the cells it encloses, in
// pixels; cells in reading order (top, then left).
struct RuledTable {
    int x = 0, y = 0, w = 0, h = 0;
    std::vector<PixelRect> cells;
};

// The ruled tables of a rulings image (prepare_for_ocr's): every hole the
// net of rulings encloses is a cell, merged cells included. Reading each cell
// on its own keeps Tesseract's words inside their cell, where a whole-page
// read joins wrapped headers across columns and loses small cells.
// Horizontal-rules-only tables enclose no holes and give nothing.
std::vector<RuledTable> find_ruled_cells(const Pix* rulings, int dpi);

// Tidies the OCR words of one text line (left to right): joins words whose
// gap is below join_gap × the line's median height, maps O/l/I-style
// confusions in amounts, drops ruling-line debris and unsure Latin-only words.
std::vector<Word> tidy_ocr_line(std::vector<Word> words, double join_gap);

// Drops specks: words far lower than the page's median word height (dust,
// seal fragments; a sure number is measured against half that height, as
// digits stand lower than CJK words) and words of near-zero confidence,
// except a lone dash, which prints a zero amount.
std::vector<Word> drop_specks(std::vector<Word> words);

// Corrects one misread CJK character inside a phrase every report prints
// (extract/lexicon.cpp: titles, summary items, the national classification
// names): 财政拨坎 → 财政拨款, 外交文出 → 外交支出, 退休竟 → 退休费. A window of
// the text one character from exactly one phrase, and no phrase itself,
// takes the phrase; long phrases (six characters on) also take back a
// character read twice or lost (决算总和表 → 决算总表), three-character ones
// only match a whole word. Between two phrases, a known look-alike (未 for 末)
// decides, else the text stays.
std::string correct_with_lexicon(const std::string& text);

// Chinese quote marks between CJK words, which Tesseract reads as digits
// or question marks ("拨款" "6" "三公" "3??"): a short non-CJK word of a page,
// small and high on its line between two CJK words, becomes “ or ” in turn
// and joins the word it opens or closes.
void restore_quote_marks(std::vector<Word>& words);

// Drops words lying mostly inside a taller word: Tesseract sometimes reads
// the upper half of a large bold title again as a line of its own.
std::vector<Word> drop_shadowed(std::vector<Word> words);

// Gives words lower than the page's body text (digits, punctuation: glyph
// boxes are tight) the height of a CJK word, centred where they are: a text
// layer's boxes are font boxes, one height per line, and the layout's gap
// and line rules measure in those.
void to_em_boxes(std::vector<Word>& words);

// Puts back a decimal point Tesseract dropped from an all-digit token: the
// glyphs (one box per character) leave a point-wide gap before the last one
// or two digits ("24" printed "2.4"); others unchanged.
std::string restore_decimal_point(const std::string& token, const std::vector<Box>& glyphs);

// The digits-only reading of an amount cell, with the decimal point the full
// reading saw put back where the digits-only one dropped it ("1.23" and
// "123" give "1.23"); otherwise the digits-only reading unchanged.
std::string merge_amount_readings(const std::string& full, const std::string& digits);

// Maps letters Tesseract confuses with digits back to digits in a token that
// is otherwise an amount or code ("l2O.5O" → "120.50"); others unchanged.
std::string fix_numeric_confusions(const std::string& token);

// Symbols chi_sim reads as characters, restored where only the symbol makes
// sense: ≥ read 之 or 过 before a number at the start of a text ("之90%"),
// the dash of a range read 一 between a date and a number ("5月一2024"),
// and ] for 1 between a non-digit and a dash or digit ("年]-12月").
std::string fix_ocr_symbols(const std::string& text);

}  // namespace juesuan
