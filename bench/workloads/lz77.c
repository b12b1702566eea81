/* lz77: LZ77 compression with a single-candidate hash matcher,
 * then decompression and a roundtrip check, over generated English-like
 * text. Measures byte loads/stores, hashing and unpredictable branches. */
#include <stdlib.h>

#include "workload.h"

enum {
  kHashBits = 14,
  kMinMatch = 4,
  kMaxMatch = 255 + kMinMatch,
  kWindow = 65535,
};

static const char* const kWords[] = {
    "the",     "wasm",   "runtime", "interpreter", "frame", "slot",   "value",  "stack",
    "module",  "memory", "table",   "global",      "trap",  "branch", "loop",   "block",
    "compile", "tier",   "jit",     "register",    "call",  "return", "import", "export",
};

static uint32_t generate_text(uint8_t* out, uint32_t len, wl_rng* rng) {
  uint32_t n = 0;
  while (n < len) {
    const char* word = kWords[wl_rng_below(rng, sizeof kWords / sizeof kWords[0])];
    while (*word && n < len) out[n++] = (uint8_t)*word++;
    if (n < len) out[n++] = wl_rng_below(rng, 16) == 0 ? '\n' : ' ';
  }
  return n;
}

static inline uint32_t hash4(const uint8_t* p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return (v * 2654435761u) >> (32 - kHashBits);
}

/* Format: a token byte. 0..127: token+1 literal bytes follow. 128: a match;
 * the next byte is its length - kMinMatch, then a 2-byte little-endian
 * distance back into the output. */
static uint32_t compress(const uint8_t* in, uint32_t len, uint8_t* out, uint32_t* table) {
  memset(table, 0xff, sizeof(uint32_t) << kHashBits);
  uint32_t pos = 0, lit_start = 0, o = 0;
  while (pos + kMinMatch <= len) {
    uint32_t h = hash4(in + pos);
    uint32_t cand = table[h];
    table[h] = pos;
    if (cand != 0xffffffffu && pos - cand <= kWindow && memcmp(in + cand, in + pos, kMinMatch) == 0) {
      uint32_t m = kMinMatch;
      while (m < kMaxMatch && pos + m < len && in[cand + m] == in[pos + m]) m++;
      while (lit_start < pos) {  /* flush pending literals */
        uint32_t run = pos - lit_start > 128 ? 128 : pos - lit_start;
        out[o++] = (uint8_t)(run - 1);
        memcpy(out + o, in + lit_start, run);
        o += run;
        lit_start += run;
      }
      uint32_t dist = pos - cand;
      out[o++] = 128;
      out[o++] = (uint8_t)(m - kMinMatch);
      out[o++] = (uint8_t)dist;
      out[o++] = (uint8_t)(dist >> 8);
      pos += m;
      lit_start = pos;
    } else {
      pos++;
    }
  }
  while (lit_start < len) {
    uint32_t run = len - lit_start > 128 ? 128 : len - lit_start;
    out[o++] = (uint8_t)(run - 1);
    memcpy(out + o, in + lit_start, run);
    o += run;
    lit_start += run;
  }
  return o;
}

static uint32_t decompress(const uint8_t* in, uint32_t len, uint8_t* out, uint32_t cap) {
  uint32_t i = 0, o = 0;
  while (i < len) {
    uint8_t token = in[i++];
    if (token < 128) {
      uint32_t run = token + 1u;
      if (o + run > cap) return 0;
      memcpy(out + o, in + i, run);
      i += run;
      o += run;
    } else {
      uint32_t m = in[i] + (uint32_t)kMinMatch;
      uint32_t dist = in[i + 1] | (uint32_t)in[i + 2] << 8;
      i += 3;
      if (dist == 0 || dist > o || o + m > cap) return 0;
      /* Byte by byte: the source may overlap the destination. */
      for (uint32_t k = 0; k < m; k++, o++) out[o] = out[o - dist];
    }
  }
  return o;
}

uint64_t workload_run(uint32_t size) {
  uint32_t len = wl_pick(size, 512u << 10, 2u << 20, 8u << 20);
  uint32_t rounds = wl_pick(size, 2, 8, 20);
  uint8_t* text = (uint8_t*)malloc(len);
  uint8_t* packed = (uint8_t*)malloc(len + len / 64 + 16);  /* worst case: all literals */
  uint8_t* unpacked = (uint8_t*)malloc(len);
  uint32_t* table = (uint32_t*)malloc(sizeof(uint32_t) << kHashBits);
  if (!text || !packed || !unpacked || !table) return 0;
  wl_rng rng;
  wl_rng_seed(&rng, 0x6c7a3737ull);
  uint64_t hash = 0;
  for (uint32_t r = 0; r < rounds; r++) {
    uint32_t n = generate_text(text, len - r * 1000, &rng);
    uint32_t packed_len = compress(text, n, packed, table);
    uint32_t out_len = decompress(packed, packed_len, unpacked, len);
    /* A failed roundtrip yields a checksum no correct run can produce. */
    if (out_len != n || memcmp(text, unpacked, n) != 0) return 0xbad0bad0bad0bad0ull;
    hash = wl_mix(hash, packed_len);
    for (uint32_t i = 0; i < packed_len; i += 61) hash = wl_mix(hash, packed[i]);
  }
  free(text);
  free(packed);
  free(unpacked);
  free(table);
  return hash;
}
