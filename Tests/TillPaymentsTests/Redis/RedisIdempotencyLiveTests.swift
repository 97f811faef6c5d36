import Foundation
import Synchronization
import Testing
import TillPayments
import TillRedis
import TillTestSupport
import TillWire

@Suite("Idempotency on Redis", .redisServer(), .timeLimit(.minutes(2)))
struct RedisIdempotencyLiveTests {
    static func executor(_ redis: RedisClient, leaseMilliseconds: Int64 = 10_000, renewalInterval: Duration? = nil) -> IdempotentExecutor {
        IdempotentExecutor(
            store: RedisIdempotencyStore(redis: redis, logger: LiveRedis.logger),
            instance: "payments-test",
            configuration: .init(leaseMilliseconds: leaseMilliseconds, renewalInterval: renewalInterval),
            logger: LiveRedis.logger
        )
    }

    static let params: JSONValue = ["payment_id": "pay_1", "amount": 4999, "currency": "USD", "wait": true]

    /// The code of a thrown error as the wire shows it.
    static func code(_ error: (any Error)?) -> String? {
        (error as? any WireErrorConvertible)?.wireError.code.rawValue
    }

    @Test("a replay returns the identical result without calling the handler again")
    func replay() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let idempotent = Self.executor(redis)
            let key = LiveRedis.unique()
            let calls = Atomic<Int>(0)
            func authorize() async throws -> JSONValue {
                try await idempotent.run(
                    service: "payments", method: "payments.authorize", key: key, params: Self.params, documented: .paymentsAuthorize
                ) {
                    calls.add(1, ordering: .relaxed)
                    return ["payment_id": "pay_1", "state": "authorized", "amount": .integer(Int64.max), "token": .string(UUID().uuidString)]
                }
            }
            let first = try await authorize()
            let second = try await authorize()
            #expect(second == first)
            #expect(calls.load(ordering: .relaxed) == 1)

