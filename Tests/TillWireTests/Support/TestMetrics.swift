import CoreMetrics
import Synchronization

/// An in-memory `MetricsFactory`, injected into one server (never bootstrapped globally).
final class TestMetrics: MetricsFactory, Sendable {
    private let counters = Mutex<[String: TestCounter]>([:])
    private let timers = Mutex<[String: TestTimer]>([:])

    static func key(_ label: String, _ dimensions: [(String, String)]) -> String {
        ([label] + dimensions.sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }).joined(separator: ",")
    }

    func counter(_ label: String, _ dimensions: [(String, String)]) -> Int64 {
        counters.withLock { $0[Self.key(label, dimensions)]?.value ?? 0 }
    }

    func timerSamples(_ label: String, _ dimensions: [(String, String)]) -> Int {
        timers.withLock { $0[Self.key(label, dimensions)]?.count ?? 0 }
    }

    var counterKeys: [String] { counters.withLock { Array($0.keys) } }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        counters.withLock { counters in
            let key = Self.key(label, dimensions)
            if let existing = counters[key] { return existing }
            let counter = TestCounter()
            counters[key] = counter
            return counter
        }
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        timers.withLock { timers in
            let key = Self.key(label, dimensions)
            if let existing = timers[key] { return existing }
            let timer = TestTimer()
            timers[key] = timer
            return timer
        }
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        NOOPMetricsHandler.instance
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        NOOPMetricsHandler.instance
    }

    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}
}

final class TestCounter: CounterHandler, Sendable {
    private let state = Mutex<Int64>(0)
    var value: Int64 { state.withLock { $0 } }
    func increment(by amount: Int64) { state.withLock { $0 += amount } }
    func reset() { state.withLock { $0 = 0 } }
}

final class TestTimer: TimerHandler, Sendable {
    private let state = Mutex<Int>(0)
    var count: Int { state.withLock { $0 } }
    func recordNanoseconds(_ duration: Int64) { state.withLock { $0 += 1 } }
}
