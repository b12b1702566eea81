/* bytecode_vm: a small stack-machine interpreter (switch dispatch) running a
 * nested-loop program. Measures an interpreter loop inside the guest:
 * indirect branches (br_table), small loads/stores, unpredictable flow. */
#include "workload.h"

enum Op {
  kPush,   /* push imm */
  kLoad,   /* push var[imm] */
  kStore,  /* var[imm] = pop */
  kAdd,
  kSub,
  kMul,
  kXor,
  kShr,    /* a >> (b & 31) */
  kLt,     /* push a < b */
  kJz,     /* if pop == 0: pc = imm */
  kJmp,    /* pc = imm */
  kHalt,
};

typedef struct {
  uint8_t op;
  int32_t imm;
} Insn;

enum { kVarI, kVarJ, kVarAcc, kVarN, kVarM, kVarCount };

/* acc = 0; for (i = 0; i < n; i++) for (j = 0; j < m; j++)
 *   acc = (acc ^ (i * j + acc >> 3)) + j; */
static const Insn kProgram[] = {
    /* 0 */ {kPush, 0},     {kStore, kVarAcc}, {kPush, 0},      {kStore, kVarI},
    /* 4: outer loop head */
    {kLoad, kVarI},       {kLoad, kVarN},    {kLt, 0},         {kJz, 0},
    /* 8 */ {kPush, 0},     {kStore, kVarJ},
    /* 10: inner loop head */
    {kLoad, kVarJ},       {kLoad, kVarM},    {kLt, 0},         {kJz, 0},
    /* 14: acc = (acc ^ ((i * j + acc) >> 3)) + j */
    {kLoad, kVarAcc},     {kLoad, kVarI},    {kLoad, kVarJ},   {kMul, 0},
    {kLoad, kVarAcc},     {kAdd, 0},         {kPush, 3},       {kShr, 0},
    {kXor, 0},            {kLoad, kVarJ},    {kAdd, 0},        {kStore, kVarAcc},
    /* 26: j + 1 (stored by the tail build_program appends) */
    {kLoad, kVarJ},       {kPush, 1},        {kAdd, 0},
};

/* Appends the loop tails and patches the two forward exits (the {kJz, 0}
 * placeholders' real targets), so no jump target is counted by hand twice. */
static int build_program(Insn* code, int cap) {
  int n = (int)(sizeof kProgram / sizeof kProgram[0]);
  if (n + 8 > cap) return 0;
  memcpy(code, kProgram, sizeof kProgram);
  code[n++] = (Insn){kStore, kVarJ};  /* 29 */
  code[n++] = (Insn){kJmp, 10};       /* 30 */
  code[13].imm = n;                   /* inner exit -> i++ */
  code[n++] = (Insn){kLoad, kVarI};   /* 31 */
  code[n++] = (Insn){kPush, 1};
  code[n++] = (Insn){kAdd, 0};
  code[n++] = (Insn){kStore, kVarI};
  code[n++] = (Insn){kJmp, 4};
  code[7].imm = n;                    /* outer exit -> halt */
  code[n++] = (Insn){kHalt, 0};
  return n;
}

static int32_t run(const Insn* code, int32_t* vars) {
  int32_t stack[16];
  int sp = 0, pc = 0;
  for (;;) {
    Insn insn = code[pc++];
    switch (insn.op) {
      case kPush: stack[sp++] = insn.imm; break;
      case kLoad: stack[sp++] = vars[insn.imm]; break;
      case kStore: vars[insn.imm] = stack[--sp]; break;
      case kAdd: sp--; stack[sp - 1] = (int32_t)((uint32_t)stack[sp - 1] + (uint32_t)stack[sp]); break;
      case kSub: sp--; stack[sp - 1] = (int32_t)((uint32_t)stack[sp - 1] - (uint32_t)stack[sp]); break;
      case kMul: sp--; stack[sp - 1] = (int32_t)((uint32_t)stack[sp - 1] * (uint32_t)stack[sp]); break;
      case kXor: sp--; stack[sp - 1] ^= stack[sp]; break;
      case kShr: sp--; stack[sp - 1] = (int32_t)((uint32_t)stack[sp - 1] >> (stack[sp] & 31)); break;
      case kLt: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
      case kJz: if (stack[--sp] == 0) pc = insn.imm; break;
      case kJmp: pc = insn.imm; break;
      case kHalt: return vars[kVarAcc];
      default: return -1;
    }
  }
}

uint64_t workload_run(uint32_t size) {
  Insn code[64];
  int len = build_program(code, 64);
  if (len == 0) return 0;
  uint32_t n = wl_pick(size, 220, 920, 2850);
  uint64_t hash = 0;
  for (uint32_t round = 0; round < 3; round++) {
    int32_t vars[kVarCount] = {0};
    vars[kVarN] = (int32_t)(n + round);
    vars[kVarM] = (int32_t)(n * 2);
    hash = wl_mix(hash, (uint32_t)run(code, vars));
  }
  return hash;
}
