import Logging
import ServiceLifecycle
import TillPayments
import TillRedis

/// Reconciles the previous day (T-1, UTC) once, on one replica: every `checkInterval` each
/// replica tries to take the day's lock (`SET till:payments:reconcile:{<day start>} … NX`); the
/// one that gets it runs the reconciliation and marks the day done (kept for a week), so no
/// other replica runs it again. A run that fails releases the lock and is retried at the next
/// check, by whichever replica gets there first.
///
/// Every `missing_gateway` discrepancy (Till thinks money moved, the gateway has no record: almost
/// always a bug) is logged at error level and published as `payment.reconcile_alert`; the run's
/// summary is published as `payment.reconciled`.
public struct DailyReconciliation: Service {
    /// Timing.
    public struct Configuration: Sendable {
        /// How often replicas check whether yesterday still needs reconciling.
        public var checkInterval: Duration = .seconds(60)
        /// The length of the period reconciled (a day; shorter in tests).
        public var periodSeconds: Int64 = 86_400
        /// How long a running reconciliation holds its lock before another replica may take over.
        public var runLeaseSeconds: Int64 = 3_600

        /// The defaults.
        public init() {}
    }

    private let service: PaymentsService
    private let redis: RedisClient
    private let instance: String
    private let configuration: Configuration
    private let logger: Logger

    /// A daily reconciliation through `service`, locking in `redis` under this `instance`'s name.
    public init(service: PaymentsService, redis: RedisClient, instance: String, configuration: Configuration = Configuration(), logger: Logger) {
        self.service = service
        self.redis = redis
        self.instance = instance
        self.configuration = configuration
        self.logger = logger
    }

    /// Checks every `checkInterval`, the first time one interval after start: a replica that
    /// just started (or restarts in a loop) does not add its report pull to the gateway's load
    /// at once, and one of the replicas that stay up runs the day.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: configuration.checkInterval)
                guard !Task.isCancelled else { return }
                await runIfDue(now: PaymentLedger.nowSeconds())
            }
        }
    }

    /// The lock of the period starting at `start`.
    static func lockKey(periodStart start: Int64) -> String { "till:payments:reconcile:{\(start)}" }

    /// Reconciles the period before the one containing `now`, unless a replica has or is doing so.
    /// Returns the report if this call ran it.
    @discardableResult
    public func runIfDue(now: Int64) async -> ReconciliationReport? {
        let period = configuration.periodSeconds
        let until = now - now % period
        let window = ReconciliationWindow(since: until - period, until: until)
        let key = Self.lockKey(periodStart: window.since)
        do {
            let claimed = try await redis.send("SET", key, "running:\(instance)", "NX", "EX", configuration.runLeaseSeconds)
            guard !claimed.isNull else { return nil }
        } catch {
            logger.info("Reconciliation lock not checked", metadata: ["error": "\(error)"])
            return nil
        }
        do {
            let report = try await service.reconcileReport(window: window) { [redis, logger] discrepancy in
                await ReconcileAlert.raise(for: discrepancy, redis: redis, logger: logger)
            }
            try await redis.send("SET", key, "done:\(instance)", "EX", 8 * 86_400)
            logger.info(
                "Reconciliation finished",
                metadata: ["reconcile.since": "\(window.since)", "reconcile.until": "\(window.until)", "reconcile.summary": "\(report.summary)"]
            )
            let event = PaymentEvent("payment.reconciled", paymentID: nil, traceID: nil, detail: report.summary)
            _ = try? await redis.publish(PaymentEvent.channel, event.json())
            return report
        } catch {
            logger.warning("Reconciliation failed; retried at the next check", metadata: ["error": "\(error)"])
            _ = try? await redis.send("DEL", key)
            return nil
        }
    }
}
