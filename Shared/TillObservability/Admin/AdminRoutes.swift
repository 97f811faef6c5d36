import Hummingbird
import Logging
import NIOCore
import Prometheus

/// The admin server's routes and their handlers.
struct AdminRoutes: Sendable {
    /// The content type Prometheus expects for the text exposition format.
    static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

    let registry: PrometheusCollectorRegistry
    let readiness: @Sendable () async -> Readiness
    let readinessTimeout: Duration

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: LogRequestsMiddleware(.debug))
        router.add(middleware: GetOnlyMiddleware())
        router.get("/metrics") { _, _ in self.metrics() }
        router.get("/healthz") { _, _ in Self.json(status: .ok, #"{"status":"ok"}"#) }
        router.get("/readyz") { _, _ in
            let readiness = await Self.evaluate(self.readiness, timeout: self.readinessTimeout)
            return Self.json(status: readiness.ready ? .ok : .serviceUnavailable, readiness.json)
        }
        return router
    }

    private func metrics() -> Response {
        var bytes: [UInt8] = []
        self.registry.emit(into: &bytes)
        var headers = HTTPFields()
        headers[.contentType] = Self.metricsContentType
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    private static func json(status: HTTPResponse.Status, _ body: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// The check's answer, or not-ready with `readiness: timeout` once `timeout` has passed; the
    /// check is then cancelled.
    static func evaluate(
        _ check: @escaping @Sendable () async -> Readiness,
        timeout: Duration
    ) async -> Readiness {
        await withTaskGroup(of: Readiness?.self) { group in
            group.addTask { await check() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? Readiness(ready: false, components: ["readiness": "timeout"])
        }
    }
}
