#include "emit/emit.h"

#include "schemas/kinds.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <random>
#include <system_error>

namespace juesuan {
namespace fs = std::filesystem;

namespace {

double round_decimals(double v) {
    constexpr double scale = 1e6;
    static_assert(kNumberDecimals == 6, "scale must match kNumberDecimals");
    // Beyond 1e9 the scaled value loses integer precision; such amounts carry
    // no meaningful sub-1e-6 digits anyway.
    if (!std::isfinite(v) || std::fabs(v) >= 1e9) return v;
    const double r = std::round(v * scale) / scale;
    return r == 0 ? 0.0 : r;  // no "-0"
}

// Replaces every float in j by its rounded value (nlohmann prints the shortest
// representation that round-trips, so 897.41 prints as 897.41).
void denoise(Json& j) {
    if (j.is_number_float()) {
        j = round_decimals(j.get<double>());
    } else if (j.is_structured()) {
        for (auto& child : j) denoise(child);
    }
}

std::string errno_text(int err) { return std::error_code(err, std::generic_category()).message(); }

Status failed(const fs::path& path, const std::string& cause) {
    return Status::failure(ErrorCode::output_failed, path.string() + ": " + cause);
}

// Writes text to a new file; any short write or close error is reported
// under shown, the final name the user knows (not the temporary one).
Status write_file(const fs::path& path, const std::string& text, const fs::path& shown) {
    errno = 0;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return failed(shown, "cannot create: " + errno_text(errno));
    const size_t written = text.empty() ? 0 : std::fwrite(text.data(), 1, text.size(), f);
    int err = written == text.size() ? 0 : (errno ? errno : EIO);
    if (std::fflush(f) != 0 && err == 0) err = errno ? errno : EIO;
    if (std::fclose(f) != 0 && err == 0) err = errno ? errno : EIO;
    if (err != 0) return failed(shown, "cannot write: " + errno_text(err));
    return Status::success();
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

void append_csv_row(std::string& out, const std::vector<std::string>& fields) {
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i) out += ',';
        out += csv_field(fields[i]);
    }
    out += "\r\n";
}

std::string value_text(const Json& v) {
    if (v.is_null()) return {};
    if (v.is_string()) return v.get<std::string>();
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_number_float()) return format_number(v.get<double>());
    if (v.is_number()) return v.dump();
    Json copy = v;
    denoise(copy);
    return copy.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Field names of a table's CSV: the kind's canonical fields; when a kind has
// none registered, the record keys in order of first appearance.
std::vector<std::string> csv_fields(const Table& table) {
    std::vector<std::string> fields = record_fields(table.kind);
    if (!fields.empty()) return fields;
    for (const auto& rec : table.records) {
        if (!rec.is_object()) continue;
        for (const auto& [key, value] : rec.items())
            if (std::find(fields.begin(), fields.end(), key) == fields.end()) fields.push_back(key);
    }
    return fields;
}

// Unique hidden names inside OUTDIR for this run's temporaries.
std::string temp_suffix() {
    std::random_device rd;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%ld-%08x", static_cast<long>(::getpid()), rd());
    return buf;
}

// Removes a temporary tree when the emit is abandoned or finished.
class TempDir {
public:
    explicit TempDir(fs::path p) : path_(std::move(p)) {}
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

}  // namespace

std::string format_number(double value) {
    const double v = round_decimals(value);
    if (!std::isfinite(v)) return {};  // JSON has no NaN/Inf either
    char buf[64];
    std::to_chars_result r;
    if (v == std::trunc(v) && std::fabs(v) < 1e15) {
        r = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(v));
    } else {
        r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    }
    return std::string(buf, r.ptr);
}

