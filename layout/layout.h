// layout: table-layout recovery from word positions. Finds every table on
// every page (title, 公开NN表, unit lines), recovers its header rows and body
// grid (merged headers, wrapped cells, side-by-side groups), and merges
// tables continued over pages.
#pragma once

#include "model/stage.h"

namespace juesuan {

StagePtr make_layout_stage();

}  // namespace juesuan
