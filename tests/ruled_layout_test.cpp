// Layout of OCR forms from ruled cells (Page::ruled_tables): cell texts, grid
// rows with merged cells, and a whole 绩效自评表-like form through the stage.
#include "layout/internal.h"
#include "layout/layout.h"
#include "model/document.h"

#include <doctest/doctest.h>

using namespace juesuan;
using namespace juesuan::layout;

namespace {

Word ocr_word(const std::string& text, double x, double y, double width) {
    Word w;
    w.text = text;
    w.box = {x, y, x + width, y + 11};
    w.font_size = 11;
    w.source = WordSource::ocr;
    w.confidence = 0.95;
    return w;
}

std::vector<std::string> texts(const CellRow& row) {
    std::vector<std::string> out;
    for (const auto& c : row) out.push_back(c.text);
    return out;
}

// Column lefts of the synthetic form; cells end a ruling's width before the next.
constexpr double kCol[] = {50, 151, 251, 351, 451, 551, 651};

Box cell(int c0, int c1, double y0, double y1) { return {kCol[c0], y0, kCol[c1 + 1] - 1, y1}; }

// A project form on a scanned page: 项目名称 | value; 项目资金 headings and the
// 年度资金总额 amounts; then the indicator grid, whose 一级/二级指标 labels are
// merged over rows and printed at the middle of their cell, and whose texts sit
// a point or two off one another's baseline, as OCR reads them.
Page form_page() {
    Page p;
    p.number = 1;
    p.width = 842;
    p.height = 595;
    p.source = WordSource::ocr;
    p.words = {
        ocr_word("2023年度项目支出绩效自评表", 250, 40, 260),
        ocr_word("项目名称", 60, 82, 44),
        ocr_word("某某培训项目", 300, 83, 66),
        ocr_word("项目资金(万元)", 60, 98, 70),
        ocr_word("年初预算数", 160, 99, 55),
        ocr_word("全年预算数", 260, 97, 55),
        ocr_word("全年执行数", 360, 98, 55),
        ocr_word("执行率", 460, 99, 33),
        ocr_word("得分", 560, 98, 22),
        ocr_word("年度资金总额", 60, 114, 66),
        ocr_word("10.00", 160, 115, 25),
        ocr_word("10.00", 260, 113, 25),
        ocr_word("9.00", 360, 114, 20),
        ocr_word("90.00%", 460, 115, 30),
        ocr_word("9", 560, 114, 6),
        ocr_word("一级指标", 60, 130, 44),
        ocr_word("二级指标", 160, 131, 44),
        ocr_word("三级指标", 260, 130, 44),
        ocr_word("年度指标值", 360, 131, 55),
        ocr_word("分值", 460, 130, 22),
        ocr_word("得分", 560, 131, 22),
        // 产出指标 centred in its cell over three rows, 数量指标 over two
        ocr_word("产出指标", 60, 163, 44),
        ocr_word("数量指标", 160, 154, 44),
        ocr_word("培训人次", 260, 146, 44),
        ocr_word("100人", 360, 147, 25),
        ocr_word("20", 460, 145, 10),
        ocr_word("20", 560, 146, 10),
        ocr_word("覆盖率", 260, 163, 33),
        ocr_word("100%", 360, 161, 22),
        ocr_word("20", 460, 162, 10),
        ocr_word("18", 560, 163, 10),
        ocr_word("质量指标", 160, 178, 44),
        ocr_word("合格率", 260, 179, 33),
        ocr_word("95%", 360, 178, 18),
        ocr_word("20", 460, 177, 10),
        ocr_word("20", 560, 179, 10),
        ocr_word("总分", 230, 194, 22),
        ocr_word("60", 460, 194, 10),
        ocr_word("58", 560, 195, 10),
    };
    p.ruled_tables = {{
        cell(0, 1, 80, 95), cell(2, 5, 80, 95),
        cell(0, 0, 96, 111), cell(1, 1, 96, 111), cell(2, 2, 96, 111), cell(3, 3, 96, 111),
        cell(4, 4, 96, 111), cell(5, 5, 96, 111),
        cell(0, 0, 112, 127), cell(1, 1, 112, 127), cell(2, 2, 112, 127), cell(3, 3, 112, 127),
        cell(4, 4, 112, 127), cell(5, 5, 112, 127),
        cell(0, 0, 128, 143), cell(1, 1, 128, 143), cell(2, 2, 128, 143), cell(3, 3, 128, 143),
        cell(4, 4, 128, 143), cell(5, 5, 128, 143),
        cell(0, 0, 144, 191), cell(1, 1, 144, 175), cell(2, 2, 144, 159), cell(3, 3, 144, 159),
        cell(4, 4, 144, 159), cell(5, 5, 144, 159),
        cell(2, 2, 160, 175), cell(3, 3, 160, 175), cell(4, 4, 160, 175), cell(5, 5, 160, 175),
        cell(1, 1, 176, 191), cell(2, 2, 176, 191), cell(3, 3, 176, 191), cell(4, 4, 176, 191),
        cell(5, 5, 176, 191),
        cell(0, 3, 192, 207), cell(4, 4, 192, 207), cell(5, 5, 192, 207),
    }};
    return p;
}

}  // namespace

