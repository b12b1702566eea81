/* strings: C-string library work over generated text: splitting lines with
 * strchr, measuring with strlen, copying with strcpy/strcat, comparing with
 * memcmp/strcmp. Measures wasi-libc's string routines and byte loops. */
#include <stdlib.h>

#include "workload.h"

static const char kLetters[] = "etaoinshrdlucmfwypvbgkqjxz";

/* Lines of words of skewed letters, NUL-terminated as a whole. */
static void generate_text(char* out, uint32_t len, wl_rng* rng) {
  uint32_t n = 0;
  while (n + 1 < len) {
    uint32_t word = 1 + wl_rng_below(rng, 9);
    for (uint32_t k = 0; k < word && n + 1 < len; k++) {
      /* min of two draws favours common letters, like real text */
      uint32_t a = wl_rng_below(rng, 26), b = wl_rng_below(rng, 26);
      out[n++] = kLetters[a < b ? a : b];
    }
    if (n + 1 < len) out[n++] = wl_rng_below(rng, 12) == 0 ? '\n' : ' ';
  }
  out[n] = '\0';
}

static uint64_t process_lines(char* text, char* scratch, char* previous) {
  uint64_t hash = 0;
  previous[0] = '\0';
  char* line = text;
  while (*line) {
    char* end = strchr(line, '\n');
    if (end) *end = '\0';
    size_t len = strlen(line);
    /* Copy the line, then append a marker and the previous line. */
    strcpy(scratch, line);
    strcat(scratch, "|");
    strcat(scratch, previous);
    size_t total = strlen(scratch);
    int cmp = strcmp(line, previous);
    size_t common = len < strlen(previous) ? len : strlen(previous);
    int prefix = memcmp(line, previous, common);
    uint32_t spaces = 0;
    for (const char* p = strchr(scratch, ' '); p; p = strchr(p + 1, ' ')) spaces++;
    const char* q = strchr(line, 'q');
    hash = wl_mix(hash, total * 131 + spaces * 7 + (cmp > 0) * 3 + (prefix < 0) + (q ? (uint64_t)(q - line) << 20 : 0));
    strcpy(previous, line);
    if (!end) break;
    *end = '\n';  /* restore so the next round sees the same text */
    line = end + 1;
  }
  return hash;
}

uint64_t workload_run(uint32_t size) {
  uint32_t len = wl_pick(size, 512u << 10, 2u << 20, 8u << 20);
  uint32_t rounds = wl_pick(size, 3, 12, 40);
  char* text = (char*)malloc(len);
  /* Lines are bounded by the text; scratch holds two lines and a marker. */
  char* scratch = (char*)malloc(2 * (size_t)len + 2);
  char* previous = (char*)malloc(len);
  if (!text || !scratch || !previous) return 0;
  wl_rng rng;
  wl_rng_seed(&rng, 0x737472696e6773ull);
  generate_text(text, len, &rng);
  uint64_t hash = 0;
  for (uint32_t r = 0; r < rounds; r++) {
    hash = wl_mix(hash, process_lines(text + r, scratch, previous));
  }
  free(text);
  free(scratch);
  free(previous);
  return hash;
}
