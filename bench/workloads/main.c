/* The driver linked with each workload for the native binary (W_native) and
 * the wasm32-wasi command (W_cmd.wasm): parses the size, runs the workload
 * once, prints its checksum. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "workload.h"

static int parse_size(const char* text, uint32_t* size) {
  static const char* const kNames[3] = {"small", "medium", "large"};
  for (uint32_t i = 0; i < 3; i++) {
    char digit[2] = {(char)('0' + i), '\0'};
    if (strcmp(text, kNames[i]) == 0 || strcmp(text, digit) == 0) {
      *size = i;
      return 1;
    }
  }
  return 0;
}

int main(int argc, char** argv) {
  uint32_t size = 0;
  if (argc > 2 || (argc == 2 && !parse_size(argv[1], &size))) {
    fprintf(stderr, "usage: %s [small|medium|large|0|1|2]\n", argc > 0 ? argv[0] : "workload");
    return 2;
  }
  printf("checksum: %016" PRIx64 "\n", workload_run(size));
  return 0;
}
