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
