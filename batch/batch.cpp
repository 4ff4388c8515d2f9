#include "batch/batch.h"

#include "checks/checks.h"
#include "emit/emit.h"
#include "pipeline/runner.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace juesuan::batch {

std::optional<Json> read_json(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    try {
        return Json::parse(in);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

namespace {

constexpr const char* kSidecarSuffix = ".batch.json";

Status write_atomically(const fs::path& path, const std::string& text) {
    const fs::path tmp = path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary);
        if (out) out << text;
        if (!out || !out.flush()) {
            std::error_code ignore;
            fs::remove(tmp, ignore);
            return Status::failure(ErrorCode::output_failed, path.string() + ": cannot write");
        }
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        std::error_code ignore;
        fs::remove(tmp, ignore);
        return Status::failure(ErrorCode::output_failed, path.string() + ": " + ec.message());
    }
    return Status::success();
}


std::string one_line(std::string message) {
    std::replace(message.begin(), message.end(), '\n', ' ');
    std::replace(message.begin(), message.end(), '\r', ' ');
    return message;
}

std::string error_line(const std::string& input, std::string message) {
    message = one_line(std::move(message));
    if (!input.empty() && message.rfind(input + ":", 0) != 0) message = input + ": " + message;
    return "pipeline: error: " + message;
}

bool is_pdf_name(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext == ".pdf";
}

void expand_one(const std::string& arg, std::vector<std::string>& out) {
    std::error_code ec;
    if (!fs::is_directory(arg, ec)) {
        out.push_back(arg);
        return;
    }
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(arg, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec) && is_pdf_name(it->path())) found.push_back(it->path().string());
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
}

struct DocResult {
    Status status;
    bool skipped = false;
    long pages = 0;
    std::string line;    // result line for stdout (without newline)
    std::string timing;  // --timings line for stderr
    long failed_checks = 0;  // checks that failed in this conversion
};

fs::path sidecar_path(const fs::path& out_dir, const std::string& input) {
    return out_dir / (fs::path(input).stem().string() + kSidecarSuffix);
}

// The sidecar when the document's output is up to date for this hash.
bool up_to_date(const fs::path& out_dir, const std::string& input, const std::string& hash_text,
                const EmitOptions& emit, long& pages) {
    const auto sidecar = read_json(sidecar_path(out_dir, input));
    if (!sidecar || !sidecar->is_object()) return false;
    if (sidecar->value("doc_id", "") != hash_text) return false;
    if (sidecar->value("pipeline_version", "") != pipeline_version()) return false;
    std::error_code ec;
    const std::string stem = fs::path(input).stem().string();
    if (emit.json) {
        // An output edited or damaged since it was written is not up to date.
        const auto h = file_hash(out_dir / (stem + ".json"));
        if (!h || sidecar->value("json_hash", "") != hash_hex(*h)) return false;
    }
    if (emit.csv && !fs::is_directory(out_dir / stem, ec)) return false;
    pages = sidecar->value("pages", 0L);
    return true;
}

