// Shared by the benchmarks: the command line (integer options, --config FILE,
// input files), the repository's default inputs and settings, a temporary
// directory, wall-clock timing and running a program.
#pragma once

#include "model/options.h"
#include "pipeline/config.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

extern char** environ;

namespace juesuan::bench {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// An option that takes a positive whole number (-n REPS); the value stays the
// default unless given.
struct IntOption {
    std::string flag;
    int* value = nullptr;
};

// What a benchmark accepts: `program [INT OPTIONS] [--config FILE] [FILE...]`.
struct CommandSpec {
    std::string program;         // "bench_ocr", the prefix of every message
    std::string synopsis;        // the usage line after the program name
    std::vector<IntOption> ints;
    bool config = true;          // accepts --config FILE
};

struct CommandLine {
    std::string config_path;  // --config FILE; empty: the repository's pipeline.yaml
    std::vector<std::string> files;
    int exit = -1;  // >= 0: main returns it (0 after --help, 2 after a usage error)
};

// Prints `program: message` (when there is one) and the usage line on stderr;
// returns the usage exit status.
inline int usage(const CommandSpec& spec, const std::string& message) {
    if (!message.empty()) std::fprintf(stderr, "%s: %s\n", spec.program.c_str(), message.c_str());
    std::fprintf(stderr, "usage: %s %s\n", spec.program.c_str(), spec.synopsis.c_str());
    return 2;
}

// Parses argv by spec; every input file must exist. On --help or a usage
// error the usage has been printed and `exit` says what main returns.
inline CommandLine parse_command_line(int argc, char** argv, const CommandSpec& spec) {
    CommandLine cl;
    for (int i = 1; i < argc && cl.exit < 0; ++i) {
        const std::string a = argv[i];
        const bool has_value = i + 1 < argc;
        const auto int_option = std::find_if(spec.ints.begin(), spec.ints.end(),
                                             [&](const IntOption& o) { return o.flag == a; });
        if (a == "-h" || a == "--help") {
            usage(spec, {});
            cl.exit = 0;
        } else if (int_option != spec.ints.end() && has_value) {
            *int_option->value = std::atoi(argv[++i]);
            if (*int_option->value < 1) cl.exit = usage(spec, a + " needs a positive number");
        } else if (spec.config && a == "--config" && has_value) {
            cl.config_path = argv[++i];
        } else if (!a.empty() && a[0] == '-') {
            cl.exit = usage(spec, "unknown option " + a);
        } else if (!fs::is_regular_file(a)) {
            cl.exit = usage(spec, a + ": no such file");
        } else {
            cl.files.push_back(a);
        }
    }
    return cl;
}

// The repository's fixture reports (fixtures/*.pdf), sorted: the default input.
inline std::vector<std::string> fixture_pdfs() {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(fs::path(JUESUAN_SOURCE_DIR) / "fixtures", ec))
        if (e.is_regular_file() && e.path().extension() == ".pdf") out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

// Loads the settings from config_path, or from the repository's pipeline.yaml
// when it is empty (compiled-in defaults if that is missing). Prints the error
// and returns false on a bad file.
inline bool load_options(const CommandSpec& spec, const std::string& config_path, Options& options) {
    const std::string config =
        config_path.empty() ? (fs::path(JUESUAN_SOURCE_DIR) / "pipeline.yaml").string() : config_path;
    if (config_path.empty() && !fs::exists(config)) return true;
    if (const Status st = load_config(config, options); !st.ok()) {
        std::fprintf(stderr, "%s: %s\n", spec.program.c_str(), st.message.c_str());
        return false;
    }
    return true;
}

// A fresh /tmp/juesuan-bench-XXXXXX directory, removed with everything in it
// when it goes out of scope. When it cannot be created, the error is printed
// and ok() is false.
class TempDir {
public:
    explicit TempDir(const CommandSpec& spec) {
        std::string tmpl = (fs::temp_directory_path() / "juesuan-bench-XXXXXX").string();
        if (::mkdtemp(tmpl.data()))
            path_ = tmpl;
        else
            std::fprintf(stderr, "%s: cannot create a temporary directory\n", spec.program.c_str());
    }
    ~TempDir() {
        std::error_code ec;
        if (ok()) fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    bool ok() const { return !path_.empty(); }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

// Runs args[0] (looked up in PATH) with stdout and stderr sent to `log`
// (/dev/null when empty) and `extra_env` added to the environment. Returns the
// exit status, or -1 when the program cannot be started or does not exit.
inline int run(const std::vector<std::string>& args, const std::string& log = {},
               const std::vector<std::string>& extra_env = {}) {
    std::vector<std::string> owned = args;
    std::vector<char*> argv;
    for (auto& a : owned) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_owned = extra_env;
    std::vector<char*> envp;
    for (auto& e : env_owned) envp.push_back(e.data());
    for (char** e = environ; *e; ++e) envp.push_back(*e);
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string sink = log.empty() ? "/dev/null" : log;
    posix_spawn_file_actions_addopen(&actions, 1, sink.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, owned[0].c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) return -1;
    int status = 0;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);
}

}  // namespace juesuan::bench
