import TillPayments
import TillRedis

extension PaymentLedger {
    // MARK: Payments awaiting the resolver

    /// Puts `paymentID` on the resolver's list, due `delayMilliseconds` from now.
    func markUnresolved(_ paymentID: String, delayMilliseconds: Int64 = 0) async throws(PaymentError) {
        _ = try await send(RedisCommand("ZADD", [PaymentKeys.unresolved, Self.nowMilliseconds() + delayMilliseconds, paymentID]))
    }

    /// Up to `limit` payments whose next look is due.
    func dueUnresolved(limit: Int) async throws(PaymentError) -> [String] {
        let reply = try await send(
            RedisCommand("ZRANGEBYSCORE", [PaymentKeys.unresolved, "-inf", Self.nowMilliseconds(), "LIMIT", 0, limit])
        )
        return (reply.array ?? []).compactMap(\.string)
    }

    /// Takes `paymentID` off the resolver's list.
    func markResolved(_ paymentID: String) async throws(PaymentError) {
        _ = try await send(RedisCommand("ZREM", [PaymentKeys.unresolved, paymentID]))
    }

    // MARK: Reconciliation

    /// Every payment whose last change is in `window`, ascending by payment id (byte order, as
    /// ``Reconciler`` requires).
    ///
    /// A `SCAN` of the payment records (nothing is indexed on the authorization's hot path), each
    /// batch's fields read in one pipelined round trip. Payments the gateway was never asked about
    /// (refused by the fraud screen, void tombstones, attempts that never reached it) are
    /// skipped: its report does not list them either.
    func records(in window: ReconciliationWindow, batch: Int = 1_000) async throws(PaymentError) -> [PaymentRecord] {
        var cursor = "0"
        var records: [PaymentRecord] = []
        repeat {
            let reply = try await send(RedisCommand("SCAN", [cursor, "MATCH", PaymentKeys.recordPattern, "COUNT", batch]))
            guard let parts = reply.array, parts.count == 2, let next = parts[0].string else {
                throw Self.corrupt("scan")
            }
            cursor = next
            let keys = (parts[1].array ?? []).compactMap(\.string)
            let ids = keys.compactMap(PaymentKeys.paymentID(ofRecordKey:))
            guard !ids.isEmpty else { continue }
            let replies: [RESPValue]
            do {
                replies = try await redis.pipeline(ids.map { RedisCommand("HGETALL", [PaymentKeys(paymentID: $0).record]) })
            } catch {
                throw Self.failure(error)
            }
            for (id, reply) in zip(ids, replies) {
                guard let record = PaymentRecord(paymentID: id, fields: Self.fieldMap(reply)),
                    record.reachedGateway, window.contains(record.updatedAt)
                else { continue }
                records.append(record)
            }
        } while cursor != "0"
        records.sort { $0.paymentID.utf8.lexicographicallyPrecedes($1.paymentID.utf8) }
        // SCAN may return a key more than once.
        var unique: [PaymentRecord] = []
        unique.reserveCapacity(records.count)
        for record in records where unique.last?.paymentID != record.paymentID { unique.append(record) }
        return unique
    }
}
