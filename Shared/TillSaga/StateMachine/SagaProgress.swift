import TillWire

/// A saga's log folded into the status of every step: the state machine's input.
public struct SagaProgress: Sendable, Hashable {
    /// The status of one action or compensation.
    public enum Status: Sendable, Hashable {
        case notStarted
        /// Started and not finished: running now, or its runner died (maybe done).
        case inFlight
        case succeeded
        case failed(maybeDone: Bool)
    }

    /// What the log says about one step.
    public struct Step: Sendable, Hashable {
        public var action: Status = .notStarted
        public var actionAttempts = 0
        public var compensation: Status = .notStarted
        /// Compensation attempts over all rounds (the numbering in the log).
        public var compensationAttempts = 0
        /// Compensation attempts since the last operator re-drive (what the retry limit counts).
        public var compensationAttemptsInRound = 0
        /// Why the action failed, if it did.
        public var actionError: WireError?
        /// Why the compensation last failed, if it did.
        public var compensationError: WireError?
        /// The action's output once it succeeded.
        public var output: JSONValue?
    }

    public private(set) var steps: [Step]
    private let index: [String: Int]
    /// Operator re-drives so far.
    public private(set) var recoveryRounds = 0

    /// Progress of a saga whose log is empty.
    public init(stepNames: [String]) {
        self.steps = Array(repeating: Step(), count: stepNames.count)
        self.index = Dictionary(stepNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Folds `record` in. Records of steps this definition does not know are ignored.
    public mutating func apply(_ record: SagaLogRecord) {
        if record.kind == .recovery {
            recoveryRounds += 1
            for i in steps.indices { steps[i].compensationAttemptsInRound = 0 }
            return
        }
        guard let i = index[record.step] else { return }
        switch (record.kind, record.phase) {
        case (.action, .started):
            steps[i].action = .inFlight
            steps[i].actionAttempts = max(steps[i].actionAttempts, record.attempt)
        case (.action, .succeeded):
            steps[i].action = .succeeded
            steps[i].output = record.output
        case (.action, .failed):
            steps[i].action = .failed(maybeDone: record.maybeDone ?? true)
            steps[i].actionError = record.error
        case (.compensation, .started):
            steps[i].compensation = .inFlight
            if record.attempt > steps[i].compensationAttempts {
                steps[i].compensationAttemptsInRound += 1
            }
            steps[i].compensationAttempts = max(steps[i].compensationAttempts, record.attempt)
        case (.compensation, .succeeded):
            steps[i].compensation = .succeeded
        case (.compensation, .failed):
            steps[i].compensation = .failed(maybeDone: record.maybeDone ?? true)
            steps[i].compensationError = record.error
        case (.recovery, _):
            break
        }
    }

    /// Folds every record of `log` in, in order.
    public mutating func apply(_ log: some Sequence<SagaLogRecord>) {
        for record in log { apply(record) }
    }

    /// The outputs of the steps that succeeded, by name.
    public func outputs(stepNames: [String]) -> [String: JSONValue] {
        var outputs: [String: JSONValue] = [:]
        for (i, step) in steps.enumerated() where step.action == .succeeded {
            outputs[stepNames[i]] = step.output ?? .null
        }
        return outputs
    }
}
