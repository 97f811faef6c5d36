import Synchronization

/// A counter with a ceiling, shared by every connection of a server: open connections, requests in flight.
final class AdmissionCounter: Sendable {
    let limit: Int
    private let current = Atomic<Int>(0)

    init(limit: Int) {
        precondition(limit > 0, "limit must be positive")
        self.limit = limit
    }

    /// Takes one unit if the ceiling allows; every successful acquire is paired with one ``release()``.
    func tryAcquire() -> Bool {
        let value = current.wrappingAdd(1, ordering: .relaxed).newValue
        guard value <= limit else {
            current.wrappingSubtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func release() {
        current.wrappingSubtract(1, ordering: .relaxed)
    }

    var value: Int { current.load(ordering: .relaxed) }
}
