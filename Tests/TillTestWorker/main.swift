// till-test-worker: the second OS process of Till's multi-process tests.
//
//   till-test-worker <scenario> --redis-url URL [--calls N] [--barrier NAME] [options]
//
// Scenarios (each makes --calls calls, concurrently unless noted, and prints a WorkerReport):
//   idempotency  --key K --counter C --refused R --expect-refused N: IdempotentExecutor.run with
//                fixed params; the handler INCRs C, waits until N callers (of any process) have
//                INCRed R on being refused as in progress, and returns {execution, token}.
//   breaker      --name B [--fail] [--counter C --refused R --expect-refused N] [--threshold 5]
//                [--recovery-ms 30000] [--probe-ms 30000]: calls through a RedisCircuitBreakerStore
//                breaker. With --fail the calls are sequential and fail with a retriable error;
//                otherwise each admitted call INCRs C and waits until N refused calls INCRed R.
//   rate-limit   --key K [--limit 100] [--period 60]: RedisRateLimiter.acquire.
//   relay        --routes LISTEN=TARGET,… --delay-ms D --delay-file PATH: a TCP relay delaying each
//                direction by D ms while PATH exists (no Redis; see DelayRelay.swift).
import Foundation
import Logging
import TillPayments
import TillRedis
import TillResilience
import TillTestSupport
import TillWire

struct WorkerFailure: Error, CustomStringConvertible {
    let description: String
}

/// `--name value` pairs after the scenario.
struct Options {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    init(_ arguments: ArraySlice<String>) throws {
        var remaining = arguments
        while let name = remaining.popFirst() {
            guard name.hasPrefix("--") else { throw WorkerFailure(description: "unexpected argument \(name)") }
            if let value = remaining.first, !value.hasPrefix("--") {
                values[String(name.dropFirst(2))] = value
                remaining.removeFirst()
            } else {
                flags.insert(String(name.dropFirst(2)))
            }
        }
    }

    func string(_ name: String) throws -> String {
        guard let value = values[name] else { throw WorkerFailure(description: "--\(name) is required") }
        return value
    }

    func optionalString(_ name: String) -> String? { values[name] }

    func int(_ name: String, default fallback: Int64) throws -> Int64 {
        guard let text = values[name] else { return fallback }
        guard let value = Int64(text) else { throw WorkerFailure(description: "--\(name) must be an integer") }
        return value
    }

    func flag(_ name: String) -> Bool { flags.contains(name) }
}

/// A retriable failure of the pretend dependency.
struct DependencyDown: RetriableError {
    var isRetriable: Bool { true }
}

func outcome(for error: any Error) -> WorkerOutcome {
    switch error {
    case let open as CircuitOpenError:
        return .failure(open.wireError.code.rawValue, retryAfterMilliseconds: open.retryAfterMilliseconds)
    case is DependencyDown:
        return .failure("dependency_down")
    case let convertible as any WireErrorConvertible:
        return .failure(convertible.wireError.code.rawValue)
    default:
        return .failure("unexpected: \(error)")
    }
}

/// Announces readiness and waits for the test's go-ahead (see `TestWorker`).
func awaitBarrier(_ name: String, redis: RedisClient) async throws {
    try await redis.send("INCR", "\(name):ready")
    let deadline = ContinuousClock.now + .seconds(60)
    while try await redis.send("EXISTS", "\(name):go").int64 != 1 {
        guard ContinuousClock.now < deadline else { throw WorkerFailure(description: "no go-ahead within 60 s") }
        try await Task.sleep(for: .milliseconds(1))
    }
}

/// Waits until the counter at `key` reaches `target` (at most 30 s): a call holds the state it
/// created (a claim, a half-open probe) until every other caller has been refused.
func waitForCount(_ key: String, toReach target: Int64, redis: RedisClient) async throws {
    let deadline = ContinuousClock.now + .seconds(30)
    while try await redis.send("GET", key).int64 ?? 0 < target, ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(2))
    }
}

func concurrently(_ calls: Int64, _ call: @escaping @Sendable () async -> WorkerOutcome) async -> [WorkerOutcome] {
    await withTaskGroup(of: WorkerOutcome.self) { group in
        for _ in 0..<calls { group.addTask(operation: call) }
        return await group.reduce(into: []) { $0.append($1) }
    }
}

