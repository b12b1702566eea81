// Hostile WASI command: tries every way out of its preopen (fd 3) that
// security_cli_test.sh planted links for — `..`, absolute paths, NUL bytes,
// symlinks (final, middle, climbing, absolute, chains, dangling), hard links,
// renames — through raw imports and through wasi-libc. Prints one line per
// attempt; the exit status is the number of attempts that were not refused
// as expected (0 = sandbox held).
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "wasi_raw.h"

static int failures = 0;

static void Expect(const char* what, int32_t got, int32_t want) {
  if (got == want) {
    printf("refused %-40s %d\n", what, got);
  } else {
    printf("UNEXPECTED %-37s got %d, want %d\n", what, got, want);
    ++failures;
  }
}

// path_open of {len} bytes at {path}; closes what it opened (and reads it:
// an escape shows the outside content in the log).
static int32_t Open(const char* path, int32_t len, int32_t lookup, int32_t oflags) {
  int32_t fd = -1;
  int32_t e = raw_path_open(kPreopen, lookup, PTR(path), len, oflags, kRightFdRead | kRightFdWrite,
                            0, 0, PTR(&fd));
  if (e == kEsuccess) {
    char buf[64] = {0};
    struct { int32_t buf, len; } iov = {PTR(buf), sizeof buf - 1};
    int32_t n = 0;
    raw_fd_read(fd, PTR(&iov), 1, PTR(&n));
    printf("  opened %.*s: \"%s\"\n", (int)len, path, buf);
    raw_fd_close(fd);
  }
  return e;
}

static void Denied(const char* path, int32_t lookup, int32_t oflags, int32_t want) {
  char what[96];
  snprintf(what, sizeof what, "open %s%s%s", path, lookup ? " (follow)" : "",
           oflags ? " (creat)" : "");
  Expect(what, Open(path, (int32_t)strlen(path), lookup, oflags), want);
}

static int32_t Two(int32_t (*fn)(int32_t, int32_t, int32_t, int32_t, int32_t, int32_t),
                   const char* a, const char* b) {
  return fn(kPreopen, PTR(a), (int32_t)strlen(a), kPreopen, PTR(b), (int32_t)strlen(b));
}

static void RawAttempts(void) {
  static const char* const kClimb[] = {
      "..", "../secret.txt", "a/../../secret.txt", "a/b/../../../secret.txt",
      "../outside_dir/inner.txt", "a/../../sandbox/file.txt", "/etc/passwd", "/", "//etc/passwd",
      "out_dir_link/inner.txt", "out_abs_dir_link/inner.txt", "dotdot_link/secret.txt",
      "root_link/etc/passwd"};
  for (unsigned i = 0; i < sizeof kClimb / sizeof *kClimb; ++i) {
    Denied(kClimb[i], 0, 0, kEnotcapable);
    Denied(kClimb[i], 1, 0, kEnotcapable);
  }
  static const char* const kFinalLinks[] = {"out_link", "out_abs_link", "climb_link", "chain1",
                                            "dangling_out"};
  for (unsigned i = 0; i < sizeof kFinalLinks / sizeof *kFinalLinks; ++i) {
    Denied(kFinalLinks[i], 1, 0, kEnotcapable);
    Denied(kFinalLinks[i], 0, 0, kEloop);
  }
  Denied("dangling_out", 1, 1, kEnotcapable);
  Denied("out_dir_link/created.txt", 1, 1, kEnotcapable);
  Denied("loop1", 1, 0, kEloop);
  static const char kNul[] = "file.txt\0/../../secret.txt";
  Expect("open file.txt\\0/../../secret.txt", Open(kNul, sizeof kNul - 1, 1, 0), kEinval);

  char stat_buf[64];
  Expect("stat out_link (follow)",
         raw_path_filestat_get(kPreopen, 1, PTR("out_link"), 8, PTR(stat_buf)), kEnotcapable);
  Expect("stat out_link (no follow) succeeds",
         raw_path_filestat_get(kPreopen, 0, PTR("out_link"), 8, PTR(stat_buf)), kEsuccess);
  Expect("link out_link (follow) -> hl",
         raw_path_link(kPreopen, 1, PTR("out_link"), 8, kPreopen, PTR("hl"), 2), kEnotcapable);
  Expect("link ../secret.txt -> hl2",
         raw_path_link(kPreopen, 0, PTR("../secret.txt"), 13, kPreopen, PTR("hl2"), 3),
         kEnotcapable);
  Expect("rename file.txt -> ../stolen", Two(raw_path_rename, "file.txt", "../stolen"),
         kEnotcapable);
  Expect("rename ../secret.txt -> mine", Two(raw_path_rename, "../secret.txt", "mine"),
         kEnotcapable);
  Expect("rename file.txt -> out_dir_link/x", Two(raw_path_rename, "file.txt", "out_dir_link/x"),
         kEnotcapable);
  Expect("mkdir ../newdir", raw_path_create_directory(kPreopen, PTR("../newdir"), 9),
         kEnotcapable);
  Expect("unlink out_dir_link/inner.txt",
         raw_path_unlink_file(kPreopen, PTR("out_dir_link/inner.txt"), 22), kEnotcapable);
  Expect("symlink file.txt at ../evil",
         raw_path_symlink(PTR("file.txt"), 8, kPreopen, PTR("../evil"), 7), kEnotcapable);
  // Making a link that points outside is allowed; following it is not.
  Expect("symlink ../secret.txt at made_link",
         raw_path_symlink(PTR("../secret.txt"), 13, kPreopen, PTR("made_link"), 9), kEsuccess);
  Denied("made_link", 1, 0, kEnotcapable);
}

// The same through wasi-libc, which maps "/sandbox/..." to the preopen and
// passes the rest (including "..") to the runtime.
static void LibcAttempts(void) {
  static const char* const kPaths[] = {"/sandbox/../secret.txt", "/sandbox/out_link",
                                       "/sandbox/out_dir_link/inner.txt", "/etc/passwd",
                                       "/sandbox/chain1", "/sandbox/a/../../secret.txt"};
  for (unsigned i = 0; i < sizeof kPaths / sizeof *kPaths; ++i) {
    FILE* f = fopen(kPaths[i], "r");
    char what[96];
    snprintf(what, sizeof what, "fopen %s", kPaths[i]);
    Expect(what, f == NULL ? 0 : 1, 0);
    if (f != NULL) fclose(f);
  }
  Expect("libc open of a link to outside for writing",
         open("/sandbox/out_link", O_WRONLY | O_TRUNC) < 0 ? 0 : 1, 0);
  Expect("libc creat through dangling link",
         open("/sandbox/dangling_out", O_WRONLY | O_CREAT, 0644) < 0 ? 0 : 1, 0);
}

int main(void) {
  // A control: the sandbox itself works, so refusals above are not blanket.
  Expect("open file.txt succeeds", Open("file.txt", 8, 0, 0), kEsuccess);
  RawAttempts();
  LibcAttempts();
  printf("%d unexpected\n", failures);
  return failures;
}
