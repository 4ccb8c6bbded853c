internal import CPrefetch

/// Asks the processor to bring element `i` of `buffer` into the cache, for a read a few
/// steps later (`BrandesSpace.pass`, `PathSearch.settle`): nothing happens at once, and
/// an empty buffer is skipped.
@inline(__always) func prefetch<T>(_ buffer: UnsafeBufferPointer<T>, _ i: Int) {
    if let base = buffer.baseAddress { stakemap_prefetch(base + i) }
}

@inline(__always) func prefetch<T>(_ buffer: UnsafeMutableBufferPointer<T>, _ i: Int) {
    if let base = buffer.baseAddress { stakemap_prefetch(base + i) }
}

@inline(__always) func prefetch<T>(_ pointer: UnsafeMutablePointer<T>, _ i: Int) {
    stakemap_prefetch(pointer + i)
}
