import Foundation

/// A real `till-gateway-sim` started by a test (the payment gateway `till-payments` talks to),
/// with its log in a file and its counters read from `GET /_sim/stats`.
public final class GatewaySimulatorProcess: Sendable {
    /// Its HTTP port on 127.0.0.1.
    public let port: Int
    /// Where its output goes.
    public let logFile: URL
    private let process = LockedProcess()

    /// The webhook signing secret a test stack shares between the simulator and `till-payments`.
    public static let webhookSecrets = "whsec_test_stack_0123456789"

    /// `http://127.0.0.1:<port>`: the value of `TILL_GATEWAY_URL`.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// Starts the simulator and waits until `/readyz` answers 200.
    ///
    /// - Parameter environment: extra or overriding `TILL_GATEWAY_*` variables (error and timeout
    ///   rates, the webhook URL, …). Timeouts are held 20 s unless it says otherwise.
    public static func start(environment: [String: String] = [:]) async throws -> GatewaySimulatorProcess {
        var lastError: (any Error)?
        for _ in 0..<3 {
            let sim = GatewaySimulatorProcess(port: FreePort.next())
            var variables = [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                "TILL_GATEWAY_LISTEN": "127.0.0.1:\(sim.port)",
                "TILL_WEBHOOK_SECRETS": webhookSecrets,
                "TILL_GATEWAY_TIMEOUT_DELAY_MS": "20000",
                "TILL_LOG_FORMAT": "json",
            ]
            variables.merge(environment) { _, override in override }
            do {
                try sim.process.start(
                    executable: try Executables.locateProduct("till-gateway-sim"), arguments: [], environment: variables, output: sim.logFile
                )
                try await sim.waitUntilReady()
                return sim
            } catch {
                lastError = error
                sim.process.signal(SIGKILL)
            }
        }
        throw lastError ?? TestSupportError("till-gateway-sim did not start")
    }

    private init(port: Int) {
        self.port = port
        self.logFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("till-gateway-sim-\(port)-\(UUID().uuidString.prefix(8)).log")
    }

    private func waitUntilReady() async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw TestSupportError("till-gateway-sim exited at start:\n\(log().suffix(2_000))") }
            if let response = try? await RawHTTP.send("GET", "/readyz", port: port, timeout: .seconds(2)), response.status == 200 {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSupportError("till-gateway-sim was not ready within 30 s")
    }

    /// Whether the process still runs.
    public var isRunning: Bool { process.isRunning }

    /// The counters of `GET /_sim/stats`: `authorizations_created`, `captures`, `injected_errors`, …
    /// and, under `requests.<endpoint>`, the requests per endpoint (`requests.authorize`, …).
    public func stats() async throws -> [String: Int] {
        let response = try await RawHTTP.send("GET", "/_sim/stats", port: port, timeout: .seconds(10))
        guard response.status == 200,
            let object = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any]
        else { throw TestSupportError("GET /_sim/stats answered \(response.status): \(response.body.prefix(200))") }
        var counters: [String: Int] = [:]
        for (key, value) in object {
            if let number = value as? Int {
                counters[key] = number
            } else if let nested = value as? [String: Any] {
                for (inner, number) in nested {
                    if let number = number as? Int { counters["\(key).\(inner)"] = number }
                }
            }
        }
        return counters
    }

    /// A counter of `GET /_sim/stats` (`captures`, `voids`, `authorizations_created`, …).
    public func counter(_ name: String) async throws -> Int64 {
        Int64(try await stats()[name] ?? 0)
    }

    /// Requests of `operation` that reached the simulator (dropped and refused ones included).
    public func requests(_ operation: String) async throws -> Int64 {
        Int64(try await stats()["requests.\(operation)"] ?? 0)
    }

    /// Everything the simulator logged so far.
    public func log() -> String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Kills the simulator.
    public func stop() { process.signal(SIGKILL) }

    deinit {
        process.signal(SIGKILL)
        try? FileManager.default.removeItem(at: logFile)
    }
}
