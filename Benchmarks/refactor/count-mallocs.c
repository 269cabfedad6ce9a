/* Counts malloc, calloc and realloc calls of a process (LD_PRELOAD) and prints the count to standard error at exit;
   Benchmarks/refactor/allocations-per-event.sh builds and uses it. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <unistd.h>
static atomic_long calls;
static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static char bootstrap[1 << 16]; static size_t used;
void *malloc(size_t n) { if (!real_malloc) real_malloc = dlsym(RTLD_NEXT, "malloc"); atomic_fetch_add(&calls, 1); return real_malloc(n); }
void *calloc(size_t a, size_t b) {
    if (!real_calloc) { if (used + a * b < sizeof bootstrap) { void *p = bootstrap + used; used += (a * b + 15) & ~15; return p; } real_calloc = dlsym(RTLD_NEXT, "calloc"); }
    atomic_fetch_add(&calls, 1); return real_calloc(a, b); }
void *realloc(void *p, size_t n) { if (!real_realloc) real_realloc = dlsym(RTLD_NEXT, "realloc"); atomic_fetch_add(&calls, 1); return real_realloc(p, n); }
void free(void *p) { static void (*real_free)(void *); if ((char *)p >= bootstrap && (char *)p < bootstrap + sizeof bootstrap) return; if (!real_free) real_free = dlsym(RTLD_NEXT, "free"); real_free(p); }
__attribute__((destructor)) static void report(void) { char b[64]; int n = snprintf(b, sizeof b, "mallocs %ld\n", atomic_load(&calls)); write(2, b, n); }
