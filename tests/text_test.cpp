// model/text.h: amount parsing and the UTF-8 helpers every later stage uses.
#include "model/text.h"

#include <doctest/doctest.h>

using namespace juesuan;

TEST_CASE("parse_amount reads printed amounts") {
    CHECK(parse_amount("897.41") == doctest::Approx(897.41));
    CHECK(parse_amount("0.00") == doctest::Approx(0.0));
    CHECK(parse_amount("12") == doctest::Approx(12.0));
    // thousands separators, ASCII and full-width comma
    CHECK(parse_amount("1,234.56") == doctest::Approx(1234.56));
    CHECK(parse_amount("12,345,678.90") == doctest::Approx(12345678.90));
    CHECK(parse_amount("1，234.5") == doctest::Approx(1234.5));
    // extraction spaces inside a number
    CHECK(parse_amount("945. 84") == doctest::Approx(945.84));
    CHECK(parse_amount(" 1 234 ") == doctest::Approx(1234.0));
    // a dash prints zero
    CHECK(parse_amount("-") == doctest::Approx(0.0));
    CHECK(parse_amount("—") == doctest::Approx(0.0));
    CHECK(parse_amount("--") == doctest::Approx(0.0));
    // negative amounts: bracketed or signed
    CHECK(parse_amount("(12.5)") == doctest::Approx(-12.5));
    CHECK(parse_amount("-3.25") == doctest::Approx(-3.25));
    CHECK(parse_amount("−3.25") == doctest::Approx(-3.25));  // U+2212 minus sign
    // percentages and full-width digits
    CHECK(parse_amount("93%") == doctest::Approx(93.0));
    CHECK(parse_amount("１２３．４") == doctest::Approx(123.4));
}

TEST_CASE("parse_amount: blank and text are not amounts") {
    CHECK_FALSE(parse_amount("").has_value());
    CHECK_FALSE(parse_amount("   ").has_value());
    CHECK_FALSE(parse_amount("　").has_value());  // ideographic space
    CHECK_FALSE(parse_amount("合计").has_value());
    CHECK_FALSE(parse_amount("12a").has_value());
    CHECK_FALSE(parse_amount("1.2.3").has_value());
    CHECK_FALSE(parse_amount(".").has_value());
    CHECK_FALSE(parse_amount("()").has_value());
    CHECK(looks_numeric("1,234.56"));
    CHECK_FALSE(looks_numeric("一般公共服务支出"));
}

TEST_CASE("looks_like_code: 3 to 9 digits") {
    CHECK(looks_like_code("201"));
    CHECK(looks_like_code("2101501"));
    CHECK(looks_like_code("30101"));
    CHECK_FALSE(looks_like_code("20"));
    CHECK_FALSE(looks_like_code("1234567890"));
    CHECK_FALSE(looks_like_code("2.01"));
    CHECK_FALSE(looks_like_code("21015 01"));
}

TEST_CASE("remove_spaces and trim handle CJK and Unicode spaces") {
    CHECK(remove_spaces("合 计") == "合计");
    CHECK(remove_spaces("一般公共\u3000服务\t支出") == "一般公共服务支出");
    CHECK(remove_spaces("(含 专用结余)") == "(含专用结余)");
    CHECK(trim("\u3000 项目 \u00A0") == "项目");
    CHECK(trim("  ") == "");
}

TEST_CASE("UTF-8 round trip and CJK classification") {
    const std::string text = "收入决算表（分科目）€𠀋";
    const auto u = utf8_to_u32(text);
    CHECK(u.size() == 12);
    CHECK(u32_to_utf8(u) == text);
    CHECK(is_cjk(U'收'));
    CHECK(is_cjk(U'𠀋'));  // CJK extension B
    CHECK_FALSE(is_cjk(U'A'));
    CHECK_FALSE(is_cjk(U'（'));
    CHECK(is_space(U'\u3000'));
    // an invalid byte becomes U+FFFD instead of being dropped or crashing
    CHECK(utf8_to_u32("a\xFF" "b") == std::u32string{U'a', 0xFFFD, U'b'});
}

TEST_CASE("is_column_number_label: 栏次, 行次 and their OCR misreads") {
    CHECK(is_column_number_label("栏次"));
    CHECK(is_column_number_label("行次"));
    CHECK(is_column_number_label("箭次"));  // 栏 misread
    CHECK_FALSE(is_column_number_label("2次"));
    CHECK_FALSE(is_column_number_label("合计"));
    CHECK_FALSE(is_column_number_label("栏次数"));
}
