// Long-format (warehouse) files: facts, documents, checks (batch/batch.h).
#include "batch/batch.h"

#include "emit/emit.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

namespace fs = std::filesystem;

namespace juesuan::batch {

namespace {

// Fields that identify a record within its table (they form record_key, in
// this order) and fields that name it; neither becomes a fact of its own.
const std::vector<std::string> kKeyFields = {"side", "line", "code", "item", "group"};
const std::vector<std::string> kNameFields = {"name", "label"};

std::string scalar_text(const Json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return v.dump();
    if (v.is_number()) return format_number(v.get<double>());
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string csv_field(const Json& v) {
    if (v.is_null()) return {};
    const std::string s = scalar_text(v);
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) {
        if (c == '"') q += '"';
        q += c;
    }
    return q + "\"";
}

std::string csv_line(const Json& row, const std::vector<std::string>& columns) {
    std::string line;
    for (size_t i = 0; i < columns.size(); ++i) {
        if (i) line += ',';
        const auto it = row.find(columns[i]);
        if (it != row.end()) line += csv_field(*it);
    }
    return line + "\r\n";
}

std::string jsonl_line(const Json& row) { return row.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n"; }


Json value_or_null(const Json& obj, const char* key) {
    const auto it = obj.find(key);
    return it == obj.end() ? Json() : *it;
}

// The six files, written to temporaries and renamed into place together.
class LongWriter {
public:
    explicit LongWriter(const fs::path& dir) : dir_(dir) {
        for (const auto& name : names()) streams_.emplace_back(tmp(name), std::ios::binary);
        write_header(0, fact_columns());
        write_header(2, document_columns());
        write_header(4, check_columns());
    }
    void add(const DocumentRows& d) {
        const std::string id = d.document.value("doc_id", "");
        if (!seen_.insert(id).second) return;  // same bytes as an earlier document
        for (const auto& f : d.facts) write(0, f, fact_columns());
        write(2, d.document, document_columns());
        for (const auto& c : d.checks) write(4, c, check_columns());
    }
    Status commit() {
        bool ok = true;
        for (auto& s : streams_) ok = static_cast<bool>(s.flush()) && ok, s.close();
        std::error_code ec;
        for (const auto& name : names()) {
            if (ok) fs::rename(tmp(name), dir_ / name, ec);
            if (ec) ok = false;
            std::error_code ignore;
            if (!ok) fs::remove(tmp(name), ignore);
        }
        if (!ok)
            return Status::failure(ErrorCode::output_failed,
                                   (dir_ / "facts.csv").string() + ": cannot write long-format files");
        return Status::success();
    }

private:
    static const std::vector<std::string>& names() {
        static const std::vector<std::string> n = {"facts.csv",  "facts.jsonl", "documents.csv",
                                                   "documents.jsonl", "checks.csv", "checks.jsonl"};
        return n;
    }
    fs::path tmp(const std::string& name) const { return dir_ / (name + ".tmp"); }
    void write_header(size_t csv, const std::vector<std::string>& columns) {
        std::string line;
        for (size_t i = 0; i < columns.size(); ++i) line += (i ? "," : "") + columns[i];
        streams_[csv] << line << "\r\n";
    }
    void write(size_t csv, const Json& row, const std::vector<std::string>& columns) {
        streams_[csv] << csv_line(row, columns);
        streams_[csv + 1] << jsonl_line(row);
    }

    fs::path dir_;
    std::vector<std::ofstream> streams_;
    std::set<std::string> seen_;
};

bool path_order(const DocumentRows& a, const DocumentRows& b) {
    const auto key = [](const DocumentRows& d) {
        return std::make_pair(d.document.value("source_path", ""), d.document.value("doc_id", ""));
    };
    return key(a) < key(b);
}

}  // namespace

const std::vector<std::string>& fact_columns() {
    static const std::vector<std::string> c = {
        "doc_id", "source_path", "unit", "year", "table_index", "table_kind", "table_no", "record_index",
        "record_key", "name", "field", "value", "value_type", "amount_unit", "page"};
    return c;
}

const std::vector<std::string>& document_columns() {
    static const std::vector<std::string> c = {"doc_id", "source_path", "source",  "unit",
                                               "year",   "pages",       "tables",  "records",
                                               "facts",  "checks",      "checks_failed", "pipeline_version"};
    return c;
}

const std::vector<std::string>& check_columns() {
    static const std::vector<std::string> c = {"doc_id",      "table_index", "table_kind", "table_no",
                                               "check_index", "identity",    "cells",      "expected",
                                               "found",       "outcome"};
    return c;
}

DocumentRows document_rows(const Json& contract, const Json& sidecar) {
    DocumentRows d;
    const std::string doc_id = sidecar.value("doc_id", "");
    const std::string source_path = sidecar.value("source_path", "");
    const Json unit = value_or_null(contract, "unit");
    const Json year = value_or_null(contract, "year");
    long records = 0, checks_failed = 0;
    const Json tables = contract.value("tables", Json::array());
    for (size_t ti = 0; ti < tables.size(); ++ti) {
        const Json& t = tables[ti];
        const Json pages = t.value("pages", Json::array());
        const Json page = pages.empty() ? Json() : pages.front();
        const Json records_json = t.value("records", Json::array());
        for (size_t ri = 0; ri < records_json.size(); ++ri) {
            const Json& rec = records_json[ri];
            if (!rec.is_object()) continue;
            ++records;
            std::string key, name;
            for (const auto& k : kKeyFields)
                if (auto it = rec.find(k); it != rec.end() && !it->is_null())
                    key += (key.empty() ? "" : ";") + k + "=" + scalar_text(*it);
            for (const auto& k : kNameFields)
                if (auto it = rec.find(k); name.empty() && it != rec.end() && it->is_string()) name = *it;
            if (key.empty()) key = name.empty() ? "#" + std::to_string(ri + 1) : "name=" + name;
            for (auto it = rec.begin(); it != rec.end(); ++it) {
                const std::string& field = it.key();
                if (it->is_null()) continue;
                if (std::find(kKeyFields.begin(), kKeyFields.end(), field) != kKeyFields.end()) continue;
                if (std::find(kNameFields.begin(), kNameFields.end(), field) != kNameFields.end()) continue;
                Json f = Json::object();
                f["doc_id"] = doc_id;
                f["source_path"] = source_path;
                f["unit"] = unit;
                f["year"] = year;
                f["table_index"] = ti + 1;
                f["table_kind"] = t.value("kind", "");
                f["table_no"] = value_or_null(t, "table_no");
                f["record_index"] = ri + 1;
                f["record_key"] = key;
                f["name"] = name.empty() ? Json() : Json(name);
                f["field"] = field;
                f["value"] = scalar_text(*it);
                f["value_type"] = it->is_number() ? "number"
                                  : it->is_string() ? "string"
                                  : it->is_boolean() ? "boolean"
                                                     : "json";
                f["amount_unit"] = value_or_null(t, "amount_unit");
                f["page"] = page;
                d.facts.push_back(std::move(f));
            }
        }
        const Json checks = t.value("checks", Json::array());
        for (size_t ci = 0; ci < checks.size(); ++ci) {
            const Json& c = checks[ci];
            std::string cells;
            for (const auto& cell : c.value("cells", Json::array()))
                cells += (cells.empty() ? "" : "; ") + scalar_text(cell);
            Json row = Json::object();
            row["doc_id"] = doc_id;
            row["table_index"] = ti + 1;
            row["table_kind"] = t.value("kind", "");
            row["table_no"] = value_or_null(t, "table_no");
            row["check_index"] = ci + 1;
            row["identity"] = c.value("identity", "");
            row["cells"] = cells;
            row["expected"] = value_or_null(c, "expected");
            row["found"] = value_or_null(c, "found");
            row["outcome"] = c.value("outcome", "");
            if (row["outcome"] == "fail") ++checks_failed;
            d.checks.push_back(std::move(row));
        }
    }
    Json doc = Json::object();
    doc["doc_id"] = doc_id;
    doc["source_path"] = source_path;
    doc["source"] = value_or_null(contract, "source");
    doc["unit"] = unit;
    doc["year"] = year;
    doc["pages"] = sidecar.value("pages", 0L);
    doc["tables"] = tables.size();
    doc["records"] = records;
    doc["facts"] = d.facts.size();
    doc["checks"] = d.checks.size();
    doc["checks_failed"] = checks_failed;
    doc["pipeline_version"] = sidecar.value("pipeline_version", "");
    d.document = std::move(doc);
    return d;
}

Status write_long_format(std::vector<DocumentRows> docs, const fs::path& out_dir) {
    std::stable_sort(docs.begin(), docs.end(), path_order);
    LongWriter writer(out_dir);
    for (const auto& d : docs) writer.add(d);
    return writer.commit();
}

Status write_long_format_from_outputs(std::vector<std::string> inputs, const fs::path& out_dir) {
    std::sort(inputs.begin(), inputs.end());
    LongWriter writer(out_dir);
    for (const auto& input : inputs) {
        const std::string stem = fs::path(input).stem().string();
        const auto contract = read_json(out_dir / (stem + ".json"));
        const auto sidecar = read_json(out_dir / (stem + ".batch.json"));
        if (!contract || !sidecar)
            return Status::failure(ErrorCode::output_failed,
                                   (out_dir / (stem + ".json")).string() + ": output or its .batch.json missing");
        writer.add(document_rows(*contract, *sidecar));
    }
    return writer.commit();
}

Status read_long_format(const fs::path& dir, std::vector<DocumentRows>& docs) {
    const auto read_lines = [&](const std::string& name, auto&& each) -> Status {
        std::ifstream in(dir / name, std::ios::binary);
        if (!in) return Status::failure(ErrorCode::missing_input, (dir / name).string() + ": cannot read");
        size_t line_no = 0;
        for (std::string line; std::getline(in, line);) {
            ++line_no;
            if (line.empty()) continue;
            try {
                each(Json::parse(line));
            } catch (const std::exception& e) {
                return Status::failure(ErrorCode::missing_input, (dir / name).string() + ":" +
                                                                     std::to_string(line_no) + ": " + e.what());
            }
        }
        return Status::success();
    };
    std::map<std::string, size_t> index;  // doc_id → position in docs
    const size_t first = docs.size();
    Status st = read_lines("documents.jsonl", [&](Json row) {
        index[row.value("doc_id", "")] = docs.size();
        docs.push_back(DocumentRows{std::move(row), {}, {}});
    });
    if (!st.ok()) return st;
    const auto owner = [&](const Json& row) -> DocumentRows* {
        const auto it = index.find(row.value("doc_id", ""));
        return it == index.end() || it->second < first ? nullptr : &docs[it->second];
    };
    st = read_lines("facts.jsonl", [&](Json row) {
        if (auto* d = owner(row)) d->facts.push_back(std::move(row));
    });
    if (!st.ok()) return st;
    return read_lines("checks.jsonl", [&](Json row) {
        if (auto* d = owner(row)) d->checks.push_back(std::move(row));
    });
}

Status merge_long_format(const std::vector<std::string>& dirs, const std::string& out_dir) {
    std::vector<DocumentRows> docs;
    for (const auto& dir : dirs)
        if (auto st = read_long_format(dir, docs); !st.ok()) return st;
    std::error_code ec;
    fs::create_directories(out_dir, ec);
    if (ec)
        return Status::failure(ErrorCode::output_failed,
                               out_dir + ": cannot create output directory: " + ec.message());
    return write_long_format(std::move(docs), out_dir);
}

}  // namespace juesuan::batch
