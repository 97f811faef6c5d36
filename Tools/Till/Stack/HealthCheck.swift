/// How `till` decides whether one process of the stack is ready.
enum HealthCheck: Codable, Sendable, Hashable {
    /// Redis answers `PING` with `PONG` on `host:port`.
    case redisPing(host: String, port: Int)
    /// `GET http://host:port/readyz` answers 200 (a Till service's admin server).
    case readyz(host: String, port: Int)
    /// `GET http://host:port/` gets any HTTP answer (a server with no readiness endpoint of its own).
    case httpAnswers(host: String, port: Int)

    /// The port probed.
    var port: Int {
        switch self {
        case .redisPing(_, let port), .readyz(_, let port), .httpAnswers(_, let port): port
        }
    }

    /// What is probed, for messages: `GET http://127.0.0.1:7101/readyz`.
    var target: String {
        switch self {
        case .redisPing(let host, let port): "PING redis at \(host):\(port)"
        case .readyz(let host, let port): "GET http://\(host):\(port)/readyz"
        case .httpAnswers(let host, let port): "GET http://\(host):\(port)/"
        }
    }
}
