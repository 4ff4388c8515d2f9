#include "model/text.h"

#include <cstdlib>

namespace juesuan {

std::u32string utf8_to_u32(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        char32_t cp = 0xFFFD;
        size_t len = 1;
        if (c < 0x80) {
            cp = c;
        } else if ((c >> 5) == 0x6 && i + 1 < s.size()) {
            cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
            len = 2;
        } else if ((c >> 4) == 0xE && i + 2 < s.size()) {
            cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
            len = 3;
        } else if ((c >> 3) == 0x1E && i + 3 < s.size()) {
            cp = ((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) |
                 (s[i + 3] & 0x3F);
            len = 4;
        }
        out.push_back(cp);
        i += len;
    }
    return out;
}

std::string u32_to_utf8(std::u32string_view s) {
    std::string out;
    out.reserve(s.size() * 3);
    for (char32_t c : s) {
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if (c < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else if (c < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (c >> 12)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (c >> 18)));
            out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

bool is_cjk(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F);
}

bool is_space(char32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000 || c == 0xA0 ||
           c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F;
}

std::string remove_spaces(std::string_view text) {
    std::u32string out;
    for (char32_t c : utf8_to_u32(text))
        if (!is_space(c)) out.push_back(c);
    return u32_to_utf8(out);
}

std::string trim(std::string_view text) {
    auto u = utf8_to_u32(text);
    size_t b = 0, e = u.size();
    while (b < e && is_space(u[b])) ++b;
    while (e > b && is_space(u[e - 1])) --e;
    return u32_to_utf8(std::u32string_view(u).substr(b, e - b));
}

std::optional<double> parse_amount(std::string_view text) {
    std::string s;
    for (char32_t c : utf8_to_u32(text)) {
        if (is_space(c) || c == ',' || c == 0xFF0C) continue;
        if (c == 0x2014 || c == 0x2013 || c == 0x2212 || c == 0xFF0D) c = '-';
        if (c >= 0xFF10 && c <= 0xFF19) c = '0' + (c - 0xFF10);
        if (c == 0xFF0E) c = '.';
        if (c >= 0x80) return std::nullopt;
        s.push_back(static_cast<char>(c));
    }
    if (s.empty()) return std::nullopt;
    if (s.find_first_not_of('-') == std::string::npos) return 0.0;  // "-", "--": zero
    bool negative = false;
    if (s.size() >= 2 && s.front() == '(' && s.back() == ')') {
        negative = true;
        s = s.substr(1, s.size() - 2);
    }
    if (!s.empty() && s.back() == '%') s.pop_back();
    if (s.empty()) return std::nullopt;
    size_t i = 0;
    if (s[i] == '-' || s[i] == '+') {
        negative = negative != (s[i] == '-');
        ++i;
    }
    bool digit = false, dot = false;
    for (size_t j = i; j < s.size(); ++j) {
        if (s[j] >= '0' && s[j] <= '9') {
            digit = true;
        } else if (s[j] == '.' && !dot) {
            dot = true;
        } else {
            return std::nullopt;
        }
    }
    if (!digit) return std::nullopt;
    double v = std::strtod(s.c_str() + i, nullptr);
    return negative ? -v : v;
}

bool looks_numeric(std::string_view text) { return parse_amount(text).has_value(); }

bool looks_like_code(std::string_view text) {
    if (text.size() < 3 || text.size() > 9) return false;
    for (char c : text)
        if (c < '0' || c > '9') return false;
    return true;
}

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

bool is_column_number_label(std::string_view compact) {
    if (compact == "栏次" || compact == "行次") return true;
    const std::u32string u = utf8_to_u32(std::string(compact));
    return u.size() == 2 && is_cjk(u[0]) && u[1] == U'次';
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

}  // namespace juesuan
