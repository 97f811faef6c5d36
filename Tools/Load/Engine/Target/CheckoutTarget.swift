import TillWire

/// Drives `checkout.start` with the orders of an ``OrderFactory``.
///
/// A failure that never reached a server, or that says a replica is going away (transport error,
/// `unavailable`, `overloaded`), is resent with the same `order_id` — safe, since `checkout.start`
/// is idempotent on it — and the client picks another replica: that is the fail-over when an
/// orchestrator stops answering. The latency includes the retries, as a user would see it.
public struct CheckoutTarget: LoadTarget {
    /// Builds the orders.
    public let factory: OrderFactory
    /// The stack.
    public let stack: any StackAccess
    /// The budget of one submission (the orchestrator's `wait` answers before it).
    public let deadline: Duration
    /// Submissions of one order at most (the first plus fail-overs).
    public let attempts: Int

    /// A target.
    public init(factory: OrderFactory, stack: any StackAccess, deadline: Duration = .seconds(30), attempts: Int = 3) {
        self.factory = factory
        self.stack = stack
        self.deadline = deadline
        self.attempts = max(1, attempts)
    }

    public func send(_ index: Int) async -> (scenario: String, outcome: Outcome) {
        let (order, isDuplicate) = self.factory.request(index)
        let scenario = isDuplicate ? "duplicate" : order.scenario.rawValue
        let clock = ContinuousClock()
        let end = clock.now + self.deadline
        var attempt = 1
        while true {
            do throws(RPCError) {
                let saga = try await self.stack.startCheckout(order, catalogue: self.factory.catalogue, deadline: end - clock.now)
                return (scenario, .answered(state: saga.state))
            } catch {
                guard attempt < self.attempts, Self.failsOver(error), end - clock.now > .milliseconds(100) else {
                    return (scenario, .failed(code: error.code.rawValue))
                }
                attempt += 1
            }
        }
    }

    /// Whether `error` means "try another replica" rather than an answer about the order.
    static func failsOver(_ error: RPCError) -> Bool {
        error.source == .transport || error.code == .unavailable || error.code == .overloaded
    }
}

/// Drives `orchestrator.ping`: the client's own overhead, since the server does no work.
public struct PingTarget: LoadTarget {
    /// The stack.
    public let stack: any StackAccess
    /// The budget of one ping.
    public let deadline: Duration

    /// A target.
    public init(stack: any StackAccess, deadline: Duration = .seconds(5)) {
        self.stack = stack
        self.deadline = deadline
    }

    public func send(_ index: Int) async -> (scenario: String, outcome: Outcome) {
        do throws(RPCError) {
            try await self.stack.ping(deadline: self.deadline)
            return ("ping", .answered(state: "ok"))
        } catch {
            return ("ping", .failed(code: error.code.rawValue))
        }
    }
}
