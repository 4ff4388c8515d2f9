// extract/ OCR path: the broken-text-layer judgement, the OCR word tidying,
// and real Tesseract on an image the test renders from a fixture page with
// poppler's pdftoppm (an independent renderer).
#include "extract/extract.h"
#include "extract/ocr.h"
#include "extract/text_quality.h"
#include "model/text.h"
#include "pipeline/runner.h"
#include "test_support.h"

#include <doctest/doctest.h>

using namespace juesuan;
using namespace juesuan::test;

namespace {

std::vector<Word> words_of(std::initializer_list<const char*> texts) {
    std::vector<Word> out;
    double x = 0;
    for (const char* t : texts) {
        Word w;
        w.text = t;
        w.box = {x, 0, x + 20, 10};
        x += 30;
        out.push_back(w);
    }
    return out;
}

Word at(const char* text, double x0, double x1) {
    Word w;
    w.text = text;
    w.box = {x0, 100, x1, 112};
    w.source = WordSource::ocr;
    return w;
}

}  // namespace

TEST_CASE("text quality: a sane text layer is kept, a mis-mapped one is garbage") {
    const double share = repo_options().extract.garbage_share;
    const auto sane = judge_text_layer(
        words_of({"2023年度收入支出决算总表", "项目", "行次", "一、一般公共预算财政拨款收入", "897.41", "合计"}), share);
    CHECK(sane.usable);
    CHECK(sane.reason == "text layer");

    // CID fonts without ToUnicode: glyph ids come out as ASCII symbols/letters.
    const auto cid = judge_text_layer(words_of({"$%&'&(", "'@ABCDEFGHIJKLMIJKGHNOPGHIQ", "\\]K^_`abcde"}), share);
    CHECK_FALSE(cid.usable);
    CHECK(contains(cid.reason, "garbage"));

    const auto pua = judge_text_layer(words_of({"\uE001\uE002\uE003\uE004", "\uE010\uE011"}), share);
    CHECK_FALSE(pua.usable);

    // Plausible-looking CJK that never forms a table word, over a page: wrongly mapped.
    const char* mapped = "的一是了我不人在他有这个上们来到时大地为子中你说生国着就那和要她出也得里后自以会";
    const auto wrong_cjk = judge_text_layer(words_of({mapped, mapped, mapped, mapped}), share);
    CHECK_FALSE(wrong_cjk.usable);
    CHECK(contains(wrong_cjk.reason, "vocabulary"));
    // …but a short page (the tail of a table) may lack every table word.
    const auto short_page = judge_text_layer(words_of({mapped}), share);
    CHECK(short_page.usable);

    const auto empty = judge_text_layer({}, share);
    CHECK_FALSE(empty.usable);
    CHECK(empty.reason == "no text layer");
}

TEST_CASE("text quality: every page of the born-digital fixtures keeps its text layer") {
    for (const auto& pdf : fixture_pdfs()) {
        CAPTURE(pdf);
        Document doc;
        doc.path = pdf.string();
        REQUIRE(make_extract_stage()->run(doc, repo_options()).ok());
        for (const auto& page : doc.pages) {
            CAPTURE(page.number);
            CHECK(page.source == WordSource::text_layer);
            if (!page.words.empty()) CHECK(page.source_reason == "text layer");
        }
    }
}

TEST_CASE("ocr tidy: amounts lose letter confusions, CJK characters of a cell join, debris goes") {
    CHECK(fix_numeric_confusions("1O2.5l") == "102.51");
    CHECK(fix_numeric_confusions("897.4l") == "897.41");
    CHECK(fix_numeric_confusions("IO") == "IO");      // no real digit: text
    CHECK(fix_numeric_confusions("合计") == "合计");  // not an amount
    CHECK(fix_numeric_confusions("2O23年") == "2O23年");

    const auto line = tidy_ocr_line({at("合", 10, 22), at("计", 24, 36), at("|", 60, 62), at("897.4l", 100, 140),
                                     at("〈含专用结余〉", 200, 280)},
                                    0.5);
    REQUIRE(line.size() == 3);
    CHECK(line[0].text == "合计");
    CHECK(line[0].box.x0 == doctest::Approx(10));
    CHECK(line[0].box.x1 == doctest::Approx(36));
    CHECK(line[1].text == "897.41");
    CHECK(line[2].text == "(含专用结余)");
}

TEST_CASE("ocr tidy: a label and the amount beside it stay two words") {
    // 4 points apart on a 12-point line: CJK characters of one cell join at
    // that gap, a row's name and its first amount do not.
    const auto line = tidy_ocr_line({at("合计", 10, 34), at("362.62", 38, 70)}, 0.8);
    REQUIRE(line.size() == 2);
    CHECK(line[0].text == "合计");
    CHECK(line[1].text == "362.62");
    // A year and its 年 are one title.
    const auto title = tidy_ocr_line({at("2023", 10, 40), at("年度收入决算表", 48, 150)}, 0.8);
    REQUIRE(title.size() == 1);
    CHECK(title[0].text == "2023年度收入决算表");
}

