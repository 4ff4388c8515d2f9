// schemas: recognition of each table's kind and mapping of its printed grid to
// canonical records (spec/tables.md). Each kind is a driver, like GDAL's:
// identify() answers no/maybe/yes from the title and header, to_records()
// builds the records. Field names are record_fields(kind), the same list as
// the record properties of schemas/<kind>.schema.json (checked by a test).
#pragma once

#include "model/stage.h"

#include <string>
#include <vector>

namespace juesuan {

enum class Match { no = 0, maybe = 1, yes = 2 };

class KindDriver {
public:
    virtual ~KindDriver() = default;
    virtual TableKind kind() const = 0;
    // title: NFKC title without year prefix; header: printed header rows (cell texts).
    virtual Match identify(const std::string& title,
                           const std::vector<std::vector<std::string>>& header) const = 0;
    // Fills table.records (and table.fields where the kind has a header block).
    // Problems with single rows or cells become diagnostics on doc.
    virtual void to_records(Table& table, Document& doc) const = 0;
};

// Every driver, most specific first; generic last.
const std::vector<std::unique_ptr<KindDriver>>& kind_drivers();

// The driver for a kind (never null).
const KindDriver& driver_for(TableKind kind);

// Canonical record field names of a kind, in output order: the properties of
// the record in schemas/<kind>.schema.json, in the same order (a test checks
// the two agree). Empty for generic tables (their records are []).
const std::vector<std::string>& record_fields(TableKind kind);

// The kind whose driver answers best for this title and header (ties go to
// the more specific driver); generic when none answers.
TableKind identify_kind(const std::string& title,
                        const std::vector<std::vector<std::string>>& header);

// Stage: identifies each table's kind and builds its records and their
// provenance (schemas/provenance.h). A table that prints no amount at all
// (headers only, a blank 合计 row) gets records [].
StagePtr make_schema_stage();

}  // namespace juesuan
