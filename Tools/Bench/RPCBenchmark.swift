import ArgumentParser
import Logging
import TillWire

/// `till-bench rpc`: `inventory.ping` over the wire protocol vs `redis-benchmark -t ping_mbulk`.
struct RPCBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc",
        abstract: "Ping a real till-inventory over TCP; compare with redis-benchmark PING_MBULK."
    )

    @OptionGroup var options: BenchOptions

    @Option(help: "Client connections to the service (requests are multiplexed over them).")
    var connections: Int = 2

    func run() async throws {
        let stack = try await LocalStack.start(service: "till-inventory")
        let client = RPCBenchClient.make(port: stack.servicePort, key: LocalStack.clusterKey, connections: connections)

        Report.header("RPC inventory.ping (till-inventory, \(connections) connections) vs redis-benchmark -t ping_mbulk")
        _ = await ClosedLoop.run(concurrency: 16, total: 20_000) { _ in try await RPCBenchClient.ping(client) }
        for level in try options.levels {
            let total = options.requests(at: level)
            let result = await ClosedLoop.run(concurrency: level, total: total) { _ in
                try await RPCBenchClient.ping(client)
            }
            let reference = try await RedisBenchmarkTool.requestsPerSecond(
                test: "ping_mbulk", clients: level, requests: max(total, 20_000), port: stack.redisPort
            )
            Report.line(level: level, result: result, reference: reference)
        }
        await client.shutdown()
        await stack.stop()
    }
}

/// The RPC client a benchmark drives.
enum RPCBenchClient {
    static func make(port: Int, key: String, connections: Int) -> RPCClient {
        var configuration = RPCClientConfiguration(
            addresses: [PeerAddress(host: "127.0.0.1", port: port)],
            clientName: "till-bench",
            key: SecretKey(key)
        )
        configuration.connectionsPerAddress = connections
        return RPCClient(configuration: configuration, logger: Logger(label: "till-bench"))
    }

    static func ping(_ client: RPCClient) async throws {
        _ = try await client.call("inventory.ping", params: Empty(), as: JSONValue.self)
    }
}
