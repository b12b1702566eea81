/* hello: the smallest WASI command — one line on stdout through fd_write.
 * Used by tools/example.sh and by bench/startup (start-up time of a module
 * that does almost nothing but instantiate, run _start and exit). */
#include <stdio.h>

int main(void) {
  puts("Hello from a WASI program!");
  return 0;
}
