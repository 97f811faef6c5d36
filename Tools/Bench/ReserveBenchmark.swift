import ArgumentParser
import Logging
import TillRedis
import TillWire

/// `till-bench reserve`: `inventory.reserve` of one sku with fresh reservation ids, over the wire
/// against a real `till-inventory`, with `inventory.ping` through the same service measured at
/// each level in the same run as the reference (what the RPC layer alone costs right now).
///
/// For each level it also reports where the CPU went per request (this client, the service,
/// Redis) and the `EVALSHA`s Redis executed per reserve (from `INFO commandstats`).
struct ReserveBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reserve",
        abstract: "inventory.reserve (single sku, fresh ids) through a real till-inventory, vs inventory.ping in the same run."
    )

    @OptionGroup var options: BenchOptions

    func run() async throws {
        let stack = try await LocalStack.start(service: "till-inventory")
        let client = RPCBenchClient.make(port: stack.servicePort, key: LocalStack.clusterKey, connections: 2)
        let redis = RedisClient(configuration: try RedisConfiguration(url: stack.redisURL), logger: Logger(label: "till-bench"))
        let stock: JSONValue = ["sku": "bench-sku", "on_hand": 100_000_000, "price": ["amount": 4_999, "currency": "USD"]]
        _ = try await client.call("inventory.stock.set", params: stock)

        Report.emit("\n== inventory.reserve, one sku, fresh reservation ids, vs inventory.ping (till-inventory, 2 connections)")
        Report.emit("in flight reserve/s  p50 µs    p99 µs    p99.9 µs  ping/s     ping p99  ratio  | CPU µs/req client service redis | EVALSHA/reserve")
        var round = 0
        for level in [16] + (try options.levels) {
            round += 1
            let total = options.requests(at: level)
            let pingStart = CPUSample.take(stack: stack)
            let ping = await ClosedLoop.run(concurrency: level, total: total) { _ in try await RPCBenchClient.ping(client) }
            let pingCost = CPUSample.take(stack: stack).microsecondsPerRequest(since: pingStart, requests: ping.completed)
            let calls = try await Self.evalshaCalls(redis)
            let before = CPUSample.take(stack: stack)
            let prefix = "r\(round)-"
            let result = await ClosedLoop.run(concurrency: level, total: total) { index in
                let params: JSONValue = ["reservation_id": .string(prefix + String(index)), "items": [["sku": "bench-sku", "quantity": 1]]]
                _ = try await client.call("inventory.reserve", params: params)
            }
            let cost = CPUSample.take(stack: stack).microsecondsPerRequest(since: before, requests: result.completed)
            let evalsha = Double(try await Self.evalshaCalls(redis) - calls) / Double(max(result.completed, 1))
            if round == 1 { continue }  // warm-up
            Self.line(level: level, reserve: result, ping: ping, cost: cost, pingCost: pingCost, evalsha: evalsha)
        }
        await redis.shutdown()
        await client.shutdown()
        await stack.stop()
    }

    private static func line(
        level: Int,
        reserve: LoadResult,
        ping: LoadResult,
        cost: CPUSample.PerRequest,
        pingCost: CPUSample.PerRequest,
        evalsha: Double
    ) {
        func f(_ value: Double?, _ width: Int, decimals: Int = 0) -> String {
            let text = value.map { Report.format($0, decimals: decimals) } ?? "-"
            return text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
        }
        var text = f(Double(level), 10) + f(reserve.requestsPerSecond, 11)
        text += f(reserve.percentileMicros(50), 10) + f(reserve.percentileMicros(99), 10) + f(reserve.percentileMicros(99.9), 10)
        text += f(ping.requestsPerSecond, 11) + f(ping.percentileMicros(99), 10)
        text += f(reserve.requestsPerSecond / max(ping.requestsPerSecond, 1), 0, decimals: 2) + "× | "
        text += f(cost.client, 7, decimals: 1) + f(cost.service, 8, decimals: 1) + f(cost.redis, 6, decimals: 1)
        text += "| " + Report.format(evalsha, decimals: 2)
        if reserve.failed > 0 { text += "  (\(reserve.failed) failed)" }
        Report.emit(text)
        Report.emit(String(repeating: " ", count: 69) + "ping | " + f(pingCost.client, 7, decimals: 1)
            + f(pingCost.service, 8, decimals: 1) + f(pingCost.redis, 6, decimals: 1) + "|")
    }

    /// `EVALSHA`s Redis has executed so far (`INFO commandstats`).
    private static func evalshaCalls(_ redis: RedisClient) async throws -> Int {
        let info = try await redis.send("INFO", "commandstats").string ?? ""
        for line in info.split(whereSeparator: \.isNewline) where line.hasPrefix("cmdstat_evalsha:") {
            let calls = line.split(separator: ",").first?.split(separator: "=").last
            return calls.flatMap { Int($0) } ?? 0
        }
        return 0
    }
}
