// batch/: directories and lists as input, parallel conversion, resume after
// kill -9, failures.jsonl, the long format, shards + merge, and the
// PostgreSQL sink against a real throwaway server.
#include "batch/batch.h"
#include "batch/postgres.h"
#include "test_support.h"

#include <doctest/doctest.h>
#include <libpq-fe.h>
#include <yaml-cpp/yaml.h>

#include <pwd.h>
#include <signal.h>
#include <spawn.h>

#include <chrono>
#include <thread>

extern char** environ;

using namespace juesuan;
using namespace juesuan::test;

namespace {

const std::string kPipeline = JUESUAN_PIPELINE_BIN;

// copies distinct copies of the fixture reports into dir: each gets a PDF
// comment appended after %%EOF (readers ignore it), so each has its own
// content hash and document id.
std::vector<fs::path> make_copies(const fs::path& dir, int copies) {
    fs::create_directories(dir);
    std::vector<fs::path> out;
    const auto pdfs = fixture_pdfs();
    for (int i = 0; i < copies; ++i) {
        const fs::path& src = pdfs[i % pdfs.size()];
        char name[64];
        std::snprintf(name, sizeof name, "r%03d_%s", i, src.filename().c_str());
        out.push_back(dir / name);
        write_text(out.back(), read_text(src) + "\n%juesuan-test-copy " + std::to_string(i) + "\n");
    }
    return out;
}

// Every file under dir (relative name → bytes), without the run log.
std::map<std::string, std::string> tree(const fs::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) files[fs::relative(e.path(), dir).generic_string()] = read_text(e.path());
    return files;
}

size_t line_count(const fs::path& file) { return split_lines(read_text(file)).size(); }

}  // namespace

TEST_CASE("batch: content hash, shard syntax") {
    TempDir tmp;
    write_text(tmp.path() / "a", "");
    write_text(tmp.path() / "b", "a");
    CHECK(batch::hash_hex(*batch::file_hash(tmp.path() / "a")) == "cbf29ce484222325");  // FNV-1a offset basis
    CHECK(batch::hash_hex(*batch::file_hash(tmp.path() / "b")) == "af63dc4c8601ec8c");  // FNV-1a("a")
    CHECK_FALSE(batch::file_hash(tmp.path() / "missing"));
    CHECK(batch::parse_shard("2/3")->index == 2);
    CHECK(batch::parse_shard("0/1")->count == 1);
    CHECK_FALSE(batch::parse_shard("3/3"));
    CHECK_FALSE(batch::parse_shard("1/0"));
    CHECK_FALSE(batch::parse_shard("-1/2"));
    CHECK_FALSE(batch::parse_shard("1"));
}

TEST_CASE("batch: directories, lists and shards expand deterministically") {
    TempDir tmp;
    write_text(tmp.path() / "d" / "b.pdf", "x");
    write_text(tmp.path() / "d" / "sub" / "a.PDF", "x");
    write_text(tmp.path() / "d" / "a.pdf", "x");
    write_text(tmp.path() / "d" / "notes.txt", "x");
    write_text(tmp.path() / "list.txt", "# comment\n\n" + (tmp.path() / "z.pdf").string() + "\r\n");
    std::vector<std::string> inputs;
    REQUIRE(batch::expand_inputs({(tmp.path() / "d").string()}, (tmp.path() / "list.txt").string(), {}, inputs).ok());
    const std::string d = (tmp.path() / "d").string();
    CHECK(inputs == std::vector<std::string>{d + "/a.pdf", d + "/b.pdf", d + "/sub/a.PDF",
                                             (tmp.path() / "z.pdf").string()});
    std::vector<std::string> shard;
    REQUIRE(batch::expand_inputs({d}, (tmp.path() / "list.txt").string(), {1, 3}, shard).ok());
    CHECK(shard == std::vector<std::string>{d + "/b.pdf"});
    CHECK(batch::expand_inputs({}, (tmp.path() / "no_list.txt").string(), {}, shard).code ==
          ErrorCode::missing_input);
}

