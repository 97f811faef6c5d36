/// What a driver sends: request number `index` of the run, however the workload builds it.
public protocol LoadTarget: Sendable {
    /// Sends request `index` and reports how it ended, with the scenario it belongs to. Never
    /// throws: every failure is an outcome to count.
    func send(_ index: Int) async -> (scenario: String, outcome: Outcome)
}

/// A target made of a closure: fake servers in tests, `ping` in the command.
public struct ClosureTarget: LoadTarget {
    private let body: @Sendable (Int) async -> (scenario: String, outcome: Outcome)

    /// A target that calls `body`.
    public init(_ body: @escaping @Sendable (Int) async -> (scenario: String, outcome: Outcome)) {
        self.body = body
    }

    public func send(_ index: Int) async -> (scenario: String, outcome: Outcome) {
        await self.body(index)
    }
}
