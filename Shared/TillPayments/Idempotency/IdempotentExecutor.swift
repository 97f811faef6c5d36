import Logging
import Synchronization
import TillCrypto
import TillResilience
import TillWire

/// Makes any async handler idempotent in one line (`WIRE.md`, "Idempotency"):
///
/// ```swift
/// let result = try await idempotent.run(
///     service: "payments", method: "authorize", key: context.idempotencyKey ?? "",
///     params: params, documented: .paymentsAuthorize
/// ) {
///     try await authorize(params)
/// }
/// ```
///
/// - The first call claims the key, runs `operation` while its lease is renewed (by the
///   executor's ``LeaseKeeper``, one task for all running calls), then stores the outcome: the result, or a non-retriable error. A retriable error (or a
///   cancellation, or an error that has no wire form) releases the key instead, so the caller
///   may try again. Two store round trips in all.
/// - A repeated call with the same parameters gets the stored result back (or the stored error
///   rethrown as a ``TillWire/WireError``) without running `operation`: one round trip.
/// - While the first call runs, a repeat gets `idempotency_in_progress` (retriable); a call with
///   other parameters gets `idempotency_conflict`. A claim whose owner died (its lease lapsed)
///   is taken over by the next call; the gateway call carries the same key, so the takeover
///   never charges twice.
///
/// Store failures surface as `unavailable` (or `internal` for a corrupt record) before
/// `operation` runs. After it ran, failing to store its outcome is logged rather than thrown:
/// the caller gets the real outcome, and the unstored claim lapses and is taken over by a retry.
public struct IdempotentExecutor: Sendable {
    /// Lease timing.
    public struct Configuration: Sendable, Hashable {
        /// How long a claim stays the owner's without renewal (10 s by default).
        public var leaseMilliseconds: Int64
        /// How often the owner renews its lease while `operation` runs (a third of the lease by
        /// default, so two renewals may fail before the lease lapses).
        public var renewalInterval: Duration

        /// Creates a configuration.
        public init(leaseMilliseconds: Int64 = 10_000, renewalInterval: Duration? = nil) {
            precondition(leaseMilliseconds >= 1, "an idempotency lease lasts at least a millisecond")
            self.leaseMilliseconds = leaseMilliseconds
            self.renewalInterval = renewalInterval ?? .milliseconds(max(1, leaseMilliseconds / 3))
        }
    }

    /// This process' name in claims (e.g. `payments-1`); each call's owner adds a unique suffix.
    public let instance: String
    /// Lease timing.
    public let configuration: Configuration
    private let store: any IdempotencyStore
    private let leases: LeaseKeeper
    private let logger: Logger

    /// Creates an executor over `store`.
    public init(store: any IdempotencyStore, instance: String, configuration: Configuration = Configuration(), logger: Logger) {
        self.store = store
        self.instance = instance
        self.configuration = configuration
        self.logger = logger
        self.leases = LeaseKeeper(store: store, configuration: configuration, logger: logger)
    }

    /// Runs `operation` at most once for (`service`, `method`, `key`) with these `params`.
    ///
    /// - Parameters:
    ///   - service: The service, e.g. `payments`.
    ///   - method: The method, as the verb (`authorize`) or the full name (`payments.authorize`);
    ///     either way the record is `till:idem:{payments.authorize:<key>}`.
    ///   - key: The client's idempotency key (1–255 characters, else `bad_request`).
    ///   - params: The request's parameters.
    ///   - documented: The parameters that take part in the hash; `nil` hashes all of `params`.
    /// - Returns: The result of this or of an earlier run.
    /// - Throws: What `operation` threw, or replays; `idempotency_in_progress`,
    ///   `idempotency_conflict`, `bad_request`, `unavailable` as described on the type.
    public func run(
        service: String,
        method: String,
        key: String,
        params: JSONValue,
        documented: DocumentedParams? = nil,
        operation: () async throws -> JSONValue
    ) async throws -> JSONValue {
        let paramsHash =
            documented.map { ParamsHash.compute(params, documented: $0) }
            ?? Hex.encode(Digest.sha256(CanonicalJSON.encode(params)))
        return try await run(service: service, method: method, key: key, paramsHash: paramsHash, operation: operation)
    }

