// Layout stage: lines, cells, columns and rows from word positions.
#include "layout/internal.h"
#include "layout/layout.h"
#include "model/document.h"

#include <doctest/doctest.h>

using namespace juesuan;

namespace {

// Adds a word of `n` CJK-width glyphs (9 pt) at x, on the text line at y.
void word(Page& page, const std::string& text, double x, double y, double width) {
    Word w;
    w.text = text;
    w.box = {x, y, x + width, y + 11.7};
    w.font_size = 11.7;
    page.words.push_back(w);
}

Page table_page() {
    Page page;
    page.number = 1;
    page.width = 595;
    page.height = 842;
    word(page, "2023年度一般公共预算财政拨款支出决算表", 120, 50, 340);
    word(page, "公开05表", 500, 75, 40);
    word(page, "单位:某某局", 40, 92, 80);
    word(page, "金额单位:万元", 480, 92, 70);
    // header: 项目 over 科目编码 / 科目名称; 本年支出 over 小计 / 基本支出 / 项目支出
    word(page, "项目", 110, 115, 18);
    word(page, "本年支出", 380, 115, 36);
    word(page, "科目编码", 50, 132, 36);
    word(page, "科目名称", 170, 132, 36);
    word(page, "小计", 300, 132, 18);
    word(page, "基本支出", 380, 132, 36);
    word(page, "项目支出", 470, 132, 36);
    // body
    word(page, "合计", 50, 150, 18);
    word(page, "10.00", 310, 150, 22);
    word(page, "4.00", 400, 150, 18);
    word(page, "6.00", 490, 150, 18);
    word(page, "2101501", 50, 168, 32);
    word(page, "行政运行", 120, 168, 36);
    word(page, "4.00", 314, 168, 18);
    word(page, "4.00", 400, 168, 18);
    // a name wrapped over two lines, amounts centred between them
    word(page, "2101599", 50, 192, 32);
    word(page, "其他医疗保障管理事", 120, 186, 81);
    word(page, "务支出", 120, 199, 27);
    word(page, "6.00", 314, 192, 18);
    word(page, "6.00", 490, 192, 18);
    word(page, "注:本表反映一般公共预算财政拨款支出情况。", 40, 220, 220);
    word(page, "- 5 -", 290, 800, 20);
    return page;
}

std::vector<std::string> texts(const CellRow& row) {
    std::vector<std::string> out;
    for (const auto& c : row) out.push_back(c.text);
    return out;
}

}  // namespace

TEST_CASE("layout: words on one baseline form a line; close words form one cell") {
    Page page;
    page.number = 1;
    page.width = 595;
    page.height = 842;
    word(page, "项", 100, 100, 9);
    word(page, "目", 111.5, 100.5, 9);  // letter-spaced heading
    word(page, "362.62", 200, 101, 28);
    word(page, "一、一般公共服务支出", 235, 100, 90);  // 0.6 em after a number: another cell
    const auto lines = layout::recover_lines(page, LayoutOptions{});
    REQUIRE(lines.size() == 1);
    REQUIRE(lines[0].cells.size() == 3);
    CHECK(lines[0].cells[0].text == "项目");
    CHECK(lines[0].cells[1].text == "362.62");
    CHECK(lines[0].cells[2].text == "一、一般公共服务支出");
}

TEST_CASE("layout: a lone dash is its own cell, a split number is one") {
    Page page;
    page.number = 1;
    page.width = 595;
    page.height = 842;
    word(page, "945.", 100, 100, 18);
    word(page, "84", 120, 100, 9);  // "945. 84": extraction space inside a number
    word(page, "-", 150, 100, 3);
    word(page, "-", 156, 100, 3);
    const auto lines = layout::recover_lines(page, LayoutOptions{});
    REQUIRE(lines.size() == 1);
    REQUIRE(lines[0].cells.size() == 3);
    CHECK(lines[0].cells[0].text == "945.84");
    CHECK(lines[0].cells[1].text == "-");
    CHECK(lines[0].cells[2].text == "-");
}

