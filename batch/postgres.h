// PostgreSQL sink (数据仓库): loads a long-format set (batch.h) with libpq.
#pragma once

#include "model/status.h"

#include <filesystem>
#include <string>

namespace juesuan::batch {

struct LoadSummary {
    int documents = 0;
    long facts = 0;
    long checks = 0;
};

// Connects to url (libpq URI or key=value string), runs schemas/warehouse.sql
// (CREATE ... IF NOT EXISTS), then for each document of dir's long-format set
// one transaction: delete the document's rows, COPY its documents, facts and
// checks rows. Loading the same set twice leaves the same rows.
// Failure: usage for a connection error, output_failed for a failed statement.
Status load_postgres(const std::string& url, const std::filesystem::path& dir, LoadSummary* summary = nullptr);

// The DDL of schemas/warehouse.sql (compiled in).
const char* warehouse_sql();

}  // namespace juesuan::batch
