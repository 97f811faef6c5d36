import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Checks whether a process of the stack is ready, once or until it is.
struct ReadinessProbe: Sendable {
    /// One check's verdict.
    enum Verdict: Sendable, Hashable {
        /// Ready for traffic.
        case ready
        /// Not (yet) ready, and why: `/readyz answered 503 {…}`, `connection refused`.
        case notReady(String)
    }

    /// How waiting for a started process ended.
    enum Outcome: Sendable, Hashable {
        /// It became ready.
        case ready
        /// It exited first.
        case exited(ChildProcess.Status)
        /// It was still not ready at the deadline; the last reason.
        case timedOut(String)
    }

    /// The HTTP client for `/readyz`.
    var httpClient: HTTPClient = .shared
    /// The longest one check may take.
    var attemptTimeout: Duration = .seconds(2)
    /// The pause between checks of a process that is not ready yet.
    var retryInterval: Duration = .milliseconds(200)
    /// The most of a `/readyz` body quoted in a reason.
    static let quotedBodyLimit = 200

    /// Checks `health` once.
    func check(_ health: HealthCheck) async -> Verdict {
        switch health {
        case .redisPing(let host, let port):
            let endpoint = RedisEndpoint(host: host, port: port, username: nil, password: nil, database: 0)
            do {
                switch try await RedisPing.ping(endpoint, timeout: self.attemptTimeout) {
                case .pong: return .ready
                case .refused(let reply): return .notReady("redis answered \(reply)")
                }
            } catch {
                return .notReady(NetworkErrorText.describe(error))
            }
        case .readyz(let host, let port):
            return await self.get("http://\(host):\(port)/readyz", requiringOK: true)
        case .httpAnswers(let host, let port):
            return await self.get("http://\(host):\(port)/", requiringOK: false)
        }
    }

    /// Checks `child` until it is ready, exits, or `deadline` passes.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (Ctrl-C during start-up).
    func waitUntilReady(_ child: ChildProcess, deadline: ContinuousClock.Instant) async throws -> Outcome {
        var reason = "not checked yet"
        while true {
            try Task.checkCancellation()
            let status = child.status
            guard status == .running else { return .exited(status) }
            switch await self.check(child.plan.health) {
            case .ready:
                let port = child.plan.health.port
                // Someone answered; make sure it is the child and not another program on its port.
                guard ListeningSockets.isHeld(port: port, by: child.identity.pid) == false else { return .ready }
                reason = "port \(port) answers, but another process holds it"
            case .notReady(let why):
                reason = why
            }
            guard ContinuousClock.now < deadline else { return .timedOut(reason) }
            try await Task.sleep(for: self.retryInterval)
        }
    }

    private func get(_ url: String, requiringOK: Bool) async -> Verdict {
        let request = HTTPClientRequest(url: url)
        do {
            let response = try await self.httpClient.execute(request, timeout: TimeAmount(self.attemptTimeout))
            let body = try await response.body.collect(upTo: 64 * 1024)
            if response.status == .ok || !requiringOK {
                return .ready
            }
            var text = String(buffer: body).filter { !$0.isNewline }
            if text.count > Self.quotedBodyLimit {
                text = String(text.prefix(Self.quotedBodyLimit)) + "…"
            }
            return .notReady("/readyz answered \(response.status.code)\(text.isEmpty ? "" : " \(text)")")
        } catch {
            return .notReady(NetworkErrorText.describe(error))
        }
    }
}
