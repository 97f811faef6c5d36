import Logging
import ServiceLifecycle

/// Keeps the leases of the sagas this process drives while their steps take long.
///
/// Every log append renews a lease already, so only sagas whose last append is older than
/// `interval` are renewed here, all in one pipelined round trip per tick. A saga found fenced
/// (adopted elsewhere) is marked so that its drive stops before writing again.
public struct SagaLeaseRenewer<Input: Codable & Sendable>: Service {
    let executor: SagaExecutor<Input>
    let interval: Duration
    let logger: Logger

    /// - Parameter interval: at most a third of the lease, so two renewals can fail before it lapses.
    public init(executor: SagaExecutor<Input>, interval: Duration, logger: Logger) {
        self.executor = executor
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            // Renew until the drives stop: the runner still drains them during shutdown.
            await renewOnce()
        }
        // Shutdown: drives still draining keep their leases through their appends.
    }

    func renewOnce() async {
        let stale = executor.staleLeases(before: .now - interval)
        guard !stale.isEmpty else { return }
        do {
            let fenced = try await executor.log.renew(stale, owner: executor.owner, lease: executor.lease)
            for sagaID in fenced {
                executor.registry.markFenced(sagaID)
            }
            for item in stale where !fenced.contains(item.sagaID) {
                executor.registry.refreshed(item.sagaID)
            }
        } catch {
            logger.warning("saga lease renewal failed", metadata: ["error": "\(error)", "saga.count": "\(stale.count)"])
        }
    }
}
