/// Where idempotency records live: Redis in production (`SET … NX EX 86400` to claim, Lua scripts
/// that check the owner before completing, releasing or renewing). Every operation is atomic and
/// follows ``IdempotencyRecord/resolve(_:paramsHash:now:)``.
public protocol IdempotencyStore: Sendable {
    /// Claims `key` for `owner` until `leaseMilliseconds` from now, or reports what holds it.
    func claim(_ key: IdempotencyKey, paramsHash: String, owner: String, leaseMilliseconds: Int64) async throws -> IdempotencyClaim

    /// Stores the finished outcome, if `owner` still holds the claim; returns whether it did.
    @discardableResult
    func complete(_ key: IdempotencyKey, owner: String, outcome: IdempotencyOutcome) async throws -> Bool

    /// Deletes the claim after a retriable failure, if `owner` still holds it, so the caller can retry.
    @discardableResult
    func release(_ key: IdempotencyKey, owner: String) async throws -> Bool

    /// Extends `owner`'s lease while it works; `false` if the claim was lost (taken over or gone).
    func renew(_ key: IdempotencyKey, owner: String, leaseMilliseconds: Int64) async throws -> Bool
}