DocResult convert_one(const std::string& input, const BatchRequest& request, const Options& options) {
    DocResult r;
    const fs::path out_dir(request.out_dir);
    std::optional<std::string> hash_text;
    if (request.stop_after.empty()) {
        if (const auto h = file_hash(input)) hash_text = hash_hex(*h);
        if (hash_text && !request.force &&
            up_to_date(out_dir, input, *hash_text, options.emit, r.pages)) {
            r.skipped = true;
            r.line = input + ": up to date, skipped";
            return r;
        }
    }
    Document doc;
    doc.path = input;
    RunResult run;
    double emit_seconds = 0;
    try {
        run = run_pipeline(doc, options, request.stop_after);
        r.status = run.status;
        r.pages = static_cast<long>(doc.pages.size());
        if (r.status.ok() && !request.stop_after.empty()) {
            const fs::path dump = out_dir / (fs::path(input).stem().string() + ".model.json");
            r.status = write_atomically(
                dump, to_model_json(doc).dump(1, ' ', false, Json::error_handler_t::replace));
            r.line = input + ": model after '" + request.stop_after + "' -> " + dump.string();
        } else if (r.status.ok()) {
            EmitResult emitted;
            const auto start = std::chrono::steady_clock::now();
            // A stale sidecar must not vouch for the new output while it is being replaced.
            std::error_code ignore;
            fs::remove(sidecar_path(out_dir, input), ignore);
            r.status = emit_document(doc, out_dir, options.emit, &emitted);
            emit_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (r.status.ok() && hash_text) {
                Json sidecar = Json::object();
                sidecar["source_path"] = input;
                sidecar["doc_id"] = *hash_text;
                sidecar["content_hash"] = "fnv1a64:" + *hash_text;
                sidecar["pipeline_version"] = pipeline_version();
                sidecar["pages"] = r.pages;
                if (!emitted.json_path.empty())
                    if (const auto h = file_hash(emitted.json_path)) sidecar["json_hash"] = hash_hex(*h);
                r.status = write_atomically(sidecar_path(out_dir, input), sidecar.dump(1) + "\n");
            }
            if (r.status.ok()) {
                size_t records = 0;
                for (const auto& t : doc.tables) records += t.records.size();
                std::ostringstream line;
                line << input << ": " << doc.tables.size() << " tables, " << records << " records";
                const CheckCounts checked = count_checks(doc);
                r.failed_checks = static_cast<long>(checked.fail);
                line << ", checks " << checked.pass << " passed / " << checked.rounding << " rounding / "
                     << checked.fail << " failed / " << checked.repaired << " repaired";
                if (!emitted.json_path.empty()) line << " -> " << emitted.json_path.string();
                if (!emitted.csv_dir.empty())
                    line << (emitted.json_path.empty() ? " -> " : ", ") << emitted.csv_paths.size()
                         << " CSV in " << emitted.csv_dir.string() << "/";
                r.line = line.str();
            }
        }
    } catch (const std::exception& e) {
        // A bug in a stage must not stop the other inputs.
        r.status = Status::failure(ErrorCode::unreadable_page, input + ": internal error: " + e.what());
    }
    if (request.timings) {
        std::string t = input + ":";
        char buf[64];
        for (const auto& s : run.timings) {
            std::snprintf(buf, sizeof buf, " %.3fs", s.seconds);
            t += " " + s.stage + buf;
        }
        if (emit_seconds > 0) {
            std::snprintf(buf, sizeof buf, " emit %.3fs", emit_seconds);
            t += buf;
        }
        r.timing = t;
    }
    return r;
}

std::string clock_text(double seconds) {
    const long s = static_cast<long>(seconds + 0.5);
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%02ld:%02ld", s / 60, s % 60);
    return buf;
}

std::string progress_text(size_t done, size_t total, long pages, double elapsed) {
    const double rate = elapsed > 0 ? done / elapsed : 0;
    char buf[160];
    std::snprintf(buf, sizeof buf, "[%zu/%zu] documents, %ld pages, %s elapsed, %.2f docs/s, ETA %s",
                  done, total, pages, clock_text(elapsed).c_str(), rate,
                  rate > 0 ? clock_text((total - done) / rate).c_str() : "--:--");
    return buf;
}

}  // namespace

std::string pipeline_version() { return JUESUAN_VERSION; }

std::optional<uint64_t> file_hash(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    uint64_t h = 0xcbf29ce484222325ULL;
    char buf[1 << 16];
    while (in) {
        in.read(buf, sizeof buf);
        const std::streamsize n = in.gcount();
        for (std::streamsize i = 0; i < n; ++i) {
            h ^= static_cast<unsigned char>(buf[i]);
            h *= 0x100000001b3ULL;
        }
    }
    if (in.bad()) return std::nullopt;
    return h;
}

std::string hash_hex(uint64_t hash) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash));
    return buf;
}

std::optional<Shard> parse_shard(const std::string& text) {
    const auto slash = text.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 >= text.size()) return std::nullopt;
    const auto digits = [](const std::string& s) {
        return !s.empty() && s.size() < 9 && std::all_of(s.begin(), s.end(), ::isdigit);
    };
    const std::string k = text.substr(0, slash), n = text.substr(slash + 1);
    if (!digits(k) || !digits(n)) return std::nullopt;
    Shard s{std::stoi(k), std::stoi(n)};
    if (s.count < 1 || s.index >= s.count) return std::nullopt;
    return s;
}

Status expand_inputs(const std::vector<std::string>& args, const std::string& list_file,
                     const Shard& shard, std::vector<std::string>& inputs) {
    std::vector<std::string> all;
    for (const auto& a : args) expand_one(a, all);
    if (!list_file.empty()) {
        std::ifstream in(list_file);
        if (!in) return Status::failure(ErrorCode::missing_input, list_file + ": cannot read input list");
        for (std::string line; std::getline(in, line);) {
            while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
            if (line.empty() || line[0] == '#') continue;
            expand_one(line, all);
        }
    }
    inputs.clear();
    for (size_t i = 0; i < all.size(); ++i)
        if (static_cast<int>(i % shard.count) == shard.index) inputs.push_back(all[i]);
    return Status::success();
}

