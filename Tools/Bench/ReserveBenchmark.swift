import ArgumentParser
import TillWire

/// `till-bench reserve`: `inventory.reserve` of one sku with fresh reservation ids, over the wire
/// against a real `till-inventory`.
struct ReserveBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reserve",
        abstract: "inventory.reserve (single sku, fresh ids) through a real till-inventory."
    )

    @OptionGroup var options: BenchOptions

    func run() async throws {
        let stack = try await LocalStack.start(service: "till-inventory")
        let client = RPCBenchClient.make(port: stack.servicePort, key: LocalStack.clusterKey, connections: 2)
        let stock: JSONValue = ["sku": "bench-sku", "on_hand": 100_000_000, "price": ["amount": 4_999, "currency": "USD"]]
        _ = try await client.call("inventory.stock.set", params: stock)

        Report.emit("\n== inventory.reserve, one sku, fresh reservation ids (till-inventory, 2 connections)")
        Report.emit("in flight till req/s   p50 µs    p99 µs    p99.9 µs")
        var round = 0
        for level in [16] + (try options.levels) {
            round += 1
            let prefix = "r\(round)-"
            let result = await ClosedLoop.run(concurrency: level, total: options.requests(at: level)) { index in
                let params: JSONValue = ["reservation_id": .string(prefix + String(index)), "items": [["sku": "bench-sku", "quantity": 1]]]
                _ = try await client.call("inventory.reserve", params: params)
            }
            if round == 1 { continue }  // warm-up
            Report.line(level: level, result: result, reference: nil)
        }
        await client.shutdown()
        await stack.stop()
    }
}
