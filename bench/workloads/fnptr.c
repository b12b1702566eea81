/* fnptr: indirect calls through function-pointer tables: a PRNG-driven
 * dispatch over a table of small operations, and "objects" with per-kind
 * method tables. Measures call_indirect (type check, table load) cost. */
#include "workload.h"

typedef uint32_t (*UnaryOp)(uint32_t);
typedef uint32_t (*BinaryOp)(uint32_t, uint32_t);

/* noinline: the point is the indirect call, not what clang can fold. */
#define WL_NOINLINE __attribute__((noinline))
static WL_NOINLINE uint32_t op_inc(uint32_t x) { return x + 1; }
static WL_NOINLINE uint32_t op_dbl(uint32_t x) { return x * 2; }
static WL_NOINLINE uint32_t op_rot(uint32_t x) { return x << 7 | x >> 25; }
static WL_NOINLINE uint32_t op_neg(uint32_t x) { return ~x; }
static WL_NOINLINE uint32_t op_mix(uint32_t x) { return x ^ (x >> 13); }
static WL_NOINLINE uint32_t op_mul(uint32_t x) { return x * 2654435761u; }
static WL_NOINLINE uint32_t op_sub(uint32_t x) { return x - 12345; }
static WL_NOINLINE uint32_t op_swp(uint32_t x) { return x << 16 | x >> 16; }

static WL_NOINLINE uint32_t bin_add(uint32_t a, uint32_t b) { return a + b; }
static WL_NOINLINE uint32_t bin_xor(uint32_t a, uint32_t b) { return a ^ b; }
static WL_NOINLINE uint32_t bin_min(uint32_t a, uint32_t b) { return a < b ? a : b; }
static WL_NOINLINE uint32_t bin_max(uint32_t a, uint32_t b) { return a > b ? a : b; }

static const UnaryOp kUnary[8] = {op_inc, op_dbl, op_rot, op_neg, op_mix, op_mul, op_sub, op_swp};
static const BinaryOp kBinary[4] = {bin_add, bin_xor, bin_min, bin_max};

/* A tiny object model: each shape kind has a method table. */
typedef struct Shape Shape;
typedef struct {
  uint32_t (*area)(const Shape*);
  void (*scale)(Shape*, uint32_t);
} ShapeMethods;
struct Shape {
  const ShapeMethods* methods;
  uint32_t a, b;
};

static WL_NOINLINE uint32_t rect_area(const Shape* s) { return s->a * s->b; }
static WL_NOINLINE void rect_scale(Shape* s, uint32_t k) { s->a += k, s->b += k >> 1; }
static WL_NOINLINE uint32_t tri_area(const Shape* s) { return s->a * s->b / 2; }
static WL_NOINLINE void tri_scale(Shape* s, uint32_t k) { s->a ^= k, s->b += 1; }
static WL_NOINLINE uint32_t square_area(const Shape* s) { return s->a * s->a; }
static WL_NOINLINE void square_scale(Shape* s, uint32_t k) { s->a = (s->a + k) & 0xffff; }

static const ShapeMethods kShapeKinds[3] = {
    {rect_area, rect_scale}, {tri_area, tri_scale}, {square_area, square_scale}};

uint64_t workload_run(uint32_t size) {
  uint32_t steps = wl_pick(size, 2000000, 32000000, 320000000);
  wl_rng rng;
  wl_rng_seed(&rng, 0x666e707472ull);
  enum { kShapes = 64, kProgram = 256 };
  Shape shapes[kShapes];
  for (int i = 0; i < kShapes; i++) {
    shapes[i] = (Shape){&kShapeKinds[wl_rng_below(&rng, 3)], wl_rng_below(&rng, 1000),
                        wl_rng_below(&rng, 1000)};
  }
  /* A fixed random "program" of operation indices, replayed over and over. */
  uint8_t program[kProgram];
  for (int i = 0; i < kProgram; i++) program[i] = (uint8_t)wl_rng_u32(&rng);
  uint32_t x = 1, y = 2;
  uint64_t areas = 0;
  for (uint32_t s = 0; s < steps; s++) {
    uint8_t code = program[s & (kProgram - 1)];
    x = kUnary[code & 7](x);
    y = kBinary[(code >> 3) & 3](y, x);
    Shape* shape = &shapes[(code + s) & (kShapes - 1)];
    if (code & 0x80) shape->methods->scale(shape, x & 15);
    else areas += shape->methods->area(shape);
  }
  return wl_mix(wl_mix(x, y), areas);
}
