// Embedding Wasmtier in a C++ program: compile a module from text, give it a
// host function through a Linker, call its export, and catch a trap with its
// wasm backtrace. Run it with `bazel run //tools/examples:embedding`.
#include <cstdio>
#include <vector>

#include "engine/include/wasmtier/wasmtier.h"

namespace {

// The guest: imports "host" "log" and exports "sum_to" (1 + 2 + ... + n, each
// partial sum logged through the host) and "divide", which traps on zero.
constexpr char kGuest[] = R"((module $guest
  (import "host" "log" (func $log (param i32)))
  (func $sum_to (export "sum_to") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.gt_s (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (local.get $i)))
        (call $log (local.get $sum))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $sum))
  (func $divide (export "divide") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))))";

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "error: %s\n", status.ToString().c_str());
  return 1;
}

}  // namespace

int main() {
  using namespace wasmtier;

  // An engine holds the configuration; modules compiled with it can be
  // instantiated in any of its stores.
  Config config;
  config.tier = TierMode::kInterp;
  Engine engine(config);
  absl::StatusOr<Module> module = Module::CompileText(engine, kGuest);
  if (!module.ok()) return Fail(module.status());

  // A store owns instances and host objects; the host function sees its
  // arguments as Vals and could reach the caller's exports through Caller.
  Store store(engine);
  Func log = Func::Create(store, FuncType{{ValType::I32()}, {}},
                          [](Caller&, std::span<const Val> args, std::span<Val>) {
                            std::printf("  host log: %d\n", args[0].i32());
                            return absl::OkStatus();
                          });
  Linker linker(engine);
  if (absl::Status s = linker.Define("host", "log", log); !s.ok()) return Fail(s);
  absl::StatusOr<Instance> instance = linker.Instantiate(store, *module);
  if (!instance.ok()) return Fail(instance.status());

  std::printf("calling sum_to(4):\n");
  std::optional<Func> sum_to = instance->GetFunc("sum_to");
  absl::StatusOr<std::vector<Val>> sum = sum_to->Call(store, std::vector<Val>{Val::I32(4)});
  if (!sum.ok()) return Fail(sum.status());
  std::printf("sum_to(4) = %d\n", (*sum)[0].i32());

  // A trap is an error status; GetTrap recovers its code and backtrace.
  std::printf("calling divide(1, 0):\n");
  std::optional<Func> divide = instance->GetFunc("divide");
  absl::StatusOr<std::vector<Val>> quotient =
      divide->Call(store, std::vector<Val>{Val::I32(1), Val::I32(0)});
  if (quotient.ok()) {
    std::fprintf(stderr, "error: divide(1, 0) did not trap\n");
    return 1;
  }
  std::optional<Trap> trap = GetTrap(quotient.status());
  if (!trap) return Fail(quotient.status());
  std::printf("caught %s", trap->ToString().c_str());
  return 0;
}
