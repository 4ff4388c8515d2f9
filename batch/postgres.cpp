#include "batch/postgres.h"

#include "batch/batch.h"
#include "batch/warehouse_sql.h"

#include <libpq-fe.h>

#include <memory>

namespace juesuan::batch {

namespace {

using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

std::string pg_error(PGconn* conn) {
    std::string m = PQerrorMessage(conn);
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
    for (char& c : m)
        if (c == '\n') c = ' ';
    return m;
}

Status exec(PGconn* conn, const std::string& sql, const std::vector<std::string>& params = {}) {
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p.c_str());
    Result r(params.empty() ? PQexec(conn, sql.c_str())
                            : PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                           values.data(), nullptr, nullptr, 0),
             &PQclear);
    const auto s = PQresultStatus(r.get());
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
        return Status::failure(ErrorCode::output_failed, "postgres: " + pg_error(conn));
    return Status::success();
}

// COPY CSV field: NULL is an unquoted empty field, every text is quoted.
std::string copy_field(const Json& v) {
    if (v.is_null()) return {};
    if (v.is_number()) return v.dump();
    std::string s = v.is_string() ? v.get<std::string>() : v.dump();
    std::string q = "\"";
    for (char c : s) {
        if (c == '"') q += '"';
        q += c;
    }
    return q + "\"";
}

Status copy_rows(PGconn* conn, const std::string& table, const std::vector<std::string>& columns,
                 const std::vector<const Json*>& rows) {
    std::string cols;
    for (const auto& c : columns) cols += (cols.empty() ? "" : ", ") + c;
    Result start(PQexec(conn, ("COPY " + table + " (" + cols + ") FROM STDIN WITH (FORMAT csv)").c_str()),
                 &PQclear);
    if (PQresultStatus(start.get()) != PGRES_COPY_IN)
        return Status::failure(ErrorCode::output_failed, "postgres: " + pg_error(conn));
    std::string data;
    for (const Json* row : rows) {
        for (size_t i = 0; i < columns.size(); ++i) {
            if (i) data += ',';
            const Json& r = *row;
            if (columns[i] == "value_number") {
                if (r.value("value_type", "") == "number") data += r.value("value", "");
            } else if (auto it = r.find(columns[i]); it != r.end()) {
                data += copy_field(*it);
            }
        }
        data += '\n';
    }
    if (PQputCopyData(conn, data.data(), static_cast<int>(data.size())) != 1 ||
        PQputCopyEnd(conn, nullptr) != 1)
        return Status::failure(ErrorCode::output_failed, "postgres: " + pg_error(conn));
    Status st;
    while (PGresult* raw = PQgetResult(conn)) {
        Result r(raw, &PQclear);
        if (PQresultStatus(raw) != PGRES_COMMAND_OK && st.ok())
            st = Status::failure(ErrorCode::output_failed, "postgres: " + table + ": " + pg_error(conn));
    }
    return st;
}

Status load_document(PGconn* conn, const DocumentRows& d) {
    const std::string id = d.document.value("doc_id", "");
    std::vector<const Json*> facts, checks;
    for (const auto& f : d.facts) facts.push_back(&f);
    for (const auto& c : d.checks) checks.push_back(&c);
    std::vector<std::string> fact_cols = fact_columns();
    fact_cols.push_back("value_number");
    Status st = exec(conn, "BEGIN");
    if (st.ok()) st = exec(conn, "DELETE FROM juesuan_facts WHERE doc_id = $1", {id});
    if (st.ok()) st = exec(conn, "DELETE FROM juesuan_checks WHERE doc_id = $1", {id});
    if (st.ok()) st = exec(conn, "DELETE FROM juesuan_documents WHERE doc_id = $1", {id});
    if (st.ok()) st = copy_rows(conn, "juesuan_documents", document_columns(), {&d.document});
    if (st.ok()) st = copy_rows(conn, "juesuan_facts", fact_cols, facts);
    if (st.ok()) st = copy_rows(conn, "juesuan_checks", check_columns(), checks);
    if (st.ok()) st = exec(conn, "COMMIT");
    if (!st.ok()) {
        exec(conn, "ROLLBACK");
        st.message += " (document " + id + ", " + d.document.value("source_path", "") + ")";
    }
    return st;
}

}  // namespace

const char* warehouse_sql() { return generated::kWarehouseSql; }

Status load_postgres(const std::string& url, const std::filesystem::path& dir, LoadSummary* summary) {
    std::vector<DocumentRows> docs;
    if (auto st = read_long_format(dir, docs); !st.ok()) return st;
    Connection conn(PQconnectdb(url.c_str()), &PQfinish);
    if (PQstatus(conn.get()) != CONNECTION_OK)
        return Status::failure(ErrorCode::usage, "postgres: cannot connect: " + pg_error(conn.get()));
    exec(conn.get(), "SET client_min_messages = warning");
    if (auto st = exec(conn.get(), warehouse_sql()); !st.ok()) return st;
    LoadSummary s;
    for (const auto& d : docs) {
        if (auto st = load_document(conn.get(), d); !st.ok()) return st;
        ++s.documents;
        s.facts += static_cast<long>(d.facts.size());
        s.checks += static_cast<long>(d.checks.size());
    }
    if (summary) *summary = s;
    return Status::success();
}

}  // namespace juesuan::batch
