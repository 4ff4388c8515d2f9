// extract/: real poppler on the fixture PDFs. Page sizes and counts are
// cross-checked with poppler-utils' pdfinfo, an independent reader.
#include "extract/extract.h"
#include "model/text.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <regex>

using namespace juesuan;
using namespace juesuan::test;

namespace {

struct PdfInfoPage {
    double width = 0, height = 0;
    int rotation = 0;
};

// Per-page size and rotation as pdfinfo prints them.
std::vector<PdfInfoPage> pdfinfo_pages(const fs::path& pdf) {
    const auto count = run_command({"pdfinfo", pdf.string()});
    REQUIRE_MESSAGE(count.exit == 0, "pdfinfo failed on " << pdf << ": " << count.err);
    std::smatch m;
    const std::regex pages_re(R"(Pages:\s+(\d+))");
    REQUIRE(std::regex_search(count.out, m, pages_re));
    const int n = std::stoi(m[1]);
    const auto info = run_command({"pdfinfo", "-f", "1", "-l", std::to_string(n), pdf.string()});
    REQUIRE(info.exit == 0);
    std::vector<PdfInfoPage> pages(static_cast<size_t>(n));
    const std::regex size_re(R"(Page\s+(\d+)\s+size:\s+([\d.]+)\s+x\s+([\d.]+))");
    const std::regex rot_re(R"(Page\s+(\d+)\s+rot:\s+(\d+))");
    for (const auto& line : split_lines(info.out)) {
        if (std::regex_search(line, m, size_re)) {
            auto& p = pages.at(static_cast<size_t>(std::stoi(m[1]) - 1));
            p.width = std::stod(m[2]);
            p.height = std::stod(m[3]);
        } else if (std::regex_search(line, m, rot_re)) {
            pages.at(static_cast<size_t>(std::stoi(m[1]) - 1)).rotation = std::stoi(m[2]) % 360;
        }
    }
    return pages;
}

Status extract(Document& doc) { return make_extract_stage()->run(doc, repo_options()); }

}  // namespace

TEST_CASE("extract: fixture PDFs give their pages and words with boxes inside the page") {
    const auto pdfs = fixture_pdfs();
    if (pdfs.empty()) return;
    for (const auto& pdf : pdfs) {
        CAPTURE(pdf);
        Document doc;
        doc.path = pdf.string();
        const Status st = extract(doc);
        REQUIRE_MESSAGE(st.ok(), st.message);

        const auto info = pdfinfo_pages(pdf);
        REQUIRE(doc.pages.size() == info.size());
        size_t words = 0, cjk_words = 0;
        for (size_t i = 0; i < doc.pages.size(); ++i) {
            const Page& page = doc.pages[i];
            CAPTURE(page.number);
            CHECK(page.number == static_cast<int>(i) + 1);
            // the model's page space is upright: width and height swap on 90/270
            const bool turned = info[i].rotation == 90 || info[i].rotation == 270;
            CHECK(page.width == doctest::Approx(turned ? info[i].height : info[i].width).epsilon(0.01));
            CHECK(page.height == doctest::Approx(turned ? info[i].width : info[i].height).epsilon(0.01));
            CHECK(page.rotation == info[i].rotation);
            constexpr double slack = 1.0;  // points: glyph boxes may touch the edge
            for (const Word& w : page.words) {
                CAPTURE(w.text);
                CHECK_FALSE(w.text.empty());
                CHECK(w.box.x0 <= w.box.x1);
                CHECK(w.box.y0 <= w.box.y1);
                CHECK(w.box.x0 >= -slack);
                CHECK(w.box.y0 >= -slack);
                CHECK(w.box.x1 <= page.width + slack);
                CHECK(w.box.y1 <= page.height + slack);
                CHECK(w.font_size > 0);
                CHECK(w.source == WordSource::text_layer);
                CHECK(w.confidence == 1.0);
                ++words;
                for (char32_t c : utf8_to_u32(w.text))
                    if (is_cjk(c)) {
                        ++cjk_words;
                        break;
                    }
            }
        }
        // born-digital Chinese reports: a text layer with Chinese in it
        CHECK(words > 0);
        CHECK(cjk_words > 0);
    }
}

TEST_CASE("extract: words sit where pdftotext -bbox puts them") {
    // Independent check of coordinates: the first word pdftotext reports on
    // page 1 is also found by extract at the same place (within a point).
    const auto pdfs = fixture_pdfs();
    if (pdfs.empty()) return;
    for (const auto& pdf : pdfs) {
        CAPTURE(pdf);
        const auto html = run_command({"pdftotext", "-bbox", "-f", "1", "-l", "1", pdf.string(), "-"});
        REQUIRE(html.exit == 0);
        const std::regex word_re(
            R"re(<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>)re");
        std::smatch m;
        if (!std::regex_search(html.out, m, word_re)) continue;  // page 1 without text
        const Box expected{std::stod(m[1]), std::stod(m[2]), std::stod(m[3]), std::stod(m[4])};
        Document doc;
        doc.path = pdf.string();
        REQUIRE(extract(doc).ok());
        REQUIRE_FALSE(doc.pages.empty());
        bool found = false;
        for (const Word& w : doc.pages[0].words) {
            if (std::abs(w.box.x0 - expected.x0) < 1 && std::abs(w.box.y0 - expected.y0) < 1 &&
                std::abs(w.box.y1 - expected.y1) < 1)
                found = true;
        }
        CHECK_MESSAGE(found, "no word at " << expected.x0 << "," << expected.y0 << " (" << m[5] << ")");
    }
}

TEST_CASE("extract: a missing file, a directory, a non-PDF") {
    TempDir tmp;
    Document missing;
    missing.path = (tmp.path() / "does-not-exist.pdf").string();
    Status st = extract(missing);
    CHECK(st.code == ErrorCode::missing_input);
    CHECK(st.message == missing.path + ": file not found");

    Document dir;
    dir.path = tmp.path().string();
    st = extract(dir);
    CHECK(st.code == ErrorCode::missing_input);
    CHECK(st.message.rfind(dir.path + ":", 0) == 0);

    const fs::path text = tmp.path() / "report.pdf";
    write_text(text, "这不是PDF文件\n");
    Document not_pdf;
    not_pdf.path = text.string();
    st = extract(not_pdf);
    CHECK(st.code == ErrorCode::not_pdf);
    CHECK(st.message == not_pdf.path + ": not a PDF file");
}

TEST_CASE("extract: error fixtures fail with their ErrorCode, naming the file") {
    const auto pdfs = error_fixture_pdfs();
    if (pdfs.empty()) return;
    const ScopedCwd cwd(source_dir());
    for (const auto& pdf : pdfs) {
        CAPTURE(pdf);
        const fs::path expected_file = expected_error_path(pdf);
        if (!fs::exists(expected_file)) continue;  // golden_test reports the missing file
        const ExpectedError expected = read_expected_error(expected_file);
        Document doc;
        doc.path = repo_relative(pdf);
        const Status st = extract(doc);
        if (expected.code == static_cast<int>(ErrorCode::no_tables)) {
            // a valid PDF: extraction succeeds, a later step finds no table
            CHECK_MESSAGE(st.ok(), st.message);
            CHECK_FALSE(doc.pages.empty());
            continue;
        }
        CHECK(static_cast<int>(st.code) == expected.code);
        CHECK(st.message.rfind(doc.path + ": ", 0) == 0);
        CHECK(st.message == expected.message);
    }
}
