import Histogram

/// What one closed-loop run measured.
struct LoadResult: Sendable {
    var completed: Int
    var failed: Int
    var seconds: Double
    /// Latencies in nanoseconds.
    var latencies: Histogram<UInt64>

    var requestsPerSecond: Double { seconds > 0 ? Double(completed) / seconds : 0 }

    func percentileMicros(_ percentile: Double) -> Double {
        Double(latencies.valueAtPercentile(percentile)) / 1_000
    }
}

/// Keeps exactly `concurrency` operations in flight until `total` have been issued.
///
/// Each worker owns its histogram (no sharing on the hot path); they are merged at the end.
enum ClosedLoop {
    static func run(
        concurrency: Int,
        total: Int,
        operation: @escaping @Sendable (Int) async throws -> Void
    ) async -> LoadResult {
        let clock = ContinuousClock()
        let start = clock.now
        let perWorker = total / concurrency
        let results = await withTaskGroup(of: LoadResult.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
                    var completed = 0
                    var failed = 0
                    for index in 0..<perWorker {
                        let began = clock.now
                        do {
                            try await operation(worker * perWorker + index)
                            completed += 1
                        } catch {
                            failed += 1
                        }
                        _ = histogram.record(UInt64((clock.now - began).nanoseconds))
                    }
                    return LoadResult(completed: completed, failed: failed, seconds: 0, latencies: histogram)
                }
            }
            var merged = LoadResult(completed: 0, failed: 0, seconds: 0, latencies: Histogram(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three))
            for await result in group {
                merged.completed += result.completed
                merged.failed += result.failed
                merged.latencies.add(result.latencies)
            }
            return merged
        }
        var result = results
        result.seconds = (clock.now - start).seconds
        return result
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
