// The fallback kind: generic tables (printed body kept, records []).
#include "schemas/drivers.h"

namespace juesuan {

namespace {

class GenericDriver final : public KindDriver {
public:
    TableKind kind() const override { return TableKind::generic; }
    // Never claims a table: it is what the stage falls back to.
    Match identify(const std::string&, const HeaderTexts&) const override { return Match::no; }
    void to_records(Table& table, Document&) const override { table.records = Json::array(); }
};

}  // namespace

std::unique_ptr<KindDriver> make_generic_driver() { return std::make_unique<GenericDriver>(); }

}  // namespace juesuan
