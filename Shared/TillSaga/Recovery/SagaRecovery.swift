import Logging
import Metrics
import ServiceLifecycle

/// Finds running sagas whose owner died and finishes them here.
///
/// Every `scanInterval` it reads the sagas whose lease due time passed from the kind's due index,
/// tries to adopt each (a new fencing token; only if the lease really lapsed), replays its log and
/// resumes it: forward if no step failed, otherwise compensating. Stale index entries (sagas that
/// ended or never got created) are repaired on the way. Any number of orchestrators may scan at
/// once: adoption is one atomic script, so each saga gets exactly one new owner.
public struct SagaRecovery<Input: Codable & Sendable>: Service {
    let executor: SagaExecutor<Input>
    let scanInterval: Duration
    let batchSize: Int
    let logger: Logger

    public init(executor: SagaExecutor<Input>, scanInterval: Duration, batchSize: Int = 200, logger: Logger) {
        self.executor = executor
        self.scanInterval = scanInterval
        self.batchSize = batchSize
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully {
            do {
                try await Task.sleep(for: scanInterval)
            } catch {
                return
            }
            guard !Task.isShuttingDownGracefully else { return }
            _ = await scanOnce()
        }
    }

    /// One scan; returns how many sagas were adopted.
    @discardableResult
    public func scanOnce() async -> Int {
        let log = executor.log
        let due: [String]
        do {
            due = try await log.dueSagas(limit: batchSize)
        } catch {
            logger.warning("saga recovery scan failed", metadata: ["error": "\(error)"])
            return 0
        }
        var adopted = 0
        for sagaID in due {
            do {
                // Driven here already (a renewal hiccup let its due time pass): not an orphan.
                if executor.isDriving(sagaID) {
                    try await log.postpone(sagaID: sagaID, by: executor.lease)
                    continue
                }
                switch try await log.adopt(sagaID: sagaID, owner: executor.owner, lease: executor.lease) {
                case .missing:
                    try await log.dropFromIndexes(sagaID: sagaID)
                case .terminal(let state):
                    try await log.moveIndex(sagaID: sagaID, from: .running, to: state, due: nil)
                case .held(let remaining):
                    try await log.postpone(sagaID: sagaID, by: remaining)
                case .adopted(let ownership):
                    executor.metrics.adopted.increment()
                    logger.info(
                        "saga adopted",
                        metadata: ["saga.id": "\(sagaID)", "saga.token": "\(ownership.token)", "saga.log.count": "\(ownership.log.count)"]
                    )
                    try await log.postpone(sagaID: sagaID, by: executor.lease)
                    try executor.resume(ownership)
                    adopted += 1
                }
            } catch {
                logger.warning("saga adoption failed", metadata: ["saga.id": "\(sagaID)", "error": "\(error)"])
            }
        }
        return adopted
    }
}