TEST_CASE("ocr: a decimal point Tesseract dropped is put back from the glyph boxes") {
    auto glyph = [](double x0, double x1) { return Box{x0, 0, x1, 7.2}; };
    // "2.4" read as "24": a point-wide gap between the two digits.
    CHECK(restore_decimal_point("24", {glyph(453.1, 457.5), glyph(461.0, 465.6)}) == "2.4");
    CHECK(restore_decimal_point("1845", {glyph(0, 2.2), glyph(3.4, 7.8), glyph(11.6, 16), glyph(16.6, 21)}) ==
          "18.45");
    // Digits set at their usual pitch, a narrow "1" included, stay as read.
    CHECK(restore_decimal_point("24", {glyph(453.1, 457.5), glyph(458.2, 462.6)}) == "24");
    CHECK(restore_decimal_point("2101101", {glyph(52.8, 57.1), glyph(57.8, 61.2), glyph(61.7, 66.2), glyph(67, 70.3),
                                            glyph(71.3, 74.6), glyph(75.1, 79.7), glyph(80.6, 84)}) == "2101101");
    CHECK(restore_decimal_point("12.54", {glyph(0, 3), glyph(3.5, 8), glyph(9, 10), glyph(11, 15), glyph(15.5, 20)}) ==
          "12.54");
    // A gap before three digits is not a decimal point in an amount.
    CHECK(restore_decimal_point("1234", {glyph(0, 4.4), glyph(9, 13.4), glyph(14, 18.4), glyph(19, 23.4)}) == "1234");
}

TEST_CASE("ocr tidy: a colon joins label and value as a text layer prints them") {
    const auto line = tidy_ocr_line({at("金额单位", 10, 50), at(":", 52, 54), at("万元", 60, 80)}, 0.5);
    REQUIRE(line.size() == 1);
    CHECK(line[0].text == "金额单位:万元");
}

TEST_CASE("ocr: a page image rendered from a fixture PDF gives back its table numbers") {
    const fs::path pdf = fixtures_dir() / "ruled_report.pdf";
    if (!fixture_exists(pdf)) return;
    // Page 4: 收入决算表(分单位), one unit row; small, so Tesseract is quick.
    const TempDir tmp;
    const auto r = run_command({"pdftoppm", "-f", "4", "-l", "4", "-r", "300", "-png", "-singlefile", pdf.string(),
                                (tmp.path() / "page").string()});
    REQUIRE_MESSAGE(r.exit == 0, r.err);
    const fs::path png = tmp.path() / "page.png";
    REQUIRE(fs::exists(png));

    Document doc;
    doc.path = png.string();
    Options options = repo_options();
    options.extract.jobs = 1;
    const auto run = run_pipeline(doc, options, "");
    REQUIRE_MESSAGE(run.status.ok(), run.status.message);
    REQUIRE(doc.pages.size() == 1);
    const Page& page = doc.pages[0];
    CHECK(page.source == WordSource::ocr);
    CHECK(page.source_reason == "image input");
    // pdftoppm records 300 dpi: the page has the PDF's size in points.
    CHECK(page.width == doctest::Approx(595.28).epsilon(0.01));
    CHECK(page.height == doctest::Approx(841.89).epsilon(0.01));
    std::string text;
    for (const auto& w : page.words) {
        CHECK(w.source == WordSource::ocr);
        CHECK(w.confidence >= 0.0);
        CHECK(w.confidence <= 1.0);
        CHECK(w.box.x0 >= 0);
        CHECK(w.box.x1 <= page.width + 1);
        text += w.text + " ";
    }
    CAPTURE(text);
    CHECK(contains(text, "公开02表"));
    CHECK(contains(text, "897.41"));
    CHECK(contains(remove_spaces(text), "绍兴市医疗保障局柯桥分局"));
    REQUIRE_FALSE(doc.tables.empty());
    CHECK(doc.tables[0].kind == TableKind::income_by_unit);
    // The unit row's amounts are in the body (column assignment of OCR'd
    // headers printed close together is not yet reliable: see issue 3 notes).
    CHECK(contains(rows_to_json(doc.tables[0].body).dump(), "897.41"));
}

TEST_CASE("ocr: --ocr never leaves an image page without words instead of running Tesseract") {
    const fs::path pdf = fixtures_dir() / "ruled_report.pdf";
    if (!fixture_exists(pdf)) return;
    const TempDir tmp;
    const auto r = run_command({"pdftoppm", "-f", "1", "-l", "1", "-r", "50", "-png", "-singlefile", pdf.string(),
                                (tmp.path() / "page").string()});
    REQUIRE(r.exit == 0);
    Document doc;
    doc.path = (tmp.path() / "page.png").string();
    Options options = repo_options();
    options.extract.ocr = OcrMode::never;
    REQUIRE(make_extract_stage()->run(doc, options).ok());
    REQUIRE(doc.pages.size() == 1);
    CHECK(doc.pages[0].words.empty());
    CHECK(contains(doc.pages[0].source_reason, "OCR disabled"));
}

