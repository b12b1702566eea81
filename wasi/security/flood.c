// Hostile WASI command: writes 1 MiB blocks to stdout forever. Run under
// `wasmtier run -W timeout=...` (or fuel) with stdout on /dev/null, it must
// be stopped in time with the runtime's memory flat.
#include <string.h>
#include <unistd.h>

static char block[1 << 20];

int main(void) {
  memset(block, 'x', sizeof block);
  for (;;) {
    if (write(1, block, sizeof block) < 0) return 1;
  }
}
