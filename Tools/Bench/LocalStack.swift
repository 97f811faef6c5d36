import Foundation
import NIOCore
import NIOPosix
import TillProcess

/// The processes a benchmark runs against: its own `redis-server`, and optionally one Till
/// service, each on a free loopback port. Everything is killed when the benchmark ends.
final class LocalStack: Sendable {
    static let clusterKey = "bench-cluster-key-" + UUID().uuidString

    let redisPort: Int
    let servicePort: Int
    private let redis: SpawnedProcess
    private let service: SpawnedProcess?
    private let directory: URL

    var redisURL: String { "redis://127.0.0.1:\(redisPort)/0" }
    var servicePID: Int32? { service?.pid }
    var redisPID: Int32 { redis.pid }

    private init(redisPort: Int, servicePort: Int, redis: SpawnedProcess, service: SpawnedProcess?, directory: URL) {
        self.redisPort = redisPort
        self.servicePort = servicePort
        self.redis = redis
        self.service = service
        self.directory = directory
    }

    /// Starts Redis, then `service` (e.g. `till-inventory`) if given, and waits for both.
    static func start(service name: String?) async throws -> LocalStack {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("till-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Both ports at once: held open together while chosen, so they are distinct.
        let ports = try PortAllocator().allocate(2)
        let redisPort = ports[0]
        let redis = try launch("redis-server", arguments: [
            "--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", directory.path, "--logfile", directory.appendingPathComponent("redis.log").path,
        ], environment: nil)
        try await waitForPort(redisPort)
        let servicePort = ports[1]
        var service: SpawnedProcess?
        if let name {
            var environment = ProcessInfo.processInfo.environment
            environment["TILL_REDIS_URL"] = "redis://127.0.0.1:\(redisPort)/0"
            environment["TILL_LISTEN"] = "127.0.0.1:\(servicePort)"
            environment["TILL_ADMIN_LISTEN"] = "127.0.0.1:0"
            environment["TILL_CLUSTER_KEY"] = clusterKey
            environment["TILL_LOG_LEVEL"] = "warning"
            service = try launch(name, arguments: [], environment: environment)
            try await waitForPort(servicePort)
        }
        return LocalStack(redisPort: redisPort, servicePort: servicePort, redis: redis, service: service, directory: directory)
    }

    /// Stops the service gracefully (SIGTERM), then Redis.
    func stop() async {
        if let service {
            service.signal(SIGTERM)
            _ = try? await service.waitForExit(timeout: .seconds(15))
            service.signal(SIGKILL)
        }
        redis.signal(SIGTERM)
        _ = try? await redis.waitForExit(timeout: .seconds(15))
        redis.signal(SIGKILL)
        try? FileManager.default.removeItem(at: directory)
    }

    private static func launch(_ program: String, arguments: [String], environment: [String: String]?) throws -> SpawnedProcess {
        try SpawnedProcess(
            executable: try ProcessRunner.locate(program).path,
            arguments: arguments,
            environment: environment ?? ProcessInfo.processInfo.environment
        )
    }

    private static func waitForPort(_ port: Int) async throws {
        for _ in 0..<300 {
            if let channel = try? await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port).get()
            {
                try? await channel.close()
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw BenchError("nothing listens on port \(port) after 6 s")
    }
}