TEST_CASE("batch: parallel run, skip when up to date, --force, failures.jsonl, long format") {
    if (fixture_pdfs().empty()) return;
    TempDir tmp;
    const auto inputs = make_copies(tmp.path() / "in", 4);
    write_text(tmp.path() / "in" / "r999_broken.pdf", "not a pdf at all");
    const fs::path out = tmp.path() / "out";
    auto r = run_command({kPipeline, "run", (tmp.path() / "in").string(), "-o", out.string(), "--jobs", "2",
                          "--emit", "long"});
    CHECK(r.exit == 4);
    CHECK(r.out.find("4 of 5 inputs converted (4 converted, 0 up to date, 1 failed; 0 with failed checks") != std::string::npos);
    const auto failures = split_lines(read_text(out / "failures.jsonl"));
    REQUIRE(failures.size() == 1);
    const auto f = nlohmann::json::parse(failures[0]);
    CHECK(f["path"] == (tmp.path() / "in" / "r999_broken.pdf").string());
    CHECK(f["code"] == 4);
    CHECK(f["error"].get<std::string>().find("not a PDF") != std::string::npos);

    // long format: one documents row per converted input, facts = record fields
    CHECK(line_count(out / "documents.csv") == 5);  // header + 4
    CHECK(line_count(out / "documents.jsonl") == 4);
    size_t facts = 0;
    for (const auto& line : split_lines(read_text(out / "documents.jsonl")))
        facts += nlohmann::json::parse(line)["facts"].get<size_t>();
    CHECK(facts > 0);
    CHECK(line_count(out / "facts.jsonl") == facts);
    CHECK(line_count(out / "facts.csv") == facts + 1);
    const auto first = nlohmann::json::parse(split_lines(read_text(out / "facts.jsonl")).front());
    CHECK(first["source_path"] == inputs.front().string());
    CHECK(first["doc_id"] == batch::hash_hex(*batch::file_hash(inputs.front())));
    CHECK(first["table_index"] == 1);
    CHECK(first["record_index"] == 1);

    const auto before = tree(out);
    r = run_command({kPipeline, "run", (tmp.path() / "in").string(), "-o", out.string(), "--emit", "long"});
    CHECK(r.out.find("4 of 5 inputs converted (0 converted, 4 up to date, 1 failed") != std::string::npos);
    CHECK(tree(out) == before);

    // a changed input and an edited output are reconverted, the others stay skipped
    write_text(inputs[1], read_text(inputs[1]) + "%changed\n");
    const fs::path json2 = out / (inputs[2].stem().string() + ".json");
    write_text(json2, read_text(json2) + " ");
    r = run_command({kPipeline, "run", (tmp.path() / "in").string(), "-o", out.string()});
    CHECK(r.out.find("(2 converted, 2 up to date, 1 failed") != std::string::npos);
    CHECK(r.out.find(inputs[0].string() + ": up to date, skipped") != std::string::npos);
    CHECK(read_text(json2) == before.at(json2.filename().string()));
    r = run_command({kPipeline, "run", (tmp.path() / "in").string(), "-o", out.string(), "--force"});
    CHECK(r.out.find("(4 converted, 0 up to date, 1 failed") != std::string::npos);
}

TEST_CASE("batch: a run killed with SIGKILL resumes to the same outputs") {
    if (fixture_pdfs().empty()) return;
    TempDir tmp;
    make_copies(tmp.path() / "in", 16);
    const std::string in = (tmp.path() / "in").string();
    const fs::path whole = tmp.path() / "whole", resumed = tmp.path() / "resumed";
    auto r = run_command({kPipeline, "run", in, "-o", whole.string(), "-q", "--jobs", "2", "--emit", "long"});
    REQUIRE(r.exit == 0);

    std::vector<std::string> args = {kPipeline, "run", in, "-o", resumed.string(), "-q", "--jobs", "2",
                                     "--emit", "long"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    REQUIRE(::posix_spawn(&pid, kPipeline.c_str(), nullptr, nullptr, argv.data(), environ) == 0);
    // Kill once a few documents are done, well before all 16 are.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    size_t done = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        done = files_with_extension(resumed, ".json").size();
        if (done >= 6) break;  // <stem>.json and <stem>.batch.json: 3 documents
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status));
    CHECK(!fs::exists(resumed / "facts.csv"));  // killed before the end

    r = run_command({kPipeline, "run", in, "-o", resumed.string(), "--jobs", "2", "--emit", "long"});
    CHECK(r.exit == 0);
    CHECK(r.out.find(" up to date, 0 failed") != std::string::npos);
    CHECK(r.out.find("(0 converted") == std::string::npos);  // something was left to do
    CHECK(r.out.find(", 0 up to date") == std::string::npos);  // and something was kept
    const auto a = tree(whole), b = tree(resumed);
    CHECK(a.size() == b.size());
    for (const auto& [name, bytes] : a) {
        CAPTURE(name);
        CHECK(b.count(name) == 1);
        if (b.count(name)) CHECK((b.at(name) == bytes));
    }
}

