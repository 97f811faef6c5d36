import TillWire

extension SagaExecutor {
    /// The current view of `sagaID`, or `nil` if there is none.
    public func read(sagaID: String) async throws(SagaLogError) -> SagaRecord? {
        guard let stored = try await log.read(sagaID: sagaID) else { return nil }
        return view(of: stored)
    }

    /// The current views of `sagaIDs`, in order; missing ones are left out.
    public func read(sagaIDs: [String]) async throws(SagaLogError) -> [SagaRecord] {
        try await log.read(sagaIDs: sagaIDs).map { view(of: $0) }
    }

    /// The steps and context callers see of a saga at `progress`.
    func view(sagaID: String, input: Input, progress: SagaProgress) -> (steps: [SagaStepView], context: JSONValue) {
        (machine.stepViews(progress), definition.context(sagaID, input, progress.outputs(stepNames: stepNames)))
    }

    /// An ended saga's record as stored; a running one's steps and context replayed from its log,
    /// which is all the log append keeps current while the saga runs.
    func view(of stored: SagaStoredRecord) -> SagaRecord {
        guard let pending = stored.pending else { return stored.record }
        var record = stored.record
        let progress = machine.replay(pending.log)
        // An undecodable input cannot happen for a saga this definition created; keep the
        // creation-time context rather than fail the read.
        guard let input = try? codec.decode(Input.self, from: pending.input) else {
            record.steps = machine.stepViews(progress)
            return record
        }
        (record.steps, record.context) = view(sagaID: record.sagaID, input: input, progress: progress)
        return record
    }
}
