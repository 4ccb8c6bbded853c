// A hint to the processor to fetch a line of memory into the cache ahead of a read, for
// the search loops whose next nodes are known a few steps before they are read. Swift has
// no such hint of its own; an inline function here compiles to one instruction.
#ifndef CPREFETCH_H
#define CPREFETCH_H

static inline __attribute__((always_inline)) void stakemap_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
