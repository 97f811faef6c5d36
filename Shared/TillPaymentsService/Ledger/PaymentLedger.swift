import Foundation
import TillPayments
import TillRedis
import TillResilience

/// The payments ledger in Redis: one record and one history per payment (``PaymentKeys``), every
/// state change one script of ``LedgerScripts`` (see there for the record's fields).
///
/// Times are this process' Unix seconds (history entries, reconciliation's event time); the
/// authorization lease compares milliseconds of the same clock, so replicas need clocks within a
/// fraction of the lease of each other (NTP).
public struct PaymentLedger: Sendable {
    /// How long a void tombstone (a void before any authorization) is remembered.
    public var tombstoneTTLSeconds: Int64 = 7 * 24 * 3600
    let redis: RedisClient

    /// A ledger on `redis`.
    public init(redis: RedisClient) {
        self.redis = redis
    }

    // MARK: Authorization

    /// What ``begin(paymentID:orderID:amount:currency:paramsHash:owner:leaseMilliseconds:source:)`` found.
    enum Begin: Sendable, Equatable {
        case proceed, busy, conflict, unknown, voidRequested
        case voided(code: String, message: String)
        case failed(code: String, message: String)
        case authorized(authorizationID: String, fraudJSON: String)
    }

    func begin(
        paymentID: String, orderID: String, amount: Int64, currency: String, paramsHash: String,
        owner: String, leaseMilliseconds: Int64, source: LedgerSource
    ) async throws(PaymentError) -> Begin {
        let reply = try await run(
            LedgerScripts.begin, paymentID,
            [paramsHash, orderID, amount, currency, owner, Self.nowMilliseconds(), leaseMilliseconds, Self.nowSeconds(), source.rawValue]
        )
        switch (reply.first, reply.count) {
        case ("proceed", _): return .proceed
        case ("busy", _): return .busy
        case ("conflict", _): return .conflict
        case ("unknown", _): return .unknown
        case ("void_requested", _): return .voidRequested
        case ("voided", 3): return .voided(code: reply[1], message: reply[2])
        case ("failed", 3): return .failed(code: reply[1], message: reply[2])
        case ("authorized", 3): return .authorized(authorizationID: reply[1], fraudJSON: reply[2])
        default: throw Self.corrupt("begin")
        }
    }

    /// What ``settle`` did.
    enum Settled: Sendable, Equatable {
        case ok
        /// A void arrived while the gateway worked; nothing was recorded but the answer's facts.
        case voidRequested
        /// Another attempt took the payment over; it moved on to `state`.
        case lost(state: String)
    }

    func settle(
        paymentID: String, owner: String, outcome: String, authorizationID: String? = nil,
        fraudJSON: String? = nil, error: PaymentError? = nil, reachedGateway: Bool, source: LedgerSource, event: PaymentEvent?
    ) async throws(PaymentError) -> Settled {
        let reply = try await run(
            LedgerScripts.settle, paymentID,
            [
                owner, outcome, authorizationID ?? "", fraudJSON ?? "", error?.code.rawValue ?? "",
                error?.message ?? "", Self.nowSeconds(), source.rawValue,
                event == nil ? "" : PaymentEvent.channel, event?.json() ?? "", reachedGateway ? "1" : "",
            ]
        )
        switch reply.first {
        case "ok": return .ok
        case "void_requested": return .voidRequested
        case "lost": return .lost(state: reply.count > 1 ? reply[1] : "")
        default: throw Self.corrupt("settle")
        }
    }

    /// Gives up an attempt that never reached the gateway; returns `voided` if a void had come.
    @discardableResult
    func abandon(paymentID: String, owner: String, source: LedgerSource) async throws(PaymentError) -> String {
        try await run(LedgerScripts.abandon, paymentID, [owner, Self.nowSeconds(), source.rawValue]).first ?? ""
    }

    // MARK: Void, capture, refund

    /// What the first step of a void found.
    enum VoidStart: Sendable, Equatable {
        /// Nothing was known: a tombstone now refuses a late authorization.
        case tombstone
        /// The authorization is at the gateway or unknown: it is voided once known.
        case voidRequested
        /// Any other state, with the authorization id if there is one.
        case found(state: String, authorizationID: String?)
    }

    func requestVoid(paymentID: String, source: LedgerSource, event: PaymentEvent) async throws(PaymentError) -> VoidStart {
        let reply = try await run(
            LedgerScripts.requestVoid, paymentID,
            [Self.nowSeconds(), source.rawValue, tombstoneTTLSeconds, PaymentEvent.channel, event.json()]
        )
        switch reply.first {
        case "tombstone": return .tombstone
        case "void_requested": return .voidRequested
        case let state? where reply.count == 2: return .found(state: state, authorizationID: reply[1].isEmpty ? nil : reply[1])
        default: throw Self.corrupt("void")
        }
    }

    /// What a transition, capture or refund script did.
    enum Moved: Sendable, Equatable {
        case ok(state: String, refunded: Int64)
        case same(state: String, refunded: Int64)
        case refused(state: String)
        case exceeds(limit: Int64)
        case missing
    }

