// The pass pipeline: the stage list (in one place) and the one runner loop that
// runs the stages in order, times each, and can stop after any of them.
#pragma once

#include "model/document.h"
#include "model/options.h"
#include "model/stage.h"
#include "model/status.h"

#include <string>
#include <vector>

namespace juesuan {

// extract → normalize → layout → schemas → checks, in order.
std::vector<StagePtr> make_stages();

// Names of the stages, in order (for --stop-after validation and help).
std::vector<std::string> stage_names();

struct StageTiming {
    std::string stage;
    double seconds = 0;
};

struct RunResult {
    Status status;
    std::vector<StageTiming> timings;
};

// Loads doc.path and runs the stages; stop_after (a stage name, or empty for
// all) ends the loop early so the model can be dumped and tested per stage.
// A full run (no stop_after) that finds no table fails with
// ErrorCode::no_tables, "<path>: no disclosure table found".
RunResult run_pipeline(Document& doc, const Options& options, const std::string& stop_after = {});

}  // namespace juesuan