BatchSummary run_batch(const BatchRequest& request, const Options& base_options, std::ostream& out,
                       std::ostream& err) {
    BatchSummary summary;
    const size_t n = request.inputs.size();
    const fs::path out_dir(request.out_dir);
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const size_t jobs = request.jobs > 0 ? static_cast<size_t>(request.jobs) : cores;
    const size_t workers = std::max<size_t>(1, std::min(jobs, n));
    Options options = base_options;
    // Pages of a document share the batch's budget instead of oversubscribing.
    options.extract.jobs = static_cast<int>(std::max<size_t>(1, jobs / workers));

    std::vector<DocResult> results(n);
    std::vector<bool> todo(n, true);
    std::map<std::string, std::string> stems;  // output stem → the input that claimed it
    for (size_t i = 0; i < n; ++i) {
        const std::string stem = fs::path(request.inputs[i]).stem().string();
        if (auto [it, fresh] = stems.emplace(stem, request.inputs[i]); !fresh) {
            // Two inputs named alike would overwrite each other's output.
            results[i].status = Status::failure(
                ErrorCode::usage, request.inputs[i] + ": output name '" + stem + "' already used by " + it->second);
            todo[i] = false;
        }
    }

    const bool terminal = !request.quiet && ::isatty(STDERR_FILENO) == 1 && n > 1;
    const size_t log_every = std::max<size_t>(1, (n + 9) / 10);
    const auto start = std::chrono::steady_clock::now();
    std::mutex mu;  // guards out/err, done, pages
    size_t done = 0;
    long pages = 0;
    std::atomic<size_t> next{0};
    auto report = [&](size_t i) {
        std::lock_guard lock(mu);
        const DocResult& r = results[i];
        ++done;
        pages += r.pages;
        if (terminal) err << "\r\033[K";
        if (!r.status.ok()) err << error_line(request.inputs[i], r.status.message) << "\n";
        if (!r.timing.empty()) err << r.timing << "\n";
        if (r.status.ok() && !request.quiet && !r.line.empty()) out << r.line << "\n" << std::flush;
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (terminal) {
            err << progress_text(done, n, pages, elapsed) << std::flush;
        } else if (!request.quiet && n >= 10 && (done % log_every == 0 || done == n)) {
            out << "progress: " << progress_text(done, n, pages, elapsed) << "\n" << std::flush;
        }
    };
    auto work = [&] {
        for (size_t i; (i = next.fetch_add(1)) < n;) {
            if (todo[i]) results[i] = convert_one(request.inputs[i], request, options);
            report(i);
        }
    };
    std::vector<std::thread> pool;
    for (size_t w = 1; w < workers; ++w) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (terminal) err << "\n";

    std::string failures;
    std::vector<std::string> done_inputs;
    std::vector<std::pair<std::string, std::string>> failed;  // input, reason
    size_t with_failed_checks = 0;
    for (size_t i = 0; i < n; ++i) {
        const DocResult& r = results[i];
        summary.pages += r.pages;
        if (r.failed_checks > 0) ++with_failed_checks;
        if (!r.status.ok()) {
            ++summary.failed;
            if (summary.exit_code == 0) summary.exit_code = static_cast<int>(r.status.code);
            Json f = Json::object();
            f["path"] = request.inputs[i];
            f["code"] = static_cast<int>(r.status.code);
            f["error"] = one_line(r.status.message);
            failures += f.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
            failed.emplace_back(request.inputs[i], one_line(r.status.message));
            continue;
        }
        r.skipped ? ++summary.skipped : ++summary.converted;
        done_inputs.push_back(request.inputs[i]);
    }
    if (request.stop_after.empty()) {
        if (auto st = write_atomically(out_dir / "failures.jsonl", failures); !st.ok()) {
            err << error_line({}, st.message) << "\n";
            if (summary.exit_code == 0) summary.exit_code = static_cast<int>(st.code);
        }
        if (request.long_format) {
            if (auto st = write_long_format_from_outputs(std::move(done_inputs), out_dir); !st.ok()) {
                err << error_line({}, st.message) << "\n";
                if (summary.exit_code == 0) summary.exit_code = static_cast<int>(st.code);
            }
        }
    }
    if (n > 1 && !request.quiet) {
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        out << summary.converted + summary.skipped << " of " << n << " inputs converted ("
            << summary.converted << " converted, " << summary.skipped << " up to date, " << summary.failed
            << " failed; " << with_failed_checks << " with failed checks; " << summary.pages << " pages in "
            << clock_text(elapsed) << ")\n";
        for (const auto& [input, reason] : failed) out << "  failed: " << reason << "\n";
    }
    return summary;
}

}  // namespace juesuan::batch
