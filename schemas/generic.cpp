// The fallback kinds: generic tables (printed body kept, records []), and the
// 绩效自评表, recognised now so it is not taken for another kind; its records
// and header block are a later issue (records [], fields null).
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

class PerformanceDriver final : public KindDriver {
public:
    TableKind kind() const override { return TableKind::performance_self_evaluation; }
    Match identify(const std::string& title, const HeaderTexts&) const override {
        const TitleView t(title);
        return t.has("绩效") && t.has("自评") ? Match::yes : Match::no;
    }
    void to_records(Table& table, Document&) const override {
        table.records = Json::array();
        table.fields = nullptr;
    }
};

}  // namespace

std::unique_ptr<KindDriver> make_generic_driver() { return std::make_unique<GenericDriver>(); }

std::unique_ptr<KindDriver> make_performance_driver() {
    return std::make_unique<PerformanceDriver>();
}

}  // namespace juesuan