    /// ``run(service:method:key:params:documented:operation:)`` with the params hash computed
    /// by the caller (``ParamsHash``).
    public func run(
        service: String,
        method: String,
        key: String,
        paramsHash: String,
        operation: () async throws -> JSONValue
    ) async throws -> JSONValue {
        let idempotencyKey = try Self.idempotencyKey(service: service, method: method, key: key)
        let owner = Self.makeOwner(instance: instance)
        let claim: IdempotencyClaim
        do {
            claim = try await store.claim(
                idempotencyKey, paramsHash: paramsHash, owner: owner, leaseMilliseconds: configuration.leaseMilliseconds
            )
        } catch {
            throw Self.storeFailure(error)
        }
        switch claim {
        case .claimed: break
        case .inProgress: throw PaymentError.idempotencyInProgress()
        case .conflict: throw PaymentError.idempotencyConflict()
        case .replay(.success(let result)): return result
        case .replay(.failure(let error)): throw error
        }

        let ticket = leases.keep(idempotencyKey, owner: owner)
        let outcome: Result<JSONValue, any Error>
        do {
            outcome = .success(try await operation())
        } catch {
            outcome = .failure(error)
        }
        leases.release(ticket)
        switch outcome {
        case .success(let result):
            await keep(.success(result), key: idempotencyKey, owner: owner)
            return result
        case .failure(let error):
            if let answer = Self.finalAnswer(error) {
                await keep(.failure(answer), key: idempotencyKey, owner: owner)
            } else {
                await release(idempotencyKey, owner: owner)
            }
            throw error
        }
    }

    // MARK: Outcomes

    /// The wire error to store for `error`, or `nil` if the key should be released: retriable
    /// errors and cancellations may succeed next time, and an error without a wire form is a bug,
    /// not an answer worth replaying for a day.
    static func finalAnswer(_ error: any Error) -> WireError? {
        guard !(error is CancellationError), !RetryClassification.isRetriable(error),
            let convertible = error as? any WireErrorConvertible
        else { return nil }
        let wire = convertible.wireError
        return wire.retriable ? nil : wire
    }

    private func keep(_ outcome: IdempotencyOutcome, key: IdempotencyKey, owner: String) async {
        do {
            if try await !store.complete(key, owner: owner, outcome: outcome) {
                logger.info("Idempotency claim lost before its outcome was stored", metadata: ["idempotency.key": "\(key)"])
            }
        } catch {
            logger.warning(
                "Idempotency outcome not stored; the claim lapses after its lease",
                metadata: ["idempotency.key": "\(key)", "error": "\(error)"]
            )
        }
    }

    private func release(_ key: IdempotencyKey, owner: String) async {
        do {
            try await store.release(key, owner: owner)
        } catch {
            logger.warning(
                "Idempotency claim not released; it lapses after its lease",
                metadata: ["idempotency.key": "\(key)", "error": "\(error)"]
            )
        }
    }

    /// The claims whose operation is running now (tests: none once every call returned).
    var runningClaims: Int { leases.count }

    // MARK: Keys and owners

    static func idempotencyKey(service: String, method: String, key: String) throws(PaymentError) -> IdempotencyKey {
        let verb = method.hasPrefix(service + ".") ? String(method.dropFirst(service.count + 1)) : method
        guard let idempotencyKey = IdempotencyKey(service: service, method: verb, key: key) else {
            throw .badRequest(field: "idempotency_key", "idempotency_key must be 1 to 255 characters")
        }
        return idempotencyKey
    }

    private static let processNonce = Hex.encode((0..<4).map { _ in UInt8.random(in: 0...255) })
    private static let sequence = Atomic<UInt64>(0)

    /// `<instance>:<process nonce>:<sequence>`: unique per call, so a call whose claim was taken
    /// over cannot act as its successor, even within one process.
    private static func makeOwner(instance: String) -> String {
        let number = sequence.wrappingAdd(1, ordering: .relaxed).newValue
        return "\(instance):\(processNonce):\(number)"
    }

    private static func storeFailure(_ error: any Error) -> PaymentError {
        RetryClassification.isRetriable(error)
            ? .unavailable("idempotency store unavailable", underlying: error)
            : .internal("idempotency store failed", underlying: error)
    }
}
