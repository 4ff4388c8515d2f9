#include "pipeline/runner.h"

#include "checks/checks.h"
#include "extract/extract.h"
#include "layout/layout.h"
#include "normalize/normalize.h"
#include "schemas/kinds.h"

#include <chrono>
#include <filesystem>

namespace juesuan {

std::vector<StagePtr> make_stages() {
    std::vector<StagePtr> stages;
    stages.push_back(make_extract_stage());
    stages.push_back(make_normalize_stage());
    stages.push_back(make_layout_stage());
    stages.push_back(make_schema_stage());
    stages.push_back(make_checks_stage());
    return stages;
}

std::vector<std::string> stage_names() {
    std::vector<std::string> names;
    for (const auto& s : make_stages()) names.emplace_back(s->name());
    return names;
}

RunResult run_pipeline(Document& doc, const Options& options, const std::string& stop_after) {
    RunResult result;
    if (doc.source.empty()) doc.source = std::filesystem::path(doc.path).filename().string();
    for (const auto& stage : make_stages()) {
        const auto start = std::chrono::steady_clock::now();
        result.status = stage->run(doc, options);
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        result.timings.push_back({std::string(stage->name()), took.count()});
        if (!result.status.ok()) return result;
        if (stage->name() == stop_after) break;
    }
    // Every stage ran and nothing was recognised as a table: the input is not a
    // report this program can convert, a whole-document failure.
    if (stop_after.empty() && doc.tables.empty())
        result.status = Status::failure(ErrorCode::no_tables, doc.path + ": no disclosure table found");
    return result;
}

}  // namespace juesuan
