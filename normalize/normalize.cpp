#include "normalize/normalize.h"

#include "model/text.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

namespace juesuan {

std::string nfkc(const std::string& text) {
    UErrorCode err = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(err);
    if (U_FAILURE(err)) return text;
    const icu::UnicodeString in = icu::UnicodeString::fromUTF8(text);
    if (n->isNormalized(in, err) && U_SUCCESS(err)) return text;
    err = U_ZERO_ERROR;
    const icu::UnicodeString out = n->normalize(in, err);
    if (U_FAILURE(err)) return text;
    std::string r;
    out.toUTF8String(r);
    return r;
}

namespace {

// NFKC maps the ideographic quotation marks and brackets the spec keeps as
// printed (“三公”) untouched; it maps full-width ASCII to ASCII. After it, a
// word's spaces between two CJK characters, or inside a number ("945. 84"),
// are extraction artefacts and are dropped.
std::string tidy_word(const std::string& text) {
    const std::u32string u = utf8_to_u32(text);
    std::u32string out;
    for (size_t i = 0; i < u.size(); ++i) {
        const char32_t c = u[i];
        if (is_space(c)) {
            size_t j = i;
            while (j < u.size() && is_space(u[j])) ++j;
            if (i == 0 || j == u.size()) {
                i = j - 1;
                continue;
            }
            const char32_t a = u[i - 1], b = u[j];
            const bool digit_a = (a >= '0' && a <= '9') || a == '.' || a == ',';
            const bool digit_b = (b >= '0' && b <= '9') || b == '.' || b == ',';
            const bool drop = (is_cjk(a) && is_cjk(b)) || (digit_a && digit_b && (a == '.' || b == '.' || a == ','));
            if (!drop) out.push_back(' ');
            i = j - 1;
            continue;
        }
        out.push_back(c);
    }
    return u32_to_utf8(out);
}

class NormalizeStage final : public Stage {
public:
    std::string_view name() const override { return "normalize"; }

    Status run(Document& doc, const Options& options) const override {
        for (auto& page : doc.pages) {
            for (auto& w : page.words) {
                if (options.normalize.nfkc) w.text = nfkc(w.text);
                w.text = tidy_word(w.text);
            }
            std::erase_if(page.words, [](const Word& w) { return w.text.empty(); });
        }
        return Status::success();
    }
};

}  // namespace

StagePtr make_normalize_stage() { return std::make_unique<NormalizeStage>(); }

}  // namespace juesuan
