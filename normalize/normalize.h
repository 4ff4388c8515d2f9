// normalize: ICU-based text normalisation of the words every later stage
// reads: NFKC (full-width digits and punctuation to ASCII, 　 to space),
// extraction spaces inside numbers ("945. 84") and between Chinese characters
// removed, thousands separators kept in the text (parse_amount drops them).
#pragma once

#include "model/stage.h"

#include <string>

namespace juesuan {

StagePtr make_normalize_stage();

// NFKC-normalise UTF-8 text (ICU).
std::string nfkc(const std::string& text);

}  // namespace juesuan
