// The checks stage: in-table checks with OCR repair, then the document's.
#include "checks/internal.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <utility>

namespace juesuan {

CheckOutcome check_outcome(double expected, double found, size_t terms) {
    const double diff = std::fabs(expected - found);
    if (diff < 0.005) return CheckOutcome::pass;
    if (diff <= 0.01 * static_cast<double>(std::max<size_t>(terms, 1)) + 1e-9) return CheckOutcome::rounding;
    return CheckOutcome::fail;
}

namespace checks {

namespace {

// Pairs of digits OCR confuses; each direction is tried.
constexpr std::pair<char, char> kConfusions[] = {{'8', '3'}, {'1', '7'}, {'0', '6'},
                                                 {'5', '6'}, {'0', '8'}, {'6', '8'}};

std::optional<double> parse_amount(std::string text) {
    std::string s;
    for (char c : text)
        if (c != ' ' && c != ',') s += c;
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size()) return std::nullopt;
    return v;
}

// The printed text of the body cell an OCR-read value came from, or nullopt
// when the value is not printed in an OCR-read cell of the table (a
// text-layer value is never repaired).
std::optional<std::string> ocr_text(const Document& doc, const Table& table, double value) {
    for (const auto& row : table.body) {
        for (const auto& cell : row) {
            const auto v = parse_amount(cell.text);
            if (!v || std::fabs(*v - value) > 0.0005) continue;
            if (const Page* page = doc.page(cell.page))
                for (const auto& w : page->words)
                    if (w.source == WordSource::ocr && cell.box.holds_centre_of(w.box)) return cell.text;
        }
    }
    return std::nullopt;
}

std::string format_amount(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

struct Evaluated {
    std::vector<Check> checks;
    std::vector<size_t> identity;  // identity index of each check
    size_t failed = 0;
};

Evaluated evaluate_all(const std::vector<Identity>& ids, const Json& records) {
    Evaluated e;
    for (size_t i = 0; i < ids.size(); ++i) {
        if (auto c = evaluate(ids[i], records, nullptr)) {
            if (c->outcome == CheckOutcome::fail) ++e.failed;
            e.checks.push_back(std::move(*c));
            e.identity.push_back(i);
        }
    }
    return e;
}

struct Candidate {
    Ref ref;
    double original = 0;
    double value = 0;
    std::string printed;  // the OCR-read cell text
};

}  // namespace

std::vector<double> confusion_variants(const std::string& printed) {
    std::string s;
    for (char c : printed)
        if (c != ' ' && c != ',') s += c;
    std::vector<double> out;
    auto add = [&](const std::string& t) {
        if (const auto v = parse_amount(t)) out.push_back(*v);
    };
    for (size_t i = 0; i < s.size(); ++i) {
        for (const auto& [a, b] : kConfusions) {
            if (s[i] != a && s[i] != b) continue;
            std::string t = s;
            t[i] = s[i] == a ? b : a;
            add(t);
        }
    }
    // A dropped decimal point: "94584" read for "945.84".
    if (s.find('.') == std::string::npos && s.size() >= 3) add(s.substr(0, s.size() - 2) + "." + s.substr(s.size() - 2));
    return out;
}

void check_table(Document& doc, size_t t) {
    Table& table = doc.tables[t];
    const auto ids = table_identities(table);
    Evaluated now = evaluate_all(ids, table.records);
    std::vector<std::pair<std::string, std::string>> repairs;  // ref → repair text
    std::set<std::string> tried;
    while (now.failed > 0) {
        // Every single-cell reading that restores some failed identity, breaks
        // no passing one and lowers the number of failures.
        std::vector<Candidate> found;
        std::set<std::pair<std::string, long long>> seen;
        for (size_t k = 0; k < now.checks.size(); ++k) {
            if (now.checks[k].outcome != CheckOutcome::fail) continue;
            const Identity& id = ids[now.identity[k]];
            std::vector<Ref> refs{id.lhs};
            refs.insert(refs.end(), id.rhs.begin(), id.rhs.end());
            for (const auto& ref : refs) {
                const auto value = value_of(ref, table.records, nullptr);
                if (!value || tried.count(ref.name())) continue;
                const auto text = ocr_text(doc, table, *value);
                if (!text) continue;
                for (double v : confusion_variants(*text)) {
                    if (!seen.insert({ref.name(), std::llround(v * 100)}).second) continue;
                    Json trial = table.records;
                    trial[ref.record][ref.field] = v;
                    const auto e = evaluate_all(ids, trial);
                    bool broke = false;
                    for (size_t j = 0; j < e.checks.size() && j < now.checks.size(); ++j)
                        broke = broke || (e.checks[j].outcome == CheckOutcome::fail &&
                                          now.checks[j].outcome != CheckOutcome::fail);
                    if (!broke && e.failed < now.failed) found.push_back({ref, *value, v, *text});
                }
            }
        }
        if (found.size() != 1) break;  // none fits, or more than one: never guess
        const Candidate& c = found.front();
        tried.insert(c.ref.name());
        table.records[c.ref.record][c.ref.field] = c.value;
        // The cell still prints the misreading: its provenance says so.
        if (c.ref.record < table.provenance.size() && table.provenance[c.ref.record].contains(c.ref.field))
            table.provenance[c.ref.record][c.ref.field]["original"] = c.printed;
        repairs.emplace_back(c.ref.name(), c.ref.name() + ": " + format_amount(c.original) + " -> " +
                                               format_amount(c.value) + " (OCR misread repaired)");
        doc.diagnose(Severity::info, table.pages.empty() ? 0 : table.pages.front(), "checks",
                     table.title + ": " + repairs.back().second);
        const Evaluated before = std::move(now);
        now = evaluate_all(ids, table.records);
        for (size_t j = 0; j < now.checks.size() && j < before.checks.size(); ++j) {
            Check& ch = now.checks[j];
            if (ch.outcome == CheckOutcome::fail) continue;
            for (const auto& [ref, text] : repairs) {
                if (std::find(ch.cells.begin(), ch.cells.end(), ref) == ch.cells.end()) continue;
                ch.outcome = CheckOutcome::repaired;
                ch.repair = text;
            }
        }
    }
    // Checks repaired in an earlier round keep their mark.
    for (auto& ch : now.checks) {
        if (ch.outcome == CheckOutcome::fail) continue;
        for (const auto& [ref, text] : repairs)
            if (std::find(ch.cells.begin(), ch.cells.end(), ref) != ch.cells.end()) {
                ch.outcome = CheckOutcome::repaired;
                ch.repair = text;
            }
    }
    table.checks = std::move(now.checks);
    for (auto& c : performance_checks(table)) table.checks.push_back(std::move(c));
}

}  // namespace checks

void check_document(Document& doc) {
    for (size_t t = 0; t < doc.tables.size(); ++t) checks::check_table(doc, t);
    bool have_words = false;
    for (const auto& p : doc.pages) have_words = have_words || !p.words.empty();
    std::vector<Check> narrative_kept;
    if (!have_words)
        for (const auto& c : doc.checks)
            if (c.identity.rfind("narrative:", 0) == 0) narrative_kept.push_back(c);
    doc.checks.clear();
    for (const auto& id : checks::document_identities(doc))
        if (auto c = checks::evaluate(id, Json::array(), &doc)) doc.checks.push_back(std::move(*c));
    if (have_words) {
        for (const auto& id : checks::narrative_identities(doc))
            if (auto c = checks::evaluate(id, Json::array(), &doc)) doc.checks.push_back(std::move(*c));
    } else {
        doc.checks.insert(doc.checks.end(), narrative_kept.begin(), narrative_kept.end());
    }
}

CheckCounts count_checks(const Document& doc) {
    CheckCounts n;
    n.tables = doc.tables.size();
    auto add = [&](const std::vector<Check>& cs) {
        for (const auto& c : cs) {
            switch (c.outcome) {
                case CheckOutcome::pass: ++n.pass; break;
                case CheckOutcome::rounding: ++n.rounding; break;
                case CheckOutcome::fail: ++n.fail; break;
                case CheckOutcome::repaired: ++n.repaired; break;
            }
        }
    };
    for (const auto& t : doc.tables) {
        n.records += t.records.size();
        add(t.checks);
    }
    add(doc.checks);
    return n;
}

namespace {

class ChecksStage final : public Stage {
public:
    std::string_view name() const override { return "checks"; }
    Status run(Document& doc, const Options&) const override {
        check_document(doc);
        return Status::success();
    }
};

std::optional<CheckOutcome> outcome_from(const std::string& s) {
    if (s == "pass") return CheckOutcome::pass;
    if (s == "rounding") return CheckOutcome::rounding;
    if (s == "fail") return CheckOutcome::fail;
    if (s == "repaired") return CheckOutcome::repaired;
    return std::nullopt;
}

bool read_checks(const Json& j, std::vector<Check>& out) {
    if (j.is_null()) return true;
    if (!j.is_array()) return false;
    for (const auto& jc : j) {
        if (!jc.is_object() || !jc.contains("identity") || !jc["identity"].is_string()) return false;
        Check c;
        c.identity = jc["identity"].get<std::string>();
        if (jc.contains("cells") && jc["cells"].is_array())
            for (const auto& s : jc["cells"])
                if (s.is_string()) c.cells.push_back(s.get<std::string>());
        if (jc.contains("expected") && jc["expected"].is_number()) c.expected = jc["expected"].get<double>();
        if (jc.contains("found") && jc["found"].is_number()) c.found = jc["found"].get<double>();
        const auto o = outcome_from(jc.value("outcome", std::string()));
        if (!o) return false;
        c.outcome = *o;
        if (jc.contains("repair") && jc["repair"].is_string()) c.repair = jc["repair"].get<std::string>();
        out.push_back(std::move(c));
    }
    return true;
}

std::vector<CellRow> rows_from(const Json& j) {
    std::vector<CellRow> rows;
    if (!j.is_array()) return rows;
    for (const auto& r : j) {
        CellRow row;
        if (r.is_array())
            for (const auto& c : r) row.push_back(Cell{c.is_string() ? c.get<std::string>() : std::string(), {}, 0});
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace

StagePtr make_checks_stage() { return std::make_unique<ChecksStage>(); }

Status document_from_contract_json(const Json& json, Document& doc) {
    auto bad = [&](const std::string& why) {
        return Status::failure(ErrorCode::usage, doc.path + ": not a juesuan output: " + why);
    };
    if (!json.is_object() || !json.contains("tables") || !json["tables"].is_array()) return bad("no tables");
    doc.source = json.value("source", std::string());
    if (json.contains("unit") && json["unit"].is_string()) doc.unit = json["unit"].get<std::string>();
    if (json.contains("year") && json["year"].is_number_integer()) doc.year = json["year"].get<int>();
    for (const auto& jt : json["tables"]) {
        if (!jt.is_object()) return bad("a table is not an object");
        Table t;
        const auto kind = table_kind_from_string(jt.value("kind", std::string()));
        if (!kind) return bad("unknown table kind");
        t.kind = *kind;
        t.title = jt.value("title", std::string());
        if (jt.contains("table_no") && jt["table_no"].is_string()) t.table_no = jt["table_no"].get<std::string>();
        if (jt.contains("amount_unit") && jt["amount_unit"].is_string())
            t.amount_unit = jt["amount_unit"].get<std::string>();
        if (jt.contains("pages") && jt["pages"].is_array())
            for (const auto& p : jt["pages"])
                if (p.is_number_integer()) t.pages.push_back(p.get<int>());
        t.header = rows_from(jt.value("header", Json::array()));
        t.body = rows_from(jt.value("body", Json::array()));
        t.records = jt.value("records", Json::array());
        if (!t.records.is_array()) return bad("records is not an array");
        if (!read_checks(jt.value("checks", Json::array()), t.checks)) return bad("malformed check");
        doc.tables.push_back(std::move(t));
    }
    if (!read_checks(json.value("checks", Json::array()), doc.checks)) return bad("malformed check");
    return Status::success();
}

}  // namespace juesuan
