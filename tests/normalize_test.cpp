// normalize/: ICU NFKC and the removal of extraction spaces, through the real
// stage on a hand-built page (the stage sees exactly what extract produces).
#include "normalize/normalize.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace juesuan;

namespace {

// Runs the normalize stage on one page holding the given word texts.
std::vector<std::string> normalize_words(const std::vector<std::string>& texts, Options options = {}) {
    Document doc;
    doc.path = "memory.pdf";
    Page page;
    page.number = 1;
    page.width = 595;
    page.height = 842;
    double x = 10;
    for (const auto& t : texts) {
        Word w;
        w.text = t;
        w.box = {x, 10, x + 40, 22};
        w.font_size = 12;
        page.words.push_back(w);
        x += 50;
    }
    doc.pages.push_back(page);
    const Status st = make_normalize_stage()->run(doc, options);
    REQUIRE(st.ok());
    std::vector<std::string> out;
    for (const auto& w : doc.pages.front().words) out.push_back(w.text);
    return out;
}

}  // namespace

TEST_CASE("nfkc: full-width digits, letters and brackets become ASCII") {
    CHECK(nfkc("１２３４．５６") == "1234.56");
    CHECK(nfkc("（含专用结余）") == "(含专用结余)");
    CHECK(nfkc("ＡＢＣ") == "ABC");
    CHECK(nfkc("１，２３４") == "1,234");
    CHECK(nfkc("：") == ":");
}

TEST_CASE("nfkc: ideographic space becomes a space; CJK text is unchanged") {
    CHECK(nfkc("合\u3000计") == "合 计");
    CHECK(nfkc("一般公共预算财政拨款支出决算表") == "一般公共预算财政拨款支出决算表");
    // the quotes of 三公 are not compatibility characters and stay as printed
    CHECK(nfkc("财政拨款“三公”经费支出决算表") == "财政拨款“三公”经费支出决算表");
    CHECK(nfkc("") == "");
}

TEST_CASE("normalize stage: NFKC and spaces between CJK characters") {
    const auto out = normalize_words({"合 计", "一般\u3000公共服务", "（含专用结余）", "项目　支出"});
    REQUIRE(out.size() == 4);
    CHECK(out[0] == "合计");
    CHECK(out[1] == "一般公共服务");
    CHECK(out[2] == "(含专用结余)");
    CHECK(out[3] == "项目支出");
}

TEST_CASE("normalize stage: extraction spaces inside numbers") {
    const auto out = normalize_words({"945. 84", "１２３．４５", "1, 234.56", " 12.00 "});
    REQUIRE(out.size() == 4);
    CHECK(out[0] == "945.84");
    CHECK(out[1] == "123.45");
    CHECK(out[2] == "1,234.56");
    CHECK(out[3] == "12.00");
}

TEST_CASE("normalize stage: spaces that separate words stay, blank words go") {
    const auto out = normalize_words({"Total amount", "\u3000", "  ", "201 一般公共服务支出"});
    REQUIRE(out.size() == 2);
    CHECK(out[0] == "Total amount");
    CHECK(out[1] == "201 一般公共服务支出");
}

TEST_CASE("normalize stage: nfkc can be switched off in the options") {
    Options options;
    options.normalize.nfkc = false;
    const auto out = normalize_words({"（１２）"}, options);
    REQUIRE(out.size() == 1);
    CHECK(out[0] == "（１２）");
}
