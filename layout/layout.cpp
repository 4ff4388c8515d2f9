#include "layout/layout.h"

namespace juesuan {
namespace {
class LayoutStage final : public Stage {
public:
    std::string_view name() const override { return "layout"; }
    Status run(Document&, const Options&) const override { return Status::success(); }
};
}  // namespace
StagePtr make_layout_stage() { return std::make_unique<LayoutStage>(); }
}  // namespace juesuan
