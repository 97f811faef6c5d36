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
    /// A `SCAN` of the payment records (nothing is indexed on the authorization's hot path; on
    /// Redis Cluster, of every master), their fields read `batch` records per pipelined round
    /// trip. Payments the gateway was never asked about (refused by the fraud screen, void
    /// tombstones, attempts that never reached it) are skipped: its report does not list them either.
    func records(in window: ReconciliationWindow, batch: Int = 1_000) async throws(PaymentError) -> [PaymentRecord] {
        let ids: [String]
        do {
            ids = try await redis.keys(matching: PaymentKeys.recordPattern, batch: batch).compactMap(PaymentKeys.paymentID(ofRecordKey:))
        } catch {
            throw Self.failure(error)
        }
        var records: [PaymentRecord] = []
        var start = 0
        while start < ids.count {
            let chunk = ids[start..<min(start + max(1, batch), ids.count)]
            start = chunk.endIndex
            let replies: [RESPValue]
            do {
                replies = try await redis.pipeline(chunk.map { RedisCommand("HGETALL", [PaymentKeys(paymentID: $0).record]) })
            } catch {
                throw Self.failure(error)
            }
            for (id, reply) in zip(chunk, replies) {
                guard let record = PaymentRecord(paymentID: id, fields: Self.fieldMap(reply)),
                    record.reachedGateway, window.contains(record.updatedAt)
                else { continue }
                records.append(record)
            }
        }
        records.sort { $0.paymentID.utf8.lexicographicallyPrecedes($1.paymentID.utf8) }
        // SCAN may return a key more than once.
        var unique: [PaymentRecord] = []
        unique.reserveCapacity(records.count)
        for record in records where unique.last?.paymentID != record.paymentID { unique.append(record) }
        return unique
    }
}
