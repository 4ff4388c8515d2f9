#include "schemas/kinds.h"

namespace juesuan {
namespace {
class SchemaStage final : public Stage {
public:
    std::string_view name() const override { return "schemas"; }
    Status run(Document&, const Options&) const override { return Status::success(); }
};
}  // namespace
StagePtr make_schema_stage() { return std::make_unique<SchemaStage>(); }
}  // namespace juesuan
