#include "extract/text_quality.h"

#include "model/text.h"

#include <array>
#include <cstdio>
#include <string_view>

namespace juesuan {
namespace {

bool is_private_use(char32_t c) {
    return (c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000;
}

// Characters a Chinese report prints: CJK, digits, the punctuation of amounts
// and titles (ASCII, CJK symbols, full-width forms, general punctuation).
bool is_plausible(char32_t c) {
    if (is_cjk(c)) return true;
    if (c >= '0' && c <= '9') return true;
    if (c < 0x80) return std::u32string_view(U".,%-()/:+*[]<>=\"'").find(c) != std::u32string_view::npos;
    // General punctuation a report prints (‐–—, ‘’“”, …, ‰, ′″, ※), not the
    // rest of the block (†‡•‚„‹›), which mis-mapped WinAnsi codes produce.
    if (c >= 0x2010 && c <= 0x2015) return true;
    if (c == 0x2018 || c == 0x2019 || c == 0x201C || c == 0x201D) return true;
    if (c == 0x2026 || c == 0x2030 || c == 0x2032 || c == 0x2033 || c == 0x203B) return true;
    if (c >= 0x3000 && c <= 0x303F) return true;  // CJK symbols (、。《》【】)
    if (c >= 0xFF00 && c <= 0xFFEF) return !is_private_use(c) && c != 0xFFFD;  // full-width forms
    if (c >= 0x2460 && c <= 0x24FF) return true;  // circled numbers
    if (c == 0x00B7 || c == 0x00D7) return true;  // · ×
    return false;
}

// Broken subsets often keep ASCII (digits and amounts read right) and garble
// only the CJK text; on a table page the digits then outnumber it. So the
// characters other than digits and ASCII punctuation are judged on their own
// too, once there are this many of them, against this largest share.
constexpr int kMinTextChars = 8;
constexpr double kTextGarbageShare = 0.5;

bool is_digit_or_ascii_punct(char32_t c) {
    return (c >= '0' && c <= '9') || (c < 0x80 && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z'));
}

// Words at least one table or narrative page of every report prints.
constexpr std::array<std::string_view, 12> kVocabulary = {
    "合计", "项目", "支出", "收入", "预算", "决算", "科目", "单位", "金额", "经费", "财政", "部门"};

// CJK text of this many characters without one vocabulary word is mis-mapped
// (a short page, such as the tail of a table, may lack them all).
constexpr int kVocabularyMinCjk = 150;

std::string percent(double share) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f%%", share * 100);
    return buf;
}

}  // namespace

TextLayerVerdict judge_text_layer(const std::vector<Word>& words, double garbage_share) {
    int total = 0, bad = 0, cjk = 0, text = 0, text_bad = 0;
    std::string all;
    for (const auto& w : words) {
        all += w.text;
        for (const char32_t c : utf8_to_u32(w.text)) {
            if (is_space(c)) continue;
            ++total;
            if (is_cjk(c)) ++cjk;
            if (!is_plausible(c)) ++bad;
            if (!is_digit_or_ascii_punct(c)) {
                ++text;
                if (!is_plausible(c)) ++text_bad;
            }
        }
    }
    if (total == 0) return {false, "no text layer"};
    const double share = static_cast<double>(bad) / total;
    if (share > garbage_share)
        return {false, "text layer garbage: " + percent(share) + " of " + std::to_string(total) +
                           " characters implausible"};
    if (text >= kMinTextChars && static_cast<double>(text_bad) / text > kTextGarbageShare)
        return {false, "text layer garbage: " + percent(static_cast<double>(text_bad) / text) + " of " +
                           std::to_string(text) + " characters other than digits implausible"};
    if (cjk >= kVocabularyMinCjk) {
        bool known = false;
        for (const auto v : kVocabulary) known = known || contains(all, v);
        if (!known)
            return {false, "text layer garbage: " + std::to_string(cjk) +
                               " CJK characters without any table vocabulary"};
    }
    return {true, "text layer"};
}

}  // namespace juesuan