TEST_CASE("layout: titles and year prefixes") {
    CHECK(layout::is_title_line("2023年度收入支出决算总表"));
    CHECK(layout::is_title_line("财政拨款“三公”经费支出决算表"));
    CHECK(layout::is_title_line("收入决算表(分科目)"));
    // A table number whose 公开 OCR lost names nothing: no title.
    CHECK_FALSE(layout::is_title_line("07表"));
    CHECK(layout::is_title_line("部门决算单位构成"));
    CHECK_FALSE(layout::is_title_line("单位:某某局"));
    CHECK_FALSE(layout::is_title_line("注:本表反映部门本年度取得的各项收入情况。"));
    CHECK_FALSE(layout::is_title_line("二、2023年度部门决算公开表"));
    CHECK(layout::strip_year_prefix("2023年度收入支出决算总表") == "收入支出决算总表");
    CHECK(layout::strip_year_prefix("2023年收入决算表") == "收入决算表");
    CHECK(layout::strip_year_prefix("收入决算表") == "收入决算表");
}

TEST_CASE("layout: a table's title, number, unit, header, body and notes") {
    Document doc;
    doc.pages.push_back(table_page());
    REQUIRE(make_layout_stage()->run(doc, Options{}).ok());
    REQUIRE(doc.tables.size() == 1);
    const Table& t = doc.tables[0];
    CHECK(t.title == "一般公共预算财政拨款支出决算表");
    CHECK(t.table_no == std::optional<std::string>("05"));
    CHECK(t.amount_unit == std::optional<std::string>("万元"));
    REQUIRE(t.notes.size() == 1);
    CHECK(t.notes[0] == "注:本表反映一般公共预算财政拨款支出情况。");
    REQUIRE(t.header.size() == 2);
    // spanning cells sit at the first column of their span
    CHECK(texts(t.header[0]) == std::vector<std::string>{"项目", "", "本年支出", "", ""});
    CHECK(texts(t.header[1]) == std::vector<std::string>{"科目编码", "科目名称", "小计", "基本支出", "项目支出"});
    REQUIRE(t.body.size() == 3);
    CHECK(texts(t.body[0]) == std::vector<std::string>{"合计", "", "10.00", "4.00", "6.00"});
    CHECK(texts(t.body[1]) == std::vector<std::string>{"2101501", "行政运行", "4.00", "4.00", ""});
    // the wrapped name is joined into its row; the page number is no row
    CHECK(texts(t.body[2]) == std::vector<std::string>{"2101599", "其他医疗保障管理事务支出", "6.00", "", "6.00"});
}

TEST_CASE("layout: a table continued on the next page is one table, repeated header dropped") {
    Document doc;
    doc.pages.push_back(table_page());
    doc.pages[0].words.erase(doc.pages[0].words.end() - 2);  // no note: the table runs on
    Page next;
    next.number = 2;
    next.width = 595;
    next.height = 842;
    word(next, "科目编码", 50, 60, 36);
    word(next, "科目名称", 170, 60, 36);
    word(next, "小计", 300, 60, 18);
    word(next, "基本支出", 380, 60, 36);
    word(next, "项目支出", 470, 60, 36);
    word(next, "2210201", 50, 80, 32);
    word(next, "住房公积金", 120, 80, 45);
    word(next, "1.00", 314, 80, 18);
    word(next, "1.00", 400, 80, 18);
    doc.pages.push_back(next);
    REQUIRE(make_layout_stage()->run(doc, Options{}).ok());
    REQUIRE(doc.tables.size() == 1);
    const Table& t = doc.tables[0];
    CHECK(t.pages == std::vector<int>{1, 2});
    REQUIRE(t.body.size() == 4);
    CHECK(texts(t.body[3]) == std::vector<std::string>{"2210201", "住房公积金", "1.00", "1.00", ""});
}

TEST_CASE("layout: narrative text is never a table") {
    Document doc;
    Page page;
    page.number = 1;
    page.width = 595;
    page.height = 842;
    word(page, "一、收入支出决算总体情况说明", 40, 60, 200);
    word(page, "2023年度收入总计897.41万元,支出总计897.41万元,与2022年度相比,各减少400.78万元。", 40, 90, 500);
    word(page, "主要原因是本年度的专项项目经费较上年有所减少,故总收入、总支出也有所减少。", 40, 110, 480);
    doc.pages.push_back(page);
    REQUIRE(make_layout_stage()->run(doc, Options{}).ok());
    CHECK(doc.tables.empty());
}
