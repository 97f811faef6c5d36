import Foundation
import Testing
import TillWire

/// A rough throughput probe, run only when `TILL_WIRE_PROBE=1` (numbers from debug builds mean little).
@Suite("Throughput probe", .enabled(if: ProcessInfo.processInfo.environment["TILL_WIRE_PROBE"] == "1"))
struct ThroughputProbeTests {
    @Test("sequential latency")
    func latency() async throws {
        let server = try await TestServer.start()
        let client = RPCClient.test(ports: [server.port])
        _ = try await client.call("checkout.start", params: [:])
        var samples: [Duration] = []
        for _ in 0..<200 {
            let started = ContinuousClock.now
            _ = try await client.call("test.context", deadline: .seconds(5))
            samples.append(ContinuousClock.now - started)
        }
        samples.sort()
        print("probe: latency p50 \(samples[100]) p99 \(samples[198]) max \(samples[199])")
        await client.shutdown()
        try await server.stop()
    }

    @Test("ping with N in flight (TILL_WIRE_PROBE_CONCURRENCY, default 64)")
    func ping() async throws {
        let concurrency = Int(ProcessInfo.processInfo.environment["TILL_WIRE_PROBE_CONCURRENCY"] ?? "") ?? 64
        let server = try await TestServer.start()
        let client = RPCClient.test(ports: [server.port])
        _ = try await client.call("checkout.start", params: [:])
        let duration = Duration.seconds(2)
        let started = ContinuousClock.now
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var count = 0
                    while ContinuousClock.now - started < duration {
                        _ = try await client.call("test.context", deadline: .seconds(5))
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        print("probe: \(concurrency) in flight: \(Double(total) / 2) req/s")
        await client.shutdown()
        try await server.stop()
    }
}
