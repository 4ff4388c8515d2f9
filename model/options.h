// Settings of every stage, one struct per stage. pipeline.yaml is parsed once
// (pipeline/config) into an Options value; defaults here are the documented
// defaults (pipeline.yaml repeats them with comments).
#pragma once

#include <optional>
#include <string>

namespace juesuan {

enum class OcrMode { auto_, always, never };

// "auto" | "always" | "never"; nullopt otherwise.
inline std::optional<OcrMode> ocr_mode_from_string(const std::string& name) {
    if (name == "auto") return OcrMode::auto_;
    if (name == "always") return OcrMode::always;
    if (name == "never") return OcrMode::never;
    return std::nullopt;
}

struct ExtractOptions {
    // Split a text-layer word where the gap between two glyphs exceeds this
    // fraction of the font size (cells printed close together in one word).
    double glyph_gap_split = 0.9;

    // When to OCR a page: auto (no text layer, or a garbage one), always, never.
    OcrMode ocr = OcrMode::auto_;
    int ocr_dpi = 300;                        // render PDF pages at this resolution
    // Tesseract languages: chi_sim alone reads CJK headers that chi_sim+eng
    // turns into Latin letters (行次 → "ize"); digits read the same.
    std::string ocr_languages = "chi_sim";
    int ocr_psm = 6;                          // Tesseract page segmentation mode
    // Amounts and codes in ruled cells are read again with these languages
    // and digits only: chi_sim's LSTM misreads serif digits (362.62 as
    // 3062.02) that eng reads right. Empty: no second reading.
    std::string ocr_digit_languages = "eng";
    // OCR words of one line closer than this many line heights are one word
    // (Tesseract returns CJK text character by character).
    double ocr_join_gap = 0.8;
    // Pages OCR'd in parallel, one Tesseract per worker; 0: number of cores.
    int jobs = 0;
    // A text layer is garbage when more than this share of its characters are
    // implausible in a Chinese report (private use, control, Latin letters).
    double garbage_share = 0.3;
    // Garbage text layer: keep its glyphs (exact positions) and decode their
    // characters with a per-document glyph map learned from the page's OCR,
    // instead of using the OCR words (extract/glyph_map.h).
    bool ocr_glyph_map = true;
    // A page keeps its plain OCR words when the glyph map decodes less than
    // this share of its glyphs.
    double glyph_map_min_decoded = 0.5;

    bool operator==(const ExtractOptions&) const = default;
};

struct NormalizeOptions {
    bool nfkc = true;  // NFKC-normalise word texts (full-width digits, punctuation)

    bool operator==(const NormalizeOptions&) const = default;
};

struct LayoutOptions {
    // Two words are on one text line when their vertical overlap is at least
    // this fraction of the smaller height.
    double line_overlap = 0.5;
    // Words closer than this fraction of the font size join into one cell.
    double cell_gap = 0.5;
    // Two number pieces join across at most this fraction of an em ("945. 84").
    double number_gap = 0.45;
    // A number and a label join across at most this fraction of an em.
    double mixed_gap = 0.35;
    // A gap between column x-ranges wider than this (points) separates columns.
    double column_gap = 2.0;
    // Lines farther apart than this many line heights end a table.
    double max_row_gap = 4.0;
    // A body fragment (wrapped text) joins a row when it is within this many
    // line heights of it.
    double wrap_distance = 1.6;
    // Two anchored lines closer than this fraction of the table's usual row
    // pitch are one row whose cell text wrapped.
    double wrap_pitch = 0.7;
    // Horizontal tolerance (points) when assigning a word to a column.
    double column_tolerance = 3.0;

    bool operator==(const LayoutOptions&) const = default;
};

struct SchemaOptions {
    // Tables whose title or header does not identify a kind are still emitted
    // as generic tables.
    bool emit_generic = true;

    bool operator==(const SchemaOptions&) const = default;
};

struct EmitOptions {
    bool csv = true;
    bool json = true;
    int json_indent = 1;

    bool operator==(const EmitOptions&) const = default;
};

struct Options {
    ExtractOptions extract;
    NormalizeOptions normalize;
    LayoutOptions layout;
    SchemaOptions schemas;
    EmitOptions emit;

    bool operator==(const Options&) const = default;
};

}  // namespace juesuan
