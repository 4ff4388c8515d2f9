// extract: words with positions from the PDF text layer (poppler-cpp).
// Poppler types stay inside this folder.
#pragma once

#include "model/stage.h"

namespace juesuan {

StagePtr make_extract_stage();

}  // namespace juesuan
