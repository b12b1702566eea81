// Child processes for the harness (see subprocess.h): posix_spawnp with one
// pipe for stdout and stderr, timed from spawn to waitpid, killed at a
// deadline.
#include "bench/harness/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

extern char** environ;

namespace wasmtier::bench {
namespace {

constexpr size_t kMaxOutput = 1 << 20;

bool IsExecutableFile(const std::string& path) {
  return access(path.c_str(), X_OK) == 0;
}

}  // namespace

std::optional<std::string> FindExecutable(absl::string_view program) {
  if (program.empty()) return std::nullopt;
  if (program.find('/') != absl::string_view::npos) {
    std::string path(program);
    return IsExecutableFile(path) ? std::optional(path) : std::nullopt;
  }
  const char* path_env = std::getenv("PATH");
  if (path_env == nullptr) return std::nullopt;
  for (absl::string_view dir : absl::StrSplit(path_env, ':', absl::SkipEmpty())) {
    std::string candidate = absl::StrCat(dir, "/", program);
    if (IsExecutableFile(candidate)) return candidate;
  }
  return std::nullopt;
}

std::vector<std::string> SplitWords(absl::string_view command) {
  return absl::StrSplit(command, absl::ByAnyChar(" \t"), absl::SkipEmpty());
}

absl::StatusOr<ProcessResult> RunProcess(const std::vector<std::string>& argv,
                                         double timeout_seconds) {
  if (argv.empty()) return absl::InvalidArgumentError("empty command");
  std::vector<char*> c_argv;
  for (const std::string& arg : argv) c_argv.push_back(const_cast<char*>(arg.c_str()));
  c_argv.push_back(nullptr);

  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrCat("pipe: ", std::strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);

  auto start = std::chrono::steady_clock::now();
  pid_t pid;
  int spawn_error = posix_spawnp(&pid, c_argv[0], &actions, nullptr, c_argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (spawn_error != 0) {
    close(pipe_fds[0]);
    return absl::NotFoundError(
        absl::StrCat("cannot start ", argv[0], ": ", std::strerror(spawn_error)));
  }

  ProcessResult result;
  char buffer[8192];
  for (;;) {
    int wait_ms = -1;
    if (timeout_seconds > 0) {
      double left = timeout_seconds -
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (left <= 0) {
        // Kill it and stop reading: a grandchild may still hold the pipe.
        kill(pid, SIGKILL);
        result.timed_out = true;
        break;
      }
      wait_ms = static_cast<int>(std::min(left * 1000 + 1, 1e9));
    }
    pollfd readable = {pipe_fds[0], POLLIN, 0};
    int ready = poll(&readable, 1, wait_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) continue;  // the deadline check above fires
    ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    // Keep draining past the cap so the child never blocks on a full pipe.
    size_t room = kMaxOutput - std::min(kMaxOutput, result.output.size());
    result.output.append(buffer, std::min(room, static_cast<size_t>(n)));
  }
  close(pipe_fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return absl::InternalError(absl::StrCat("waitpid: ", std::strerror(errno)));
  }
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.term_signal = WTERMSIG(status);
  return result;
}

std::string DescribeExit(const ProcessResult& result) {
  if (result.timed_out) {
    return absl::StrFormat("timed out after %.0f s (killed)", result.wall_seconds);
  }
  if (result.term_signal != 0) {
    return absl::StrCat("killed by signal ", result.term_signal, " (",
                        strsignal(result.term_signal), ")");
  }
  if (result.exit_code != 0) return absl::StrCat("exit status ", result.exit_code);
  return "";
}

}  // namespace wasmtier::bench
