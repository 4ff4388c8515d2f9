#include "schemas/grid.h"

#include "model/text.h"

#include <algorithm>
#include <array>
#include <set>

namespace juesuan::grid {

namespace {

const std::string kEmpty;

bool is_chinese_numeral(char32_t c) {
    static constexpr std::u32string_view numerals = U"零〇一二三四五六七八九十百";
    return numerals.find(c) != std::u32string_view::npos;
}

bool is_ascii_digit(char32_t c) { return c >= U'0' && c <= U'9'; }

// A header row of column numbers (栏次 | 1 | 2 ...): numbers only, maybe 栏次/行次.
bool is_column_number_row(const CellRow& row) {
    bool number = false;
    for (const auto& c : row) {
        const std::string t = label(c.text);
        if (t.empty() || is_column_number_label(t)) continue;
        if (!all_digits(t) || t.size() > 3) return false;
        number = true;
    }
    return number;
}

}  // namespace

const std::string& cell(const CellRow& row, size_t column) {
    return column < row.size() ? row[column].text : kEmpty;
}

size_t column_count(const Table& table) {
    size_t n = 0;
    for (const auto& r : table.header) n = std::max(n, r.size());
    for (const auto& r : table.body) n = std::max(n, r.size());
    return n;
}

std::vector<std::vector<std::string>> texts(const std::vector<CellRow>& rows) {
    std::vector<std::vector<std::string>> out;
    out.reserve(rows.size());
    for (const auto& row : rows) {
        std::vector<std::string> r;
        r.reserve(row.size());
        for (const auto& c : row) r.push_back(c.text);
        out.push_back(std::move(r));
    }
    return out;
}

std::string label(std::string_view text) { return remove_spaces(text); }

std::string strip_ordinal(std::string_view text) {
    const std::u32string s = utf8_to_u32(text);
    size_t i = 0;
    if (i < s.size() && (s[i] == U'(' || s[i] == U'（')) {
        // (一) / (1)
        size_t j = i + 1;
        while (j < s.size() && (is_chinese_numeral(s[j]) || is_ascii_digit(s[j]))) ++j;
        if (j > i + 1 && j < s.size() && (s[j] == U')' || s[j] == U'）')) i = j + 1;
    } else {
        // 一、 / 二十六、 / 3. / 3、
        size_t j = i;
        const bool chinese = j < s.size() && is_chinese_numeral(s[j]);
        while (j < s.size() && (chinese ? is_chinese_numeral(s[j]) : is_ascii_digit(s[j]))) ++j;
        const bool separator = j < s.size() && (s[j] == U'、' || s[j] == U'.' || s[j] == U'．');
        const bool decimal = j + 1 < s.size() && s[j] == U'.' && is_ascii_digit(s[j + 1]);
        if (j > i && separator && !decimal) i = j + 1;
    }
    if (i == 0 || i >= s.size()) return std::string(text);
    return u32_to_utf8(std::u32string_view(s).substr(i));
}

bool all_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Json amount(std::string_view text) {
    const auto v = parse_amount(text);
    return v ? Json(*v) : Json(nullptr);
}

bool is_label_heading(std::string_view text) {
    static constexpr std::array<std::string_view, 10> exact{
        "项目", "栏次", "行次", "类", "款", "项", "单位", "单位名称", "序号", "科目"};
    static constexpr std::array<std::string_view, 4> parts{"科目", "编码", "代码", "名称"};
    if (std::find(exact.begin(), exact.end(), text) != exact.end()) return true;
    return std::any_of(parts.begin(), parts.end(), [&](auto p) { return contains(text, p); });
}

ColumnHeadings column_headings(const std::vector<CellRow>& header, size_t columns) {
    ColumnHeadings out(columns);
    std::set<size_t> bounds{0};  // first columns of the spans of the rows above
    for (size_t r = 0; r < header.size(); ++r) {
        const CellRow& row = header[r];
        if (is_column_number_row(row)) continue;
        std::vector<size_t> starts;
        for (size_t c = 0; c < columns; ++c)
            if (!label(cell(row, c)).empty()) starts.push_back(c);
        for (size_t k = 0; k < starts.size(); ++k) {
            const size_t first = starts[k];
            size_t end = k + 1 < starts.size() ? starts[k + 1] : columns;
            const auto above = bounds.upper_bound(first);
            if (above != bounds.end()) end = std::min(end, *above);
            Heading h{label(cell(row, first)), r, first, end - 1};
            for (size_t c = first; c < end; ++c) out[c].push_back(h);
        }
        bounds.insert(starts.begin(), starts.end());
    }
    return out;
}

std::vector<std::string> own_headings(const ColumnHeadings& headings, size_t column) {
    std::vector<std::string> out;
    if (column >= headings.size()) return out;
    std::string joined;
    for (auto it = headings[column].rbegin(); it != headings[column].rend(); ++it) {
        if (it->first != column) continue;
        out.push_back(it->text);
        joined = it->text + joined;
    }
    if (out.size() > 1) out.insert(out.begin(), joined);
    return out;
}

std::string_view match_field(std::string_view text, const FieldRules& rules) {
    if (text.empty() || is_label_heading(text)) return {};
    for (const auto& rule : rules)
        for (auto keyword : rule.keywords)
            if (contains(text, keyword)) return rule.field;
    return {};
}

std::vector<std::string> assign_fields(const std::vector<size_t>& columns,
                                       const ColumnHeadings& headings,
                                       const std::vector<CellRow>& body,
                                       const FieldRules& rules,
                                       const std::vector<std::string>& order) {
    std::vector<std::string> out(columns.size());
    std::set<std::string, std::less<>> used;
    auto take = [&](size_t i, std::string_view field) {
        if (field.empty() || used.count(field)) return false;
        out[i] = std::string(field);
        used.insert(out[i]);
        return true;
    };
    for (size_t i = 0; i < columns.size(); ++i)
        for (const auto& text : own_headings(headings, columns[i]))
            if (take(i, match_field(text, rules))) break;
    for (size_t i = 0; i < columns.size(); ++i) {
        if (!out[i].empty()) continue;
        for (const auto& row : body) {
            const std::string t = label(cell(row, columns[i]));
            if (!t.empty() && !looks_numeric(t) && take(i, match_field(t, rules))) break;
        }
    }
    auto next = order.begin();
    for (size_t i = 0; i < columns.size(); ++i) {
        if (!out[i].empty()) continue;
        while (next != order.end() && used.count(*next)) ++next;
        if (next == order.end()) break;
        take(i, *next);
    }
    return out;
}

CodeReader::CodeReader(std::vector<size_t> label_columns)
    : columns_(std::move(label_columns)), parents_(columns_.size()) {}

CodeReader::Label CodeReader::read(const CellRow& row) {
    struct Part {
        size_t position;
        std::string digits;
    };
    std::vector<Part> parts;
    Label out;
    for (size_t p = 0; p < columns_.size(); ++p) {
        const std::string t = label(cell(row, columns_[p]));
        if (t.empty() || t == "类" || t == "款" || t == "项") continue;
        if (all_digits(t) && t.size() >= 2 && t.size() <= 9) {
            parts.push_back({p, t});
            continue;
        }
        // A code printed in the name's cell: "30101基本工资".
        const size_t digits = t.find_first_not_of("0123456789");
        if (digits >= 3 && digits <= 9 && is_cjk(utf8_to_u32(t.substr(digits, 4)).front())) {
            parts.push_back({p, t.substr(0, digits)});
            out.name += t.substr(digits);
            continue;
        }
        out.name += t;
    }
    if (parts.empty()) return out;
    std::string code;
    const size_t top = parts.front().position;
    if (parts.front().digits.size() < 3)  // 款/项 parts only: the 类 (and 款) are the row above's
        for (size_t q = 0; q < top; ++q) code += parents_[q];
    else
        std::fill(parents_.begin(), parents_.begin() + top, std::string());
    std::fill(parents_.begin() + top, parents_.end(), std::string());
    for (const auto& part : parts) {
        code += part.digits;
        parents_[part.position] = part.digits;
    }
    out.code = std::move(code);
    return out;
}

}  // namespace juesuan::grid
