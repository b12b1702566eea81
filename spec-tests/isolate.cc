// One script per child process. The child streams a "B" line before each
// command and an "E" line with its result after it, so when the child dies
// the parent knows the command that was running. POSIX fork/pipe/poll.
#include "spec-tests/isolate.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace wasmtier::spec {
namespace {

std::string Escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Unescape(absl::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char n = s[++i];
      out += n == 't' ? '\t' : n == 'n' ? '\n' : n;
    } else {
      out += s[i];
    }
  }
  return out;
}

void WriteAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the parent is gone: nothing to report to
    done += static_cast<size_t>(n);
  }
}

[[noreturn]] void RunChild(int fd, const std::string& path, std::string_view name,
                           RunOptions options) {
  options.before_command = [fd](uint32_t line, const std::string& kind) {
    WriteAll(fd, absl::StrCat("B\t", line, "\t", Escape(kind), "\n"));
  };
  options.after_command = [fd](const CommandResult& c) {
    WriteAll(fd, absl::StrCat("E\t", EncodeCommand(c), "\n"));
  };
  RunScriptFile(path, name, options);
  close(fd);
  // No exit handlers: the child shares the parent's stdio buffers and must
  // not flush them a second time.
  _exit(0);
}

double Now() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// Reads the child's reports until EOF or the deadline; false on timeout.
bool ReadReports(int fd, int timeout_seconds, std::string* out) {
  double deadline = Now() + timeout_seconds;
  char buffer[1 << 16];
  while (true) {
    double left = deadline - Now();
    if (left <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    int ready = poll(&p, 1, static_cast<int>(left * 1000) + 1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;  // re-check the deadline
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    out->append(buffer, static_cast<size_t>(n));
  }
}

}  // namespace

std::string EncodeCommand(const CommandResult& c) {
  return absl::StrCat(c.line, "\t", Escape(c.kind), "\t", static_cast<int>(c.outcome), "\t",
                      c.message_mismatch ? 1 : 0, "\t", Escape(c.detail));
}

bool DecodeCommand(std::string_view line, CommandResult* c) {
  std::vector<absl::string_view> f =
      absl::StrSplit(absl::string_view(line.data(), line.size()), '\t');
  int outcome = 0, mismatch = 0;
  if (f.size() != 5 || !absl::SimpleAtoi(f[0], &c->line) || !absl::SimpleAtoi(f[2], &outcome) ||
      !absl::SimpleAtoi(f[3], &mismatch) || outcome < 0 || outcome > 2) {
    return false;
  }
  c->kind = Unescape(f[1]);
  c->outcome = static_cast<Outcome>(outcome);
  c->message_mismatch = mismatch != 0;
  c->detail = Unescape(f[4]);
  return true;
}

FileResult RunScriptFileIsolated(const std::string& path, std::string_view name,
                                 const RunOptions& options, int timeout_seconds) {
  FileResult result;
  result.name = std::string(name);
  int fds[2];
  if (pipe(fds) != 0) return RunScriptFile(path, name, options);
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return RunScriptFile(path, name, options);
  }
  if (pid == 0) {
    close(fds[0]);
    RunChild(fds[1], path, name, options);
  }
  close(fds[1]);
  std::string reports;
  bool finished = ReadReports(fds[0], timeout_seconds, &reports);
  close(fds[0]);
  if (!finished) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }

  CommandResult running;  // the command begun and not ended, if any
  bool in_command = false;
  for (absl::string_view line : absl::StrSplit(reports, '\n', absl::SkipEmpty())) {
    if (line.size() > 2 && line.substr(0, 2) == "B\t") {
      std::vector<absl::string_view> f = absl::StrSplit(line.substr(2), '\t');
      running = CommandResult{};
      if (f.size() == 2 && absl::SimpleAtoi(f[0], &running.line)) running.kind = Unescape(f[1]);
      in_command = true;
    } else if (line.size() > 2 && line.substr(0, 2) == "E\t") {
      CommandResult c;
      if (DecodeCommand(std::string_view(line.data() + 2, line.size() - 2), &c)) {
        result.commands.push_back(std::move(c));
      }
      in_command = false;
    }
  }
  bool clean_exit = finished && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (clean_exit && !in_command) return result;

  CommandResult death = in_command ? running : CommandResult{};
  if (!in_command) death.kind = "script";
  death.outcome = Outcome::kFailed;
  std::string how = !finished ? absl::StrCat("timed out after ", timeout_seconds, " s")
                    : WIFSIGNALED(status)
                        ? absl::StrCat("crashed with signal ", WTERMSIG(status), " (",
                                       strsignal(WTERMSIG(status)), ")")
                        : absl::StrCat("exited with status ", WEXITSTATUS(status));
  death.detail = absl::StrCat("the runner ", how,
                              in_command ? " during this command" : "",
                              "; the rest of the file did not run");
  result.commands.push_back(std::move(death));
  return result;
}

}  // namespace wasmtier::spec
