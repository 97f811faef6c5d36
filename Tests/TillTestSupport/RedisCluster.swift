import Foundation
import TillProcess

/// A real local Redis Cluster for tests: six `redis-server --cluster-enabled yes` processes on
/// loopback (three masters, one replica each), joined by `redis-cli --cluster create`.
///
/// The node timeout is one second so a killed master's replica takes over within a few seconds;
/// AOF is on (`everysec`), as a deployment would run it. Each node has its own directory under
/// one temporary directory, removed by ``stop()``.
public final class RedisCluster: Sendable {
    /// The client ports of the six nodes, in creation order (`redis-cli` makes the first three masters).
    public let ports: [Int]
    public let directory: URL
    private let processes: [LockedProcess]

    /// `redis-cluster://` with every node as a seed.
    public var url: String { "redis-cluster://" + ports.map { "127.0.0.1:\($0)" }.joined(separator: ",") }

    /// Starts six nodes, creates the cluster and waits until every node reports `cluster_state:ok`
    /// and every master has its replica. Takes about 3 s.
    public static func start() async throws -> RedisCluster {
        var lastError: (any Error)?
        for _ in 0..<3 {
            let cluster = RedisCluster(ports: try clusterPorts(6))
            do {
                try await cluster.launch()
                return cluster
            } catch {
                lastError = error
                cluster.stop()
            }
        }
        throw lastError ?? TestSupportError("the Redis Cluster did not start")
    }

    private init(ports: [Int]) {
        self.ports = ports
        self.directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("till-cluster-\(ports[0])-\(UUID().uuidString.prefix(8))")
        self.processes = ports.map { _ in LockedProcess() }
    }

    /// Ports `p` whose cluster-bus port `p + 10000` is free as well.
    private static func clusterPorts(_ count: Int) throws -> [Int] {
        let allocator = PortAllocator()
        var ports: [Int] = []
        var attempts = 0
        while ports.count < count {
            attempts += 1
            guard attempts < 10_000 else { throw TestSupportError("no free port pairs for a Redis Cluster") }
            let port = Int.random(in: 20_000..<30_000)
            if !ports.contains(port), allocator.isFree(port), allocator.isFree(port + 10_000) { ports.append(port) }
        }
        return ports
    }

    private func launch() async throws {
        let executable = try Executables.locateSystem("redis-server")
        for (port, process) in zip(ports, processes) {
            let nodeDirectory = directory.appendingPathComponent(String(port))
            try FileManager.default.createDirectory(at: nodeDirectory, withIntermediateDirectories: true)
            try process.start(executable: executable, arguments: [
                "--port", String(port), "--bind", "127.0.0.1", "--dir", nodeDirectory.path,
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "1000",
                "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--daemonize", "no",
                "--logfile", nodeDirectory.appendingPathComponent("redis.log").path,
            ])
        }
        for port in ports { try await waitUntil(timeout: .seconds(10)) { (try? await self.cli(port, "PING")) == "PONG" } }
        let create = ["--cluster", "create"] + ports.map { "127.0.0.1:\($0)" } + ["--cluster-replicas", "1", "--cluster-yes"]
        let output = try await Self.redisCLI(create, directory: directory)
        guard output.contains("[OK] All 16384 slots covered") else {
            throw TestSupportError("redis-cli --cluster create failed:\n\(output)")
        }
        try await waitUntilHealthy(timeout: .seconds(20))
    }

    /// Waits until every running node says `cluster_state:ok` and three masters serve the slots,
    /// each with a connected replica if `replicas` (after a failover the promoted one has none).
    public func waitUntilHealthy(timeout: Duration, replicas: Bool = true) async throws {
        try await waitUntil(timeout: timeout) {
            for (port, process) in zip(self.ports, self.processes) where process.isRunning {
                guard let info = try? await self.cli(port, "CLUSTER", "INFO"), info.contains("cluster_state:ok") else { return false }
            }
            let masters = try await self.masterPorts()
            guard masters.count == 3 else { return false }
            for master in masters where replicas {
                guard let replication = try? await self.cli(master, "INFO", "replication"),
                    replication.contains("connected_slaves:1")
                else { return false }
            }
            return true
        }
    }

    /// The ports of the masters serving slots, as a live node sees them.
    public func masterPorts() async throws -> [Int] {
        guard let port = livePorts.first else { throw TestSupportError("no live cluster node") }
        let nodes = try await cli(port, "CLUSTER", "NODES")
        return nodes.split(separator: "\n").compactMap { line -> Int? in
            let fields = line.split(separator: " ")
            guard fields.count >= 9, fields[2].contains("master"), !fields[2].contains("fail") else { return nil }
            return Int(fields[1].split(separator: "@")[0].split(separator: ":").last ?? "")
        }.sorted()
    }

    /// Waits until the replica of the master on `port` has every write the master has.
    public func waitForReplication(master port: Int) async throws {
        try await waitUntil(timeout: .seconds(10)) {
            let info = try await self.cli(port, "INFO", "replication")
            func value(_ prefix: String) -> Substring? {
                info.split(whereSeparator: \.isNewline).first { $0.hasPrefix(prefix) }?.dropFirst(prefix.count)
            }
            guard let master = value("master_repl_offset:"), let replica = value("slave0:") else { return false }
            return replica.split(separator: ",").contains("offset=\(master)")
        }
    }

    /// Ports of the nodes still running.
    public var livePorts: [Int] { zip(ports, processes).filter { $0.1.isRunning }.map(\.0) }

    /// `kill -9` of the node on `port` (a crash; its replica should take over).
    public func kill(port: Int) async throws {
        guard let index = ports.firstIndex(of: port) else { return }
        processes[index].signal(SIGKILL)
        _ = try await processes[index].waitForExit(timeout: .seconds(10))
    }

    /// Runs one command on the node at `port` with `redis-cli`; its output, trimmed.
    @discardableResult
    public func cli(_ port: Int, _ arguments: String...) async throws -> String {
        try await Self.redisCLI(["-p", String(port)] + arguments, directory: directory)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Stops every node and removes the directory.
    public func stop() {
        for process in processes {
            process.signal(SIGCONT)
            process.signal(SIGKILL)
        }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }

    private func waitUntil(timeout: Duration, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if (try? await condition()) == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSupportError("the Redis Cluster (ports \(ports)) did not become healthy within \(timeout)")
    }

    private static func redisCLI(_ arguments: [String], directory: URL) async throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let output = directory.appendingPathComponent("cli-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = LockedProcess()
        try process.start(executable: try Executables.locateSystem("redis-cli"), arguments: arguments, output: output)
        let status = try await process.waitForExit(timeout: .seconds(30))
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        guard status == 0 else { throw TestSupportError("redis-cli \(arguments.joined(separator: " ")) exited \(status): \(text)") }
        return text
    }
}