            // Stored under the documented key, as the record the pure half defines, for 24 h.
            let storageKey = "till:idem:{payments.authorize:\(key)}"
            let stored = try #require(try await redis.send("GET", storageKey).bytes)
            let record = try JSONDecoder().decode(IdempotencyRecord.self, from: Data(stored))
            #expect(record == .completed(paramsHash: ParamsHash.compute(Self.params, documented: .paymentsAuthorize), result: first))
            let ttl = try await redis.send("TTL", storageKey).int64 ?? 0
            #expect(ttl > 86_000 && ttl <= 86_400)
        }
    }

    @Test("the same key with other parameters is a conflict; undocumented fields are not")
    func conflict() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let idempotent = Self.executor(redis)
            let key = LiveRedis.unique()
            func call(_ params: JSONValue) async throws -> JSONValue {
                try await idempotent.run(service: "payments", method: "capture", key: key, params: params, documented: .paymentsCapture) {
                    ["state": "captured"]
                }
            }
            _ = try await call(["payment_id": "pay_1", "amount": 100])
            #expect(try await call(["amount": 100, "payment_id": "pay_1", "note": "ignored"]) == ["state": "captured"])
            let error = await #expect(throws: PaymentError.self) { try await call(["payment_id": "pay_1", "amount": 101]) }
            #expect(error?.code == .idempotencyConflict)
            #expect(error?.retriable == false)
        }
    }

    @Test("while the first call runs, a repeat gets idempotency_in_progress")
    func inProgress() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let idempotent = Self.executor(redis)
            let key = LiveRedis.unique()
            let (started, startedContinuation) = AsyncStream<Void>.makeStream()
            let (release, releaseContinuation) = AsyncStream<Void>.makeStream()
            async let first = idempotent.run(service: "payments", method: "void", key: key, params: ["payment_id": "pay_1"]) {
                startedContinuation.yield()
                for await _ in release { break }
                return ["state": "voided"]
            }
            for await _ in started { break }
            let error = await #expect(throws: PaymentError.self) {
                try await idempotent.run(service: "payments", method: "void", key: key, params: ["payment_id": "pay_1"]) {
                    Issue.record("the handler ran twice")
                    return [:]
                }
            }
            #expect(error?.code == .idempotencyInProgress)
            #expect(error?.retriable == true)
            releaseContinuation.yield()
            #expect(try await first == ["state": "voided"])
        }
    }

    @Test("a retriable failure clears the key so the caller can retry")
    func retriableFailureReleases() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let idempotent = Self.executor(redis)
            let key = LiveRedis.unique()
            let calls = Atomic<Int>(0)
            await #expect(throws: PaymentError.self) {
                try await idempotent.run(service: "payments", method: "capture", key: key, params: [:]) {
                    calls.add(1, ordering: .relaxed)
                    throw PaymentError.timeout("gateway timed out")
                }
            }
            #expect(try await redis.send("EXISTS", "till:idem:{payments.capture:\(key)}").int64 == 0)
            let result = try await idempotent.run(service: "payments", method: "capture", key: key, params: [:]) {
                calls.add(1, ordering: .relaxed)
                return ["state": "captured"]
            }
            #expect(result == ["state": "captured"])
            #expect(calls.load(ordering: .relaxed) == 2)
        }
    }

    @Test("errors without a wire form and cancellations release the key too")
    func bugsAndCancellationsRelease() async throws {
        struct Bug: Error {}
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let idempotent = Self.executor(redis)
            let key = LiveRedis.unique()
            let storageKey = "till:idem:{payments.refund:\(key)}"
            await #expect(throws: Bug.self) {
                try await idempotent.run(service: "payments", method: "refund", key: key, params: [:]) { throw Bug() }
            }
            #expect(try await redis.send("EXISTS", storageKey).int64 == 0)

            let (started, startedContinuation) = AsyncStream<Void>.makeStream()
            let task = Task {
                try await idempotent.run(service: "payments", method: "refund", key: key, params: [:]) {
                    startedContinuation.yield()
                    try await Task.sleep(for: .seconds(60))
                    return [:]
                }
            }
            for await _ in started { break }
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(try await redis.send("EXISTS", storageKey).int64 == 0)
        }
    }

    @Test("a non-retriable failure is stored and replayed without calling the handler")
    func nonRetriableFailureReplays() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let idempotent = Self.executor(redis)
            let key = LiveRedis.unique()
            let calls = Atomic<Int>(0)
            func authorize() async throws -> JSONValue {
                try await idempotent.run(service: "payments", method: "authorize", key: key, params: Self.params) {
                    calls.add(1, ordering: .relaxed)
                    throw PaymentError.cardDeclined(declineCode: "do_not_honor")
                }
            }
            let original = await #expect(throws: PaymentError.self) { try await authorize() }
            let replayed = await #expect(throws: WireError.self) { try await authorize() }
            #expect(replayed == original?.wireError)
            #expect(replayed?.code.rawValue == "card_declined")
            #expect(replayed?.retriable == false)
            #expect(replayed?.details?["decline_code"] == "do_not_honor")
            #expect(calls.load(ordering: .relaxed) == 1)
        }
    }

    @Test("a first call costs two Redis commands and a replay one")
    func commandCounts() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let idempotent = Self.executor(redis)
            func call(_ key: String) async throws -> JSONValue {
                try await idempotent.run(service: "payments", method: "capture", key: key, params: ["amount": 1]) { ["ok": true] }
            }
            // Warm up: the first use of each script loads it (NOSCRIPT), and connections open.
            let warmUp = LiveRedis.unique("warm-up")
            for _ in 0..<4 { _ = try await call(warmUp) }

            let key = LiveRedis.unique()
            let beforeFirst = redis.commandsSent
            _ = try await call(key)
            let afterFirst = redis.commandsSent
            _ = try await call(key)
            let afterReplay = redis.commandsSent
            #expect(afterFirst - beforeFirst == 2)
            #expect(afterReplay - afterFirst == 1)
        }
    }

    @Test("typed results replay as the same value")
    func typedResult() async throws {
        struct Capture: Codable, Sendable, Equatable {
            var state: String
            var amount: Int64
        }
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let idempotent = Self.executor(redis)
            let key = LiveRedis.unique()
            let calls = Atomic<Int>(0)
            func capture() async throws -> Capture {
                try await idempotent.run(service: "payments", method: "capture", key: key, params: ["amount": 1], as: Capture.self) {
                    calls.add(1, ordering: .relaxed)
                    return Capture(state: "captured", amount: 9_007_199_254_740_993)
                }
            }
            #expect(try await capture() == Capture(state: "captured", amount: 9_007_199_254_740_993))
            #expect(try await capture() == Capture(state: "captured", amount: 9_007_199_254_740_993))
            #expect(calls.load(ordering: .relaxed) == 1)
        }
    }

    @Test("keys outside 1 to 255 characters are bad requests")
    func keyLength() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let idempotent = Self.executor(redis)
            for key in ["", String(repeating: "k", count: 256)] {
                let error = await #expect(throws: PaymentError.self) {
                    try await idempotent.run(service: "payments", method: "capture", key: key, params: [:]) { [:] }
                }
                #expect(error?.code == .badRequest)
                #expect(error?.details["field"] == "idempotency_key")
            }
        }
    }
}