std::string document_json_text(const Document& doc, const EmitOptions& options) {
    Json j = to_contract_json(doc);
    denoise(j);
    const int indent = options.json_indent < 0 ? -1 : options.json_indent;
    return j.dump(indent, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string table_csv(const Table& table) {
    std::string out;
    if (table.kind == TableKind::generic) {
        size_t width = 0;
        for (const auto& row : table.body) width = std::max(width, row.size());
        if (width == 0)
            for (const auto& row : table.header) width = std::max(width, row.size());
        width = std::max<size_t>(width, 1);
        std::vector<std::string> names;
        for (size_t i = 1; i <= width; ++i) names.push_back("col" + std::to_string(i));
        append_csv_row(out, names);
        for (const auto& row : table.body) {
            std::vector<std::string> cells(width);
            for (size_t i = 0; i < row.size(); ++i) cells[i] = row[i].text;
            append_csv_row(out, cells);
        }
        return out;
    }
    const auto fields = csv_fields(table);
    append_csv_row(out, fields);
    for (const auto& rec : table.records) {
        std::vector<std::string> cells;
        cells.reserve(fields.size());
        for (const auto& f : fields) {
            const auto it = rec.is_object() ? rec.find(f) : rec.end();
            cells.push_back(it == rec.end() ? std::string() : value_text(*it));
        }
        append_csv_row(out, cells);
    }
    return out;
}

std::string table_fields_csv(const Table& table) {
    if (!table.fields.is_object() || table.fields.empty()) return {};
    std::vector<std::string> names, values;
    for (const auto& [key, value] : table.fields.items()) {
        names.push_back(key);
        values.push_back(value_text(value));
    }
    std::string out;
    append_csv_row(out, names);
    append_csv_row(out, values);
    return out;
}

std::string table_fields_csv_name(const Table& table, size_t index) {
    const std::string name = table_csv_name(table, index);
    return name.substr(0, name.size() - 4) + ".fields.csv";
}

std::string table_csv_name(const Table& table, size_t index) {
    char nn[16];
    std::snprintf(nn, sizeof nn, "%02zu", index + 1);
    return std::string(nn) + "_" + to_string(table.kind) + ".csv";
}

Status emit_document(const Document& doc, const fs::path& out_dir, const EmitOptions& options,
                     EmitResult* result) {
    const std::string stem =
        fs::path(doc.path.empty() ? doc.source : doc.path).stem().string();
    if (stem.empty()) return failed(out_dir, "document has no file name to name its output");
    const fs::path json_path = out_dir / (stem + ".json");
    const fs::path csv_dir = out_dir / stem;

    std::error_code ec;
    fs::create_directories(out_dir, ec);
    if (ec) return failed(out_dir, "cannot create output directory: " + ec.message());

    const std::string suffix = temp_suffix();
    TempDir temp(out_dir / ("." + stem + ".partial-" + suffix));
    fs::create_directory(temp.path(), ec);
    if (ec) return failed(out_dir, "cannot create a temporary directory: " + ec.message());

    // 1. Write everything under the temporary directory.
    const fs::path temp_json = temp.path() / (stem + ".json");
    const fs::path temp_csv = temp.path() / "csv";
    std::vector<fs::path> csv_paths;
    if (options.json) {
        if (auto st = write_file(temp_json, document_json_text(doc, options), json_path); !st.ok()) return st;
    }
    if (options.csv) {
        fs::create_directory(temp_csv, ec);
        if (ec) return failed(csv_dir, "cannot create directory: " + ec.message());
        for (size_t i = 0; i < doc.tables.size(); ++i) {
            const std::string name = table_csv_name(doc.tables[i], i);
            if (auto st = write_file(temp_csv / name, table_csv(doc.tables[i]), csv_dir / name); !st.ok())
                return st;
            csv_paths.push_back(csv_dir / name);
            const std::string fields = table_fields_csv(doc.tables[i]);
            if (fields.empty()) continue;
            const std::string fields_name = table_fields_csv_name(doc.tables[i], i);
            if (auto st = write_file(temp_csv / fields_name, fields, csv_dir / fields_name); !st.ok()) return st;
            csv_paths.push_back(csv_dir / fields_name);
        }
    }

    // 2. Commit: swap the CSV directory, then rename the JSON over the old one.
    const fs::path old_csv = temp.path() / "old-csv";
    bool moved_old = false;
    bool placed_new = false;
    auto roll_back = [&] {
        std::error_code ignore;
        if (placed_new) fs::remove_all(csv_dir, ignore);
        if (moved_old) fs::rename(old_csv, csv_dir, ignore);
    };
    if (options.csv) {
        if (fs::exists(fs::symlink_status(csv_dir, ec))) {
            fs::rename(csv_dir, old_csv, ec);
            if (ec) return failed(csv_dir, "cannot replace old output: " + ec.message());
            moved_old = true;
        }
        fs::rename(temp_csv, csv_dir, ec);
        if (ec) {
            roll_back();
            return failed(csv_dir, "cannot move output into place: " + ec.message());
        }
        placed_new = true;
    }
    if (options.json) {
        fs::rename(temp_json, json_path, ec);
        if (ec) {
            roll_back();
            return failed(json_path, "cannot move output into place: " + ec.message());
        }
    }
    // old_csv goes with the temporary directory.

    if (result) {
        result->json_path = options.json ? json_path : fs::path();
        result->csv_dir = options.csv ? csv_dir : fs::path();
        result->csv_paths = std::move(csv_paths);
    }
    return Status::success();
}

}  // namespace juesuan
