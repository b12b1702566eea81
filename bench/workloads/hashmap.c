/* hashmap: an open-addressing (linear probing, tombstones) uint64 -> uint64
 * map: inserts, lookups of present and absent keys, deletes, reinserts.
 * Measures 64-bit hashing, probing loops and data-dependent branches. */
#include <stdlib.h>

#include "workload.h"

enum { kEmpty = 0, kFull = 1, kDeleted = 2 };

typedef struct {
  uint64_t* keys;
  uint64_t* values;
  uint8_t* states;
  uint32_t mask;
  uint32_t count;
} Map;

static inline uint32_t hash_key(uint64_t key) {
  key ^= key >> 31;
  key *= 0x7fb5d329728ea185ull;
  key ^= key >> 27;
  return (uint32_t)key;
}

/* Returns the slot of {key}, or of the first reusable slot if absent (with
 * *found = 0). The table never fills up: capacity is 2x the live maximum. */
static uint32_t find_slot(const Map* map, uint64_t key, int* found) {
  uint32_t i = hash_key(key) & map->mask;
  uint32_t reuse = 0xffffffffu;
  for (;;) {
    uint8_t state = map->states[i];
    if (state == kEmpty) {
      *found = 0;
      return reuse != 0xffffffffu ? reuse : i;
    }
    if (state == kDeleted) {
      if (reuse == 0xffffffffu) reuse = i;
    } else if (map->keys[i] == key) {
      *found = 1;
      return i;
    }
    i = (i + 1) & map->mask;
  }
}

static void map_put(Map* map, uint64_t key, uint64_t value) {
  int found;
  uint32_t slot = find_slot(map, key, &found);
  if (!found) {
    map->states[slot] = kFull;
    map->keys[slot] = key;
    map->count++;
  }
  map->values[slot] = value;
}

static int map_get(const Map* map, uint64_t key, uint64_t* value) {
  int found;
  uint32_t slot = find_slot(map, key, &found);
  if (found) *value = map->values[slot];
  return found;
}

static int map_erase(Map* map, uint64_t key) {
  int found;
  uint32_t slot = find_slot(map, key, &found);
  if (!found) return 0;
  map->states[slot] = kDeleted;
  map->count--;
  return 1;
}

/* One map's life: n inserts, then three passes of lookups, deletes and
 * reinserts. At most n + 3 * n / 4 inserts ever land in an empty slot, fewer
 * than the 2n capacity, so a probe always finds an empty slot and ends. */
static uint64_t run_map(uint32_t n, uint64_t seed) {
  uint32_t capacity = 1;
  while (capacity < 2 * n) capacity <<= 1;
  Map map = {(uint64_t*)malloc(8ull * capacity), (uint64_t*)malloc(8ull * capacity),
             (uint8_t*)calloc(capacity, 1), capacity - 1, 0};
  if (!map.keys || !map.values || !map.states) return 0;
  wl_rng rng;
  wl_rng_seed(&rng, seed);
  uint64_t base = wl_rng_next(&rng);
  /* Keys are a bijective scramble of 0..n-1, so they are distinct. */
  for (uint32_t i = 0; i < n; i++) map_put(&map, (base + i) * 0x9e3779b97f4a7c15ull, i);
  uint64_t hash = map.count, value;
  for (uint32_t pass = 0; pass < 3; pass++) {
    for (uint32_t i = 0; i < n; i++) {
      uint32_t k = wl_rng_below(&rng, 2 * n);  /* half the probes miss */
      if (map_get(&map, (base + k) * 0x9e3779b97f4a7c15ull, &value)) hash += value * (pass + 1);
      else hash ^= k;
    }
    for (uint32_t i = pass; i < n; i += 2 + pass) {
      hash += (uint64_t)map_erase(&map, (base + i) * 0x9e3779b97f4a7c15ull);
    }
    for (uint32_t i = 0; i < n / 4; i++) {
      uint32_t k = wl_rng_below(&rng, n);
      map_put(&map, (base + k) * 0x9e3779b97f4a7c15ull, k ^ pass);
    }
    hash = wl_mix(hash, map.count);
  }
  free(map.keys);
  free(map.values);
  free(map.states);
  return hash;
}

uint64_t workload_run(uint32_t size) {
  uint32_t n = wl_pick(size, 70000, 650000, 2000000);
  uint32_t rounds = wl_pick(size, 1, 1, 2);  /* bounds the large size's memory */
  uint64_t hash = 0;
  for (uint32_t r = 0; r < rounds; r++) hash = wl_mix(hash, run_map(n, 0x686173686d6170ull + r));
  return hash;
}
