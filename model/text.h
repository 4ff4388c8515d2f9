// Small text helpers on already-normalised (NFKC) UTF-8, shared by the stages
// after normalize. No ICU here: normalize has done the Unicode work.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace juesuan {

// Decode UTF-8 into code points (invalid bytes become U+FFFD).
std::u32string utf8_to_u32(std::string_view text);
std::string u32_to_utf8(std::u32string_view text);

bool is_cjk(char32_t c);
bool is_space(char32_t c);

// All white space removed (the canonical form of labels and names).
std::string remove_spaces(std::string_view text);

// Trim white space at both ends.
std::string trim(std::string_view text);

// Parse a printed amount: "1,234.56" → 1234.56, "945. 84" → 945.84,
// "-" / "—" → 0, "(12.5)" → -12.5, "12%" → 12. Blank or non-numeric → nullopt.
std::optional<double> parse_amount(std::string_view text);

// True when the text is a printed number (or a dash standing for zero).
bool looks_numeric(std::string_view text);

// True for a subject / economic classification code: 3 to 9 digits.
bool looks_like_code(std::string_view text);

// The label of a row of column numbers (栏次 | 1 | 2 …): 栏次 or 行次, or
// a two-character word ending in 次 (OCR reads 栏 as 箭, 拦 …), no spaces.
bool is_column_number_label(std::string_view compact);

bool contains(std::string_view haystack, std::string_view needle);
bool starts_with(std::string_view s, std::string_view prefix);

}  // namespace juesuan