TEST_CASE("ocr lexicon: one misread character inside a report phrase is corrected, real labels are not") {
    using juesuan::correct_with_lexicon;
    CHECK(correct_with_lexicon("一般公共预算财政拨坎支出决算表") == "一般公共预算财政拨款支出决算表");
    CHECK(correct_with_lexicon("项目支出疆效自评表") == "项目支出绩效自评表");
    // Exact phrases and labels a character away from a phrase stay.
    CHECK(correct_with_lexicon("年初结转和结余") == "年初结转和结余");
    CHECK(correct_with_lexicon("项目名称") == "项目名称");  // 科目名称 is one character away
    CHECK(correct_with_lexicon("二十四、债务还本支出") == "二十四、债务还本支出");
    CHECK(correct_with_lexicon("职工基本医疗保险缴费") == "职工基本医疗保险缴费");
    // One character from two phrases: a known look-alike decides (未 is
    // read for 末, never for 初); without one the text stays.
    CHECK(correct_with_lexicon("年未结转和结余") == "年末结转和结余");
    CHECK(correct_with_lexicon("年禾结转") == "年禾结转");
    // Classification names, and long phrases with a character read twice.
    CHECK(correct_with_lexicon("二、外交文出") == "二、外交支出");
    CHECK(correct_with_lexicon("退休竟") == "退休费");
    CHECK(correct_with_lexicon("X休费") == "X休费");
    CHECK(correct_with_lexicon("收入支出决算总和表") == "收入支出决算总表");
    // Two misread characters in a long phrase; a phrase two from another stays.
    CHECK(correct_with_lexicon("医疗保障答理宴务") == "医疗保障管理事务");
    CHECK(correct_with_lexicon("行政事业单位养老") == "行政事业单位养老");
    // A stray character before a whole label goes; a real first character stays.
    CHECK(correct_with_lexicon("十六、人金融支出") == "十六、金融支出");
    CHECK(correct_with_lexicon("和粮油物资储备支出") == "粮油物资储备支出");
    CHECK(correct_with_lexicon("对附属单位补助支出") == "对附属单位补助支出");
    CHECK(correct_with_lexicon("非财政拨款结余") == "非财政拨款结余");
    CHECK(correct_with_lexicon("其他金融支出") == "其他金融支出");
    // No character is taken from or added at a phrase's ends.
    CHECK(correct_with_lexicon("本年支出合计数") == "本年支出合计数");
    CHECK(correct_with_lexicon("住房改革支出") == "住房改革支出");
    // Digits are never rewritten into a phrase.
    CHECK(correct_with_lexicon("财政拨1") == "财政拨1");
}

TEST_CASE("ocr: the digits-only reading keeps the decimal point the full reading saw") {
    CHECK(merge_amount_readings("1.23", "123") == "1.23");
    CHECK(merge_amount_readings("3062.02", "362.62") == "362.62");  // digits-only has its point
    CHECK(merge_amount_readings("工", "1") == "1");                  // nothing to take over
    CHECK(merge_amount_readings("12.5", "1250") == "1250");          // digit counts differ: unchanged
}

TEST_CASE("ocr: quote marks read as digits between CJK words join the words they belong to") {
    auto word = [](std::string t, double x0, double y0, double x1, double y1) {
        Word w;
        w.text = std::move(t);
        w.box = {x0, y0, x1, y1};
        return w;
    };
    std::vector<Word> words{word("财政拨款", 256, 44, 400, 68), word("6", 409, 41, 416, 54),
                            word("三公", 418, 44, 455, 68), word("3??", 453, 42, 460, 55),
                            word("经费支出决算表", 469, 44, 588, 68)};
    restore_quote_marks(words);
    REQUIRE(words.size() == 3);
    CHECK(words[0].text == "财政拨款");
    CHECK(words[1].text == "“三公”");
    // A number of its own height on the line is no quote mark.
    std::vector<Word> row{word("合计", 50, 100, 70, 113), word("6", 80, 100, 86, 113), word("三公", 90, 100, 110, 113)};
    restore_quote_marks(row);
    CHECK(row[1].text == "6");
}

TEST_CASE("ocr: symbols read as characters are restored where only the symbol fits") {
    CHECK(fix_ocr_symbols("之90%") == "≥90%");
    CHECK(fix_ocr_symbols("过1年") == "≥1年");
    CHECK(fix_ocr_symbols("2023年5月一2024年5月") == "2023年5月—2024年5月");
    CHECK(fix_ocr_symbols("2023年]-12月") == "2023年1-12月");
    // Words that really are these characters stay.
    CHECK(fix_ocr_symbols("总而言之") == "总而言之");
    CHECK(fix_ocr_symbols("过程管理") == "过程管理");
    CHECK(fix_ocr_symbols("一般公共服务") == "一般公共服务");
    CHECK(fix_ocr_symbols("第一2") == "第一2");
    CHECK(fix_ocr_symbols("1]") == "1]");
}
