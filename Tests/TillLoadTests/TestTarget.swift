import Synchronization
@testable import TillLoad

/// A fake server whose answers are held until the test opens a gate: a stall that ends on an
/// event, not after a sleep.
final class StallingTarget: LoadTarget {
    private struct State {
        var open = false
        var waiting: [CheckedContinuation<Void, Never>] = []
        var inFlight = 0
        var maxInFlight = 0
        var received: [Int] = []
    }

    private let state = Mutex(State())

    init(open: Bool = false) {
        self.state.withLock { $0.open = open }
    }

    func send(_ index: Int) async -> (scenario: String, outcome: Outcome) {
        let mustWait = self.state.withLock { state in
            state.inFlight += 1
            state.maxInFlight = max(state.maxInFlight, state.inFlight)
            state.received.append(index)
            return !state.open
        }
        if mustWait {
            await withCheckedContinuation { continuation in
                let resume = self.state.withLock { state in
                    if state.open { return true }
                    state.waiting.append(continuation)
                    return false
                }
                if resume { continuation.resume() }
            }
        }
        self.state.withLock { $0.inFlight -= 1 }
        return ("fake", index % 10 == 9 ? .failed(code: "unavailable") : .answered(state: "completed"))
    }

    /// Ends the stall: every held request answers, and later ones answer at once.
    func open() {
        let waiting = self.state.withLock { state in
            state.open = true
            defer { state.waiting.removeAll() }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }

    var maxInFlight: Int { self.state.withLock { $0.maxInFlight } }
    var received: [Int] { self.state.withLock { $0.received } }
}

/// Keeps every sample, for assertions about individual requests.
final class CollectingSink: SampleSink {
    private let state = Mutex<(offered: [Duration], samples: [Sample])>(([], []))

    func offered(at intended: Duration) {
        self.state.withLock { $0.offered.append(intended) }
    }

    func record(_ sample: Sample) {
        self.state.withLock { $0.samples.append(sample) }
    }

    var offered: [Duration] { self.state.withLock { $0.offered } }
    var samples: [Sample] { self.state.withLock { $0.samples } }
}

/// Waits (polling an event, with a generous bound) until `condition` holds.
func waitUntil(_ what: String, timeout: Duration = .seconds(60), _ condition: () -> Bool) async throws {
    let clock = ContinuousClock()
    let end = clock.now + timeout
    while !condition() {
        guard clock.now < end else { throw TimedOut(what: what) }
        try await Task.sleep(for: .milliseconds(5))
    }
}

struct TimedOut: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting for \(what)" }
}