func idempotency(_ options: Options, redis: RedisClient, logger: Logger) async throws -> [WorkerOutcome] {
    let key = try options.string("key")
    let counter = try options.string("counter")
    let refused = try options.string("refused")
    let expectRefused = try options.int("expect-refused", default: 99)
    let executor = IdempotentExecutor(
        store: RedisIdempotencyStore(redis: redis, logger: logger), instance: "worker-\(getpid())", logger: logger
    )
    return await concurrently(try options.int("calls", default: 50)) {
        do {
            let result = try await executor.run(service: "test", method: "once", key: key, params: ["amount": 4999]) {
                let execution = try await redis.send("INCR", counter).int64 ?? -1
                try await waitForCount(refused, toReach: expectRefused, redis: redis)
                return ["execution": .integer(execution), "token": .string(UUID().uuidString)]
            }
            return .success(String(decoding: CanonicalJSON.encode(result), as: UTF8.self))
        } catch {
            let failure = outcome(for: error)
            if failure.code == "idempotency_in_progress" { _ = try? await redis.send("INCR", refused) }
            return failure
        }
    }
}

func breaker(_ options: Options, redis: RedisClient, logger: Logger) async throws -> [WorkerOutcome] {
    let breaker = CircuitBreaker(
        name: try options.string("name"),
        configuration: BreakerConfiguration(
            failureThreshold: Int(try options.int("threshold", default: 5)),
            recoveryTimeoutMilliseconds: try options.int("recovery-ms", default: 30_000),
            probeTimeoutMilliseconds: try options.int("probe-ms", default: 30_000)
        ),
        store: RedisCircuitBreakerStore(redis: redis),
        logger: logger
    )
    let calls = try options.int("calls", default: 1)
    if options.flag("fail") {
        var outcomes: [WorkerOutcome] = []
        for _ in 0..<calls {
            do {
                try await breaker.run { () async throws -> Void in throw DependencyDown() }
                outcomes.append(.success())
            } catch {
                outcomes.append(outcome(for: error))
            }
        }
        return outcomes
    }
    let counter = try options.string("counter")
    let refused = try options.string("refused")
    let expectRefused = try options.int("expect-refused", default: 39)
    return await concurrently(calls) {
        do {
            return try await breaker.run {
                try await redis.send("INCR", counter)
                try await waitForCount(refused, toReach: expectRefused, redis: redis)
                return .success("called")
            }
        } catch {
            let failure = outcome(for: error)
            if failure.code == "unavailable" { _ = try? await redis.send("INCR", refused) }
            return failure
        }
    }
}

func rateLimit(_ options: Options, redis: RedisClient) async throws -> [WorkerOutcome] {
    let key = try options.string("key")
    let limiter = RedisRateLimiter(
        redis: redis,
        rate: RateLimit(limit: try options.int("limit", default: 100), periodSeconds: try options.int("period", default: 60)),
        name: "test"
    )
    return await concurrently(try options.int("calls", default: 100)) {
        do {
            try await limiter.enforce(key: key)
            return .success("allowed")
        } catch let limited as RateLimitedError {
            return .failure(limited.wireError.code.rawValue, retryAfterMilliseconds: limited.retryAfterMilliseconds)
        } catch {
            return outcome(for: error)
        }
    }
}

func run(_ scenario: String, options: Options, redis: RedisClient, logger: Logger) async throws -> [WorkerOutcome] {
    try await redis.ping()
    if let barrier = options.optionalString("barrier") {
        try await awaitBarrier(barrier, redis: redis)
    }
    switch scenario {
    case "idempotency": return try await idempotency(options, redis: redis, logger: logger)
    case "breaker": return try await breaker(options, redis: redis, logger: logger)
    case "rate-limit": return try await rateLimit(options, redis: redis)
    default: throw WorkerFailure(description: "unknown scenario \(scenario)")
    }
}

func main() async throws {
    let arguments = CommandLine.arguments.dropFirst()
    guard let scenario = arguments.first else { throw WorkerFailure(description: "usage: till-test-worker <scenario> --redis-url URL …") }
    let options = try Options(arguments.dropFirst())
    if scenario == "relay" {
        try await DelayRelay.run(options)
        return
    }
    let logger = Logger(label: "till.test-worker", factory: { _ in SwiftLogNoOpLogHandler() })
    let redis = RedisClient(configuration: try RedisConfiguration(url: try options.string("redis-url")), logger: logger)
    let outcomes: [WorkerOutcome]
    do {
        outcomes = try await run(scenario, options: options, redis: redis, logger: logger)
        await redis.shutdown()
    } catch {
        await redis.shutdown()
        throw error
    }
    let report = try JSONEncoder().encode(WorkerReport(outcomes: outcomes))
    print(String(decoding: report, as: UTF8.self))
}

do {
    try await main()
} catch {
    FileHandle.standardError.write(Data("till-test-worker: \(error)\n".utf8))
    exit(1)
}
