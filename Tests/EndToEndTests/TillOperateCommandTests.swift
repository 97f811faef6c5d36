import Foundation
import Testing
import TillAPI
import TillRedis
import TillTestSupport

/// `till stock`, `till fraud` and `till events` run as the built `till` executable against a
/// real `till-inventory` and redis-server named by a `stack.env`.
@Suite(.serialized, .timeLimit(.minutes(4))) struct TillOperateCommandTests {
    @Test func stockSetAndGetThroughInventory() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let inventory = try await ServiceProcess.start("till-inventory", redis: redis)
        defer { inventory.kill() }
        let stack = try OperatorStack(redis: redis, variables: ["TILL_INVENTORY_ADDR": "127.0.0.1:\(inventory.port)"])
        defer { stack.remove() }

        let set = try await stack.till(["stock", "set", "mug", "--on-hand", "12", "--price", "19.9", "--currency", "eur"])
        #expect(set.status == 0, "\(set)")
        #expect(set.stdout == "mug: 12 on hand, 0 reserved, 12 available at 19.90 EUR\n")

        let get = try await stack.till(["stock", "get", "mug", "--json"])
        #expect(get.status == 0, "\(get)")
        let view = try JSONDecoder().decode(StockView.self, from: Data(get.stdout.utf8))
        #expect(view == StockView(sku: "mug", onHand: 12, reserved: 0, price: Price(amount: 1_990, currency: "EUR")))

        let jpy = try await stack.till(["stock", "set", "tea", "--on-hand", "1", "--price", "1500", "--currency", "JPY"])
        #expect(jpy.stdout == "tea: 1 on hand, 0 reserved, 1 available at 1500 JPY\n", "\(jpy)")

        let missing = try await stack.till(["stock", "get", "nothing-here"])
        #expect(missing.status == 1)
        #expect(missing.stdout.isEmpty)
        #expect(missing.stderr.hasPrefix("till stock get: not_found: "), "\(missing)")
        #expect(missing.stderr.split(separator: "\n").count == 1)

        let tooPrecise = try await stack.till(["stock", "set", "mug", "--on-hand", "1", "--price", "1.999"])
        #expect(tooPrecise.status == 1)
        #expect(tooPrecise.stderr == "till stock set: --price: USD has 2 decimals, got 1.999\n", "\(tooPrecise)")

        // The flag wins over stack.env.
        let elsewhere = try await stack.till(["stock", "get", "mug", "--addr", "127.0.0.1:\(FreePort.next())"])
        #expect(elsewhere.status == 1)
        #expect(elsewhere.stderr.contains("is not answering"), "\(elsewhere)")
    }

    @Test func fraudBlockAndUnblockEditTheSharedSet() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let stack = try OperatorStack(redis: redis)
        defer { stack.remove() }

        let block = try await stack.till(["fraud", "block", "Mallory@Example.COM"])
        #expect(block.status == 0, "\(block)")
        #expect(block.stdout == "blocked mallory@example.com\n")
        #expect(try await stack.till(["fraud", "block", "mallory@example.com"]).stdout == "mallory@example.com was already blocked\n")
        _ = try await stack.till(["fraud", "block", "cust-42"])
        let members = try await stack.withRedis { try await $0.send("SMEMBERS", "till:fraud:blocklist").array?.compactMap(\.string).sorted() }
        #expect(members == ["cust-42", "mallory@example.com"])

        let list = try await stack.till(["fraud", "list", "--json"])
        #expect(try JSONDecoder().decode([String].self, from: Data(list.stdout.utf8)) == ["cust-42", "mallory@example.com"], "\(list)")

        #expect(try await stack.till(["fraud", "unblock", "MALLORY@example.com"]).stdout == "unblocked mallory@example.com\n")
        #expect(try await stack.till(["fraud", "unblock", "mallory@example.com"]).stdout == "mallory@example.com was not blocked\n")
        let left = try await stack.withRedis { try await $0.send("SMEMBERS", "till:fraud:blocklist").array?.compactMap(\.string) }
        #expect(left == ["cust-42"])

        let blank = try await stack.till(["fraud", "block", " "])
        #expect(blank.status == 1)
        #expect(blank.stderr.hasPrefix("till fraud block: expected an e-mail address or customer id"), "\(blank)")
    }

    @Test func eventsTailsTheBusFilteredPrettyOrJSON() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let stack = try OperatorStack(redis: redis)
        defer { stack.remove() }

        let json = try TillProgram.start(["events", "--json", "--type", "saga.*", "--count", "2", "--dir", stack.folder.path])
        let pretty = try TillProgram.start(["events", "--type", "payment.captured", "--count", "1", "--dir", stack.folder.path])
        try await Self.waitUntilListening([json, pretty])

        let published = [
            #"{"type":"inventory.reserved","at":1700000000,"reservation_id":"res-1"}"#,
            "not json at all",
            #"{"type":"saga.completed","at":1700000001,"order_id":"ord-1","trace_id":"t-1"}"#,
            #"{"type":"payment.captured","at":1700000002,"order_id":"ord-1","payment_id":"pay-1","amount":1999,"currency":"USD"}"#,
            #"{"type":"saga.compensated","at":1700000003,"order_id":"ord-2"}"#,
        ]
        try await stack.withRedis { redis in
            for message in published { _ = try await redis.publish("till.events", message) }
        }

        let jsonRun = try await json.finish(timeout: .seconds(30))
        #expect(jsonRun.status == 0, "\(jsonRun)")
        #expect(jsonRun.stdout == published[2] + "\n" + published[4] + "\n")

        let prettyRun = try await pretty.finish(timeout: .seconds(30))
        #expect(prettyRun.status == 0, "\(prettyRun)")
        let line = prettyRun.stdout.trimmingCharacters(in: .newlines)
        #expect(line.hasSuffix("  payment.captured  order_id=ord-1 payment_id=pay-1 amount=1999 currency=USD"), "\(prettyRun)")
    }

    @Test func eventsStopsOnCtrlC() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let stack = try OperatorStack(redis: redis)
        defer { stack.remove() }

        let tail = try TillProgram.start(["events", "--dir", stack.folder.path])
        try await Self.waitUntilListening([tail])
        tail.signal(SIGINT)
        let run = try await tail.finish(timeout: .seconds(30))
        #expect(run.status == 0, "\(run)")
    }

    /// Waits until each `till events` said on standard error that its subscription is confirmed.
    static func waitUntilListening(_ runs: [TillProgram.Started]) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        for run in runs {
            while !((try? String(contentsOf: run.stderr, encoding: .utf8)) ?? "").contains("listening on till.events") {
                guard ContinuousClock.now < deadline else {
                    run.signal(SIGKILL)
                    throw TestSupportError("till events did not subscribe: \(try await run.finish(timeout: .seconds(5)))")
                }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }
}
