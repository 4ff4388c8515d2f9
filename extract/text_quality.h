// Is a page's text layer usable, or garbage that must be OCR'd instead?
// Broken producers (CID fonts without a ToUnicode map) give a text layer whose
// characters are wrong: Latin letters and symbols, private-use code points, or
// CJK characters that never form the words every report table prints.
#pragma once

#include "model/document.h"

#include <string>
#include <vector>

namespace juesuan {

struct TextLayerVerdict {
    bool usable = false;
    std::string reason;  // for Page::source_reason
};

// garbage_share: the largest tolerated share of implausible characters.
TextLayerVerdict judge_text_layer(const std::vector<Word>& words, double garbage_share);

}  // namespace juesuan