TEST_CASE("ruled cells: each cell reads its words, wrapped lines in order") {
    const std::vector<Box> cells = {{0, 0, 100, 40}, {101, 0, 200, 40}};
    const std::vector<Word> words = {
        ocr_word("第二行", 10, 20, 30), ocr_word("第一行", 10, 5, 30), ocr_word("B", 150, 14, 8),
        ocr_word("A", 120, 15, 8), ocr_word("外面", 300, 10, 20),
    };
    const auto read = read_ruled_cells(cells, words);
    REQUIRE(read.size() == 2);
    CHECK(read[0].text == "第一行第二行");
    CHECK(read[0].text_box.y0 == doctest::Approx(5));
    CHECK(read[0].text_box.y1 == doctest::Approx(31));
    // one line despite the jitter; ASCII words keep a space
    CHECK(read[1].text == "A B");
}

TEST_CASE("ruled cells: positions within a ruling's jitter are one") {
    CHECK(cluster_positions({50, 151.5, 49, 150, 251, 50.5}, 4) == std::vector<double>{49.833333333333336, 150.75, 251});
    CHECK(cluster_positions({}, 4).empty());
}

TEST_CASE("ruled cells: a merged cell's text stands at the first row and column of its span") {
    std::vector<RuledCell> cells = {
        {{0, 0, 99, 59}, "合并", {10, 25, 30, 36}},   // two columns, three rows
        {{100, 0, 149, 19}, "a", {110, 5, 120, 16}},
        {{100, 21, 149, 39}, "", {100, 21, 149, 39}},  // empty: no text anywhere
        {{100, 41, 120, 59}, "左", {102, 45, 112, 56}},
        {{121, 41, 149, 59}, "右", {125, 45, 135, 56}},  // split by a stray ruling
    };
    const auto rows = ruled_rows(cells, {0, 50, 100}, 3);
    // the empty middle row is dropped
    REQUIRE(rows.size() == 2);
    CHECK(texts(rows[0]) == std::vector<std::string>{"合并", "", "a"});
    CHECK(texts(rows[1]) == std::vector<std::string>{"", "", "左右"});
    CHECK(rows[0][0].box.y0 == doctest::Approx(25));
    CHECK(rows[1][2].page == 3);
}

TEST_CASE("ruled cells: text outside the rulings leaves the word-based layout to it") {
    Page p = form_page();
    CHECK(!ruled_cells_between(p, 80, 207).empty());
    // the grid's texts moved right of the rulings: the cells do not hold them
    for (auto& w : p.words)
        if (w.box.y0 > 125) {
            w.box.x0 += 700;
            w.box.x1 += 700;
        }
    CHECK(ruled_cells_between(p, 80, 207).empty());
}

TEST_CASE("layout: an OCR form's block and indicator grid come from its ruled cells") {
    Document doc;
    doc.pages.push_back(form_page());
    REQUIRE(make_layout_stage()->run(doc, Options{}).ok());
    REQUIRE(doc.tables.size() == 1);
    const Table& t = doc.tables[0];
    CHECK(t.title == "项目支出绩效自评表");
    REQUIRE(t.header.size() == 3);
    CHECK(texts(t.header[0]) == std::vector<std::string>{"项目名称", "", "某某培训项目", "", "", ""});
    CHECK(texts(t.header[1]) ==
          std::vector<std::string>{"项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "执行率", "得分"});
    CHECK(texts(t.header[2]) == std::vector<std::string>{"年度资金总额", "10.00", "10.00", "9.00", "90.00%", "9"});
    REQUIRE(t.body.size() == 5);
    CHECK(texts(t.body[0]) == std::vector<std::string>{"一级指标", "二级指标", "三级指标", "年度指标值", "分值", "得分"});
    // merged labels at the first row of their cell, whatever line OCR put them on
    CHECK(texts(t.body[1]) == std::vector<std::string>{"产出指标", "数量指标", "培训人次", "100人", "20", "20"});
    CHECK(texts(t.body[2]) == std::vector<std::string>{"", "", "覆盖率", "100%", "20", "18"});
    CHECK(texts(t.body[3]) == std::vector<std::string>{"", "质量指标", "合格率", "95%", "20", "20"});
    CHECK(texts(t.body[4]) == std::vector<std::string>{"总分", "", "", "", "60", "58"});
    CHECK(t.body[1][0].page == 1);
}

TEST_CASE("layout: an OCR form runs on to the end of its ruled table, past a tall row") {
    // The 质量指标 row and 总分 lie 80 points lower, under a tall 产出指标 cell:
    // a gap that would end a table of text lines.
    Page p = form_page();
    for (auto& w : p.words)
        if (w.box.y0 >= 176) {
            w.box.y0 += 80;
            w.box.y1 += 80;
        }
    for (auto& b : p.ruled_tables.front()) {
        if (b.y0 >= 176) b.y0 += 80;
        if (b.y1 >= 176) b.y1 += 80;
    }
    CHECK(ruled_table_at(p, Box{60, 130, 100, 140}) == 0);
    CHECK(ruled_table_at(p, Box{60, 30, 100, 40}) == -1);
    Document doc;
    doc.pages.push_back(p);
    REQUIRE(make_layout_stage()->run(doc, Options{}).ok());
    REQUIRE(doc.tables.size() == 1);
    const Table& t = doc.tables[0];
    REQUIRE(t.body.size() == 5);
    CHECK(texts(t.body[3]) == std::vector<std::string>{"", "质量指标", "合格率", "95%", "20", "20"});
    CHECK(texts(t.body[4]) == std::vector<std::string>{"总分", "", "", "", "60", "58"});
}