TEST_CASE("batch: three shards merged equal one unsharded run") {
    if (fixture_pdfs().empty()) return;
    TempDir tmp;
    make_copies(tmp.path() / "in", 5);
    const std::string in = (tmp.path() / "in").string();
    const fs::path whole = tmp.path() / "whole";
    REQUIRE(run_command({kPipeline, "run", in, "-o", whole.string(), "-q", "--emit", "long"}).exit == 0);
    std::vector<std::string> merge = {kPipeline, "merge"};
    for (int k = 0; k < 3; ++k) {
        const fs::path shard = tmp.path() / ("shard" + std::to_string(k));
        const auto r = run_command({kPipeline, "run", in, "-o", shard.string(), "-q", "--emit", "long",
                                    "--shard", std::to_string(k) + "/3"});
        REQUIRE(r.exit == 0);
        CHECK(line_count(shard / "documents.jsonl") == (k == 2 ? 1u : 2u));
        merge.push_back(shard.string());
    }
    // the slices are disjoint: input 1 is in shard 1 only
    CHECK(fs::exists(tmp.path() / "shard1" / "r001_ruled_report.json"));
    CHECK(!fs::exists(tmp.path() / "shard0" / "r001_ruled_report.json"));
    merge.push_back("-o");
    merge.push_back((tmp.path() / "merged").string());
    REQUIRE(run_command(merge).exit == 0);
    for (const char* name :
         {"facts.csv", "facts.jsonl", "documents.csv", "documents.jsonl", "checks.csv", "checks.jsonl"}) {
        CAPTURE(name);
        CHECK((read_text(tmp.path() / "merged" / name) == read_text(whole / name)));
    }
    CHECK(run_command({kPipeline, "run", in, "-o", whole.string(), "--shard", "3/3"}).exit == 2);

    // deploy/slurm.sh runs the same steps (array tasks, then the merge) without Slurm with --local
    const fs::path slurm = tmp.path() / "slurm";
    const auto r = run_command({"env", "INPUT=" + in, "OUT=" + slurm.string(), "PIPELINE=" + kPipeline,
                                (source_dir() / "deploy" / "slurm.sh").string(), "--local", "3"});
    REQUIRE_MESSAGE(r.exit == 0, r.err);
    CHECK((read_text(slurm / "merged" / "facts.csv") == read_text(whole / "facts.csv")));
    CHECK(fs::exists(slurm / "shard-2" / "r002_open_report.json"));

    // deploy/k8s-indexed-job.yaml: every index's container command, then the merge Job's,
    // with the image's paths pointed at this test's folders.
    const auto jobs = YAML::LoadAllFromFile((source_dir() / "deploy" / "k8s-indexed-job.yaml").string());
    REQUIRE(jobs.size() == 2);
    CHECK(jobs[0]["spec"]["completionMode"].as<std::string>() == "Indexed");
    const int completions = jobs[0]["spec"]["completions"].as<int>();
    const fs::path k8s = tmp.path() / "k8s";
    const auto localized = [&](const YAML::Node& job) {
        std::string cmd = job["spec"]["template"]["spec"]["containers"][0]["args"][0].as<std::string>();
        for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
                 {"/opt/juesuan/build/pipeline", kPipeline}, {"/reports", in}, {"/out", k8s.string()}})
            for (size_t at; (at = cmd.find(from)) != std::string::npos;) cmd.replace(at, from.size(), to);
        return cmd;
    };
    fs::create_directories(k8s);
    for (int k = 0; k < completions; ++k) {
        const auto rk = run_command({"env", "JOB_COMPLETION_INDEX=" + std::to_string(k), "sh", "-c", localized(jobs[0])});
        REQUIRE_MESSAGE(rk.exit == 0, rk.err);
    }
    const auto rm = run_command({"sh", "-c", localized(jobs[1])});
    REQUIRE_MESSAGE(rm.exit == 0, rm.err);
    CHECK((read_text(k8s / "merged" / "facts.csv") == read_text(whole / "facts.csv")));
}