    /// Moves the payment to `to` from one of `from`, setting `fields` too.
    func transition(
        paymentID: String, from: [String], to: String, source: LedgerSource, event: PaymentEvent?,
        fields: [(String, String)] = []
    ) async throws(PaymentError) -> Moved {
        var arguments: [any RedisArgumentConvertible] = [
            "," + from.joined(separator: ",") + ",", to, Self.nowSeconds(), source.rawValue,
            event == nil ? "" : PaymentEvent.channel, event?.json() ?? "",
        ]
        for (field, value) in fields { arguments += [field, value] }
        let reply = try await run(LedgerScripts.transition, paymentID, arguments)
        switch reply.first {
        case "ok": return .ok(state: to, refunded: 0)
        case "same": return .same(state: to, refunded: 0)
        case "refused" where reply.count == 2: return .refused(state: reply[1])
        case "missing": return .missing
        default: throw Self.corrupt("transition")
        }
    }

    /// Records a capture of `amount` from one of `from` (a capture with the same amount already
    /// recorded is `.same`).
    func capture(paymentID: String, amount: Int64, from: [String], source: LedgerSource, event: PaymentEvent) async throws(PaymentError) -> Moved {
        let reply = try await run(
            LedgerScripts.capture, paymentID,
            [amount, Self.nowSeconds(), source.rawValue, PaymentEvent.channel, event.json(), "," + from.joined(separator: ",") + ","]
        )
        switch reply.first {
        case "ok": return .ok(state: "captured", refunded: 0)
        case "same": return .same(state: "captured", refunded: 0)
        case "refused" where reply.count == 2: return .refused(state: reply[1])
        case "exceeds" where reply.count == 2: return .exceeds(limit: Int64(reply[1]) ?? 0)
        case "missing": return .missing
        default: throw Self.corrupt("capture")
        }
    }

    /// Records refund `refundID` of `amount`, once per refund id.
    func refund(paymentID: String, refundID: String, amount: Int64, source: LedgerSource, event: PaymentEvent) async throws(PaymentError) -> Moved {
        let reply = try await run(
            LedgerScripts.refund, paymentID,
            [refundID, amount, Self.nowSeconds(), source.rawValue, PaymentEvent.channel, event.json()]
        )
        switch reply.first {
        case "ok" where reply.count == 3: return .ok(state: reply[1], refunded: Int64(reply[2]) ?? 0)
        case "same" where reply.count == 3: return .same(state: reply[1], refunded: Int64(reply[2]) ?? 0)
        case "refused" where reply.count == 2: return .refused(state: reply[1])
        case "exceeds" where reply.count == 3: return .exceeds(limit: Int64(reply[2]) ?? 0)
        case "missing": return .missing
        default: throw Self.corrupt("refund")
        }
    }

    // MARK: Reads

    /// The record of `paymentID`, or `nil`.
    public func record(_ paymentID: String) async throws(PaymentError) -> PaymentRecord? {
        let reply = try await send(RedisCommand("HGETALL", [PaymentKeys(paymentID: paymentID).record]))
        return PaymentRecord(paymentID: paymentID, fields: Self.fieldMap(reply))
    }

    /// The record and history of `paymentID` in one round trip, or `nil`.
    public func recordWithHistory(_ paymentID: String) async throws(PaymentError) -> (PaymentRecord, [String])? {
        let keys = PaymentKeys(paymentID: paymentID)
        let replies: [RESPValue]
        do {
            replies = try await redis.pipeline([RedisCommand("HGETALL", [keys.record]), RedisCommand("LRANGE", [keys.history, 0, -1])])
        } catch {
            throw Self.failure(error)
        }
        guard replies.count == 2, let record = PaymentRecord(paymentID: paymentID, fields: Self.fieldMap(replies[0])) else { return nil }
        return (record, (replies[1].array ?? []).compactMap(\.string))
    }

    static func fieldMap(_ reply: RESPValue) -> [String: String] {
        guard let flat = reply.array else { return [:] }
        var fields: [String: String] = [:]
        var index = 0
        while index + 1 < flat.count {
            if let key = flat[index].string { fields[key] = flat[index + 1].string }
            index += 2
        }
        return fields
    }

    // MARK: Plumbing

    func run(_ script: RedisScript, _ paymentID: String, _ arguments: [any RedisArgumentConvertible]) async throws(PaymentError) -> [String] {
        let keys = PaymentKeys(paymentID: paymentID)
        do {
            let reply = try await redis.evaluate(script, keys: [keys.record, keys.history], arguments: arguments)
            if let array = reply.array { return array.map { $0.string ?? $0.int64.map(String.init) ?? "" } }
            return reply.string.map { [$0] } ?? []
        } catch {
            throw Self.failure(error)
        }
    }

    func send(_ command: RedisCommand) async throws(PaymentError) -> RESPValue {
        do {
            return try await redis.send(command)
        } catch {
            throw Self.failure(error)
        }
    }

    static func failure(_ error: RedisError) -> PaymentError {
        error.isRetriable
            ? .unavailable("the payments ledger is unavailable", underlying: error)
            : .internal("a payments ledger command failed", underlying: error)
    }

    static func corrupt(_ operation: String) -> PaymentError {
        .internal("unexpected ledger reply to \(operation)")
    }

    static func nowSeconds() -> Int64 { Int64(Date().timeIntervalSince1970) }
    static func nowMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
