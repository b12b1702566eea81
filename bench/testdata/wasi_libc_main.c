// Empty translation unit linked with all of wasi-libc (--whole-archive) to
// make bench/wasi_libc.wasm, a real-world module of clang-generated code.
int main(void) { return 0; }
