// A pipeline stage: reads and writes the Document. Stages are listed in one
// place (pipeline/stages.cpp) and run in order by one runner loop.
#pragma once

#include "model/document.h"
#include "model/options.h"
#include "model/status.h"

#include <memory>
#include <string_view>

namespace juesuan {

class Stage {
public:
    virtual ~Stage() = default;
    virtual std::string_view name() const = 0;
    // A non-ok Status fails the whole document; per-table problems are
    // recorded with Document::diagnose instead.
    virtual Status run(Document& doc, const Options& options) const = 0;
};

using StagePtr = std::unique_ptr<Stage>;

}  // namespace juesuan