namespace {

// A throwaway PostgreSQL cluster on loopback in a temporary directory, run
// as the postgres user when we are root (initdb refuses root).
class ThrowawayPostgres {
public:
    explicit ThrowawayPostgres(const fs::path& dir) : dir_(dir) {
        for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ignore_))
            if (fs::exists(e.path() / "bin" / "initdb")) bin_ = e.path() / "bin";
        if (bin_.empty()) return;
        port_ = 20000 + static_cast<int>(::getpid() % 20000);
        const fs::path data = dir_ / "pgdata";
        fs::create_directories(data);
        std::string as_user;
        if (::geteuid() == 0) {
            const passwd* pw = ::getpwnam("postgres");
            if (!pw) return;
            // The server user must reach its directory inside our 0700 temp dir.
            fs::permissions(dir_.parent_path(), fs::perms::others_exec, fs::perm_options::add);
            if (::chown(data.c_str(), pw->pw_uid, pw->pw_gid) != 0) return;
            if (::chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) return;
            as_user = "runuser -u postgres -- ";
        }
        pg_ctl_ = as_user + shell_quote((bin_ / "pg_ctl").string()) + " -D " + shell_quote(data.string());
        const std::string initdb = as_user + shell_quote((bin_ / "initdb").string()) + " -D " +
                                   shell_quote(data.string()) + " -A trust -U postgres --no-sync >" +
                                   shell_quote((dir_ / "initdb.log").string()) + " 2>&1";
        if (std::system(initdb.c_str()) != 0) return;
        const std::string start = pg_ctl_ + " -w -l " + shell_quote((dir_ / "server.log").string()) +
                                  " -o " +
                                  shell_quote("-c listen_addresses=127.0.0.1 -p " + std::to_string(port_) +
                                              " -k " + dir_.string() + " -c fsync=off") +
                                  " start >/dev/null 2>&1";
        started_ = std::system(start.c_str()) == 0;
    }
    ~ThrowawayPostgres() {
        if (started_) std::system((pg_ctl_ + " -m immediate stop >/dev/null 2>&1").c_str());
    }
    bool installed() const { return !bin_.empty(); }
    bool started() const { return started_; }
    std::string url() const {
        return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/postgres";
    }
    std::string log() const {
        std::string text;
        for (const char* f : {"initdb.log", "server.log"})
            if (fs::exists(dir_ / f)) text += read_text(dir_ / f);
        return text;
    }

private:
    fs::path dir_, bin_;
    std::error_code ignore_;
    std::string pg_ctl_;
    int port_ = 0;
    bool started_ = false;
};

long count_rows(const std::string& url, const std::string& table) {
    PGconn* conn = PQconnectdb(url.c_str());
    long n = -1;
    if (PQstatus(conn) == CONNECTION_OK) {
        PGresult* r = PQexec(conn, ("SELECT count(*) FROM " + table).c_str());
        if (PQresultStatus(r) == PGRES_TUPLES_OK) n = std::stol(PQgetvalue(r, 0, 0));
        PQclear(r);
    }
    PQfinish(conn);
    return n;
}

}  // namespace

TEST_CASE("batch: load into a real PostgreSQL twice; rows equal the long format and do not double") {
    if (fixture_pdfs().empty()) return;
    TempDir tmp;
    ThrowawayPostgres pg(tmp.path() / "pg");
    if (!pg.installed()) {
        MESSAGE("PostgreSQL server binaries not installed (scripts/setup.sh installs them): skipped");
        return;
    }
    REQUIRE_MESSAGE(pg.started(), pg.log());
    const fs::path out = tmp.path() / "out";
    make_copies(tmp.path() / "in", 3);
    REQUIRE(run_command({kPipeline, "run", (tmp.path() / "in").string(), "-o", out.string(), "-q", "--emit",
                         "long"})
                .exit == 0);
    const long facts = static_cast<long>(line_count(out / "facts.jsonl"));
    const long docs = static_cast<long>(line_count(out / "documents.jsonl"));
    const long checks = static_cast<long>(line_count(out / "checks.jsonl"));
    for (int round = 0; round < 2; ++round) {
        CAPTURE(round);
        const auto r = run_command({kPipeline, "load", "--postgres", pg.url(), out.string()});
        REQUIRE_MESSAGE(r.exit == 0, r.err);
        CHECK(r.out == "loaded " + std::to_string(docs) + " documents, " + std::to_string(facts) + " facts, " +
                           std::to_string(checks) + " checks\n");
        CHECK(count_rows(pg.url(), "juesuan_documents") == docs);
        CHECK(count_rows(pg.url(), "juesuan_facts") == facts);
        CHECK(count_rows(pg.url(), "juesuan_checks") == checks);
    }
    CHECK(docs == 3);
    CHECK(facts > 100);
    // numbers are queryable as numbers
    CHECK(count_rows(pg.url(), "juesuan_facts WHERE value_type = 'number' AND value_number IS NULL") == 0);
    const auto bad = run_command({kPipeline, "load", "--postgres", "postgresql://127.0.0.1:1/none", out.string()});
    CHECK(bad.exit == 2);
    CHECK(bad.err.rfind("pipeline: error: postgres: cannot connect", 0) == 0);
}
