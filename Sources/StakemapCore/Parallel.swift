import Dispatch

/// Runs `a` on the calling thread and `b` on another, and returns both results: the
/// two halves of a job that is worth both cores (reading two files, resolving many ids).
public func inParallel<A: Sendable, B: Sendable>(_ a: @Sendable () -> A, _ b: @escaping @Sendable () -> B) -> (A, B) {
    let box = ResultBox<B>()
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global(qos: .userInitiated).async {
        box.value = b()
        done.signal()
    }
    let first = a()
    done.wait()
    guard let second = box.value else { preconditionFailure("the parallel task returned no value") }
    return (first, second)
}

/// Holds a result handed from one thread to another; the semaphore orders the accesses.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

/// `items` sorted by `less`, on both cores when there are many: each half is sorted on
/// its own thread, then the halves are merged. Like `sort`, not stable: give a `less`
/// that orders every pair of distinct items, so that the result is one order.
func sortedInParallel<T: Sendable>(_ items: [T], by less: @escaping @Sendable (T, T) -> Bool) -> [T] {
    guard items.count >= 20_000 else { return items.sorted(by: less) }
    let middle = items.count / 2
    let (a, b) = inParallel({ items[..<middle].sorted(by: less) }, { items[middle...].sorted(by: less) })
    var out: [T] = []
    out.reserveCapacity(items.count)
    var i = 0, j = 0
    while i < a.count && j < b.count {
        if less(b[j], a[i]) { out.append(b[j]); j += 1 } else { out.append(a[i]); i += 1 }
    }
    out.append(contentsOf: a[i...])
    out.append(contentsOf: b[j...])
    return out
}
