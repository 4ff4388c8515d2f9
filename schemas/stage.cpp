#include "schemas/drivers.h"
#include "schemas/grid.h"
#include "schemas/provenance.h"

#include <algorithm>

namespace juesuan {

namespace {

// Whether any record holds a printed amount (a number in a field other than
// the summary tables' 行次). Tables printed with headers only, a blank 合计 row
// or 合计 sub-heads only are empty: the contract wants records [] for them.
bool prints_any_amount(const Json& records) {
    for (const auto& record : records) {
        if (!record.is_object()) continue;
        for (const auto& [field, value] : record.items())
            if (value.is_number() && field != "line") return true;
    }
    return false;
}

class SchemaStage final : public Stage {
public:
    std::string_view name() const override { return "schemas"; }

    Status run(Document& doc, const Options& options) const override {
        for (auto& table : doc.tables) {
            table.kind = identify_kind(table.title, grid::texts(table.header));
            table.records = Json::array();
            table.fields = nullptr;
            driver_for(table.kind).to_records(table, doc);
            if (!prints_any_amount(table.records)) table.records = Json::array();
            table.provenance = table_provenance(doc, table);
        }
        if (!options.schemas.emit_generic)
            std::erase_if(doc.tables, [](const Table& t) { return t.kind == TableKind::generic; });
        return Status::success();
    }
};

}  // namespace

StagePtr make_schema_stage() { return std::make_unique<SchemaStage>(); }

}  // namespace juesuan
