import NIOCore

/// Which connection a call uses, which to open, and which replicas to leave alone for a while.
///
/// Each replica has `connectionsPerAddress` slots. Calls use ready connections round-robin across all
/// replicas; an idle slot of a healthy replica is connected on demand; a replica whose connection
/// attempt failed is skipped until its backoff passes, so calls fail over to the others.
/// Pure: `Connection` and `Attempt` (a connection being established) are the owner's types.
struct ConnectionPoolStateMachine<Connection, Attempt> {
    struct SlotID: Hashable, Sendable {
        var address: Int
        var index: Int
    }

    private enum Slot {
        case idle
        case connecting(Attempt)
        case ready(Connection)
    }

    private struct Replica {
        var slots: [Slot]
        var failures = 0
        var retryAt: NIODeadline?
        var lastError: RPCError?

        func isEligible(at now: NIODeadline) -> Bool {
            retryAt.map { $0 <= now } ?? true
        }
    }

    enum Acquire {
        /// Use this connection; also start connecting `alsoConnect` in the background.
        case use(Connection, alsoConnect: (SlotID, Attempt)?)
        /// Establish this connection (the caller connects and reports back), then use it.
        case connect(SlotID, Attempt)
        /// Wait for a connection being established by someone else.
        case wait(Attempt)
        case fail(RPCError)
    }

    private var replicas: [Replica]
    private var readyCursor = 0
    private var replicaCursor = 0
    private(set) var isShutdown = false

    init(addressCount: Int, connectionsPerAddress: Int) {
        precondition(addressCount > 0 && connectionsPerAddress > 0, "a pool needs addresses and slots")
        replicas = Array(repeating: Replica(slots: Array(repeating: .idle, count: connectionsPerAddress)), count: addressCount)
    }

    /// Chooses how the next call gets a connection. `makeAttempt` is called only when a connection
    /// is to be established.
    mutating func acquire(now: NIODeadline, makeAttempt: () -> Attempt) -> Acquire {
        guard !isShutdown else { return .fail(.transport("the client is shut down")) }

        var readyCount = 0
        var waitFor: Attempt?
        for replica in replicas {
            for slot in replica.slots {
                switch slot {
                case .ready: readyCount += 1
                case .connecting(let attempt): waitFor = waitFor ?? attempt
                case .idle: break
                }
            }
        }
        if readyCount > 0, let connection = readyConnection(at: readyCursor % readyCount) {
            readyCursor &+= 1
            // Grow towards the full pool while calls flow, one connection at a time.
            let grow = waitFor == nil ? claimIdleSlot(now: now, makeAttempt: makeAttempt) : nil
            return .use(connection, alsoConnect: grow)
        }
        if let waitFor { return .wait(waitFor) }
        if let (slot, attempt) = claimIdleSlot(now: now, makeAttempt: makeAttempt) {
            return .connect(slot, attempt)
        }
        // A refusal by a server (e.g. `unauthenticated`) is more useful to the caller than "unreachable".
        guard let lastError = replicas.compactMap(\.lastError).last else {
            return .fail(.transport("no replica is reachable"))
        }
        return .fail(lastError.source == .server ? lastError : .transport("no replica is reachable: \(lastError.message)"))
    }

    private func readyConnection(at position: Int) -> Connection? {
        var remaining = position
        for replica in replicas {
            for case .ready(let connection) in replica.slots {
                if remaining == 0 { return connection }
                remaining -= 1
            }
        }
        return nil
    }

    private mutating func claimIdleSlot(now: NIODeadline, makeAttempt: () -> Attempt) -> (SlotID, Attempt)? {
        for offset in 0..<replicas.count {
            let address = (replicaCursor + offset) % replicas.count
            guard replicas[address].isEligible(at: now),
                let index = replicas[address].slots.firstIndex(where: { if case .idle = $0 { true } else { false } })
            else { continue }
            replicaCursor = (address + 1) % replicas.count
            let attempt = makeAttempt()
            replicas[address].slots[index] = .connecting(attempt)
            return (SlotID(address: address, index: index), attempt)
        }
        return nil
    }

    /// The attempt succeeded. Returns `false` if the pool shut down meanwhile (close the connection).
    mutating func connected(_ slot: SlotID, _ connection: Connection) -> Bool {
        guard !isShutdown else { return false }
        replicas[slot.address].slots[slot.index] = .ready(connection)
        replicas[slot.address].failures = 0
        replicas[slot.address].retryAt = nil
        replicas[slot.address].lastError = nil
        return true
    }

    /// The attempt failed: the replica is skipped until `retryAt`.
    mutating func connectFailed(_ slot: SlotID, error: RPCError, retryAt: NIODeadline) {
        guard !isShutdown else { return }
        replicas[slot.address].slots[slot.index] = .idle
        replicas[slot.address].failures += 1
        replicas[slot.address].retryAt = retryAt
        replicas[slot.address].lastError = error
    }

    /// Consecutive failed attempts on the replica of `slot` (for its backoff).
    func failures(of slot: SlotID) -> Int { replicas[slot.address].failures }

    /// A ready connection closed; its slot is free to reconnect.
    mutating func closed(_ slot: SlotID) {
        guard !isShutdown, case .ready = replicas[slot.address].slots[slot.index] else { return }
        replicas[slot.address].slots[slot.index] = .idle
    }

    /// Stops handing out connections; returns the open ones to shut down, or `nil` if already shut down.
    mutating func shutdown() -> [Connection]? {
        guard !isShutdown else { return nil }
        isShutdown = true
        var open: [Connection] = []
        for address in replicas.indices {
            for index in replicas[address].slots.indices {
                if case .ready(let connection) = replicas[address].slots[index] { open.append(connection) }
                replicas[address].slots[index] = .idle
            }
        }
        return open
    }
}
