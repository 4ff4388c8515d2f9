// OCR of page images with Tesseract (LSTM) after Leptonica preprocessing.
// Internal to extract/: Tesseract and Leptonica types never leave this folder.
//
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
    // background normalisation) first.
    std::vector<Word> recognise(const Pix* image, int dpi, double page_width, double page_height);

private:
    struct Impl;
    explicit OcrEngine(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Preprocessing for OCR: red seal pixels to white, grayscale, deskew,
// background normalisation, binarisation, table rulings erased. Returns a
// 1 bpp image the size of the input.
// dpi: the image's resolution.
PixPtr preprocess_for_ocr(const Pix* image, int dpi);

// Tidies the OCR words of one text line (left to right): joins words whose
// gap is below join_gap × the line's median height, maps O/l/I-style
// confusions in amounts, drops ruling-line debris and unsure Latin-only words.
std::vector<Word> tidy_ocr_line(std::vector<Word> words, double join_gap);

// Drops specks: words far lower than the page's median word height (dust,
// seal fragments; a sure number is measured against half that height, as
// digits stand lower than CJK words) and words of near-zero confidence,
// except a lone dash, which prints a zero amount.
std::vector<Word> drop_specks(std::vector<Word> words);

// Puts back a decimal point Tesseract dropped from an all-digit token: the
// glyphs (one box per character) leave a point-wide gap before the last one
// or two digits ("24" printed "2.4"); others unchanged.
std::string restore_decimal_point(const std::string& token, const std::vector<Box>& glyphs);

// Maps letters Tesseract confuses with digits back to digits in a token that
// is otherwise an amount or code ("l2O.5O" → "120.50"); others unchanged.
std::string fix_numeric_confusions(const std::string& token);

}  // namespace juesuan
