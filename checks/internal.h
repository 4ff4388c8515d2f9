// Internal to checks/: identities as references into records, evaluated on
// demand so an OCR repair can be tried by re-evaluating a copy.
#pragma once

#include "checks/checks.h"

#include <optional>
#include <string>
#include <vector>

namespace juesuan::checks {

// One cell of an identity: a record field (of this table when table < 0), or a
// constant (an amount stated in the text).
struct Ref {
    int table = -1;
    size_t record = 0;
    std::string field;
    std::optional<double> constant;
    std::string label;  // reference text for a constant ("text:p12")

    std::string name() const;
};

// found = lhs, expected = sum of rhs.
struct Identity {
    std::string text;
    Ref lhs;
    std::vector<Ref> rhs;
};

// String value of a record field; "" for null, absent or not a string.
std::string str(const Json& record, const char* field);

// Numeric value of a record field; nullopt for null or absent.
std::optional<double> number(const Json& record, const std::string& field);

// Value of a ref: from `records` for in-table refs, from doc for others.
std::optional<double> value_of(const Ref& ref, const Json& records, const Document* doc);

// Evaluates an identity; nullopt when every cell is blank.
std::optional<Check> evaluate(const Identity& id, const Json& records, const Document* doc);

// The in-table identities of a table, by kind.
std::vector<Identity> table_identities(const Table& table);

// Cross-table identities (refs carry table indices).
std::vector<Identity> document_identities(const Document& doc);

// Amounts stated in the text outside tables, as identities (lhs constant).
std::vector<Identity> narrative_identities(const Document& doc);

// Index of the first record whose `field` equals `value` (nullopt if none).
std::optional<size_t> find_record(const Json& records, const std::string& field, const std::string& value);

// 合计 / 总计 row of a subject table.
std::optional<size_t> total_row(const Json& records);

// Checks of a performance self-evaluation table (绩效自评表): every 得分 ≤ its
// 分值; the 总分 row's weight and score against the sums of the indicators'
// (and the budget row's, where the form counts it); 执行率 against 全年执行数 /
// 全年预算数, within the rounding of its printed decimals. Empty for other kinds.
std::vector<Check> performance_checks(const Table& table);

// Runs table identities on table `t` of doc with OCR repair; fills table.checks.
void check_table(Document& doc, size_t t);

// Candidate readings of a printed amount one OCR confusion away.
std::vector<double> confusion_variants(const std::string& printed);

}  // namespace juesuan::checks
