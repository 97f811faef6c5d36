import Foundation
import Testing
import TillClients
import TillPayments
import TillTestSupport

@testable import TillCLI

/// The pure parts of the operator commands: event lines, filters, amounts, settings precedence.
@Suite struct TillOperateFormattingTests {
    @Test func eventLinesPutIdsFirstAndKeepTheRawText() {
        let raw = #"{"type":"saga.compensated","at":1700000000,"trace_id":"t1","order_id":"ord-1","steps":["a","b"],"reason":"card declined","note":null}"#
        let line = EventLine(raw)
        #expect(line.type == "saga.compensated")
        #expect(line.pretty(timeZone: TimeZone(identifier: "UTC")!) == #"22:13:20  saga.compensated  order_id=ord-1 reason="card declined" steps=["a","b"] trace_id=t1"#)
        #expect(EventLine("plain text").pretty() == "plain text")
        #expect(EventLine("plain text").type == nil)
    }

    @Test func filtersMatchExactTypesAndPrefixes() {
        #expect(EventFilter([]).admits(type: nil))
        #expect(EventFilter(["saga.*"]).admits(type: "saga.completed"))
        #expect(!EventFilter(["saga.*"]).admits(type: "payment.captured"))
        #expect(EventFilter(["saga.*", "payment.captured"]).admits(type: "payment.captured"))
        #expect(!EventFilter(["payment.captured"]).admits(type: "payment.captured_late"))
        #expect(!EventFilter(["saga.*"]).admits(type: nil))
    }

    @Test func amountsConvertExactlyByTheCurrencysDecimals() throws {
        #expect(try MoneyText.minorUnits("19.99", currency: .usd, option: "--price") == 1_999)
        #expect(try MoneyText.minorUnits("19.9", currency: .usd, option: "--price") == 1_990)
        #expect(try MoneyText.minorUnits("20", currency: .usd, option: "--price") == 2_000)
        #expect(try MoneyText.minorUnits("1500", currency: .jpy, option: "--price") == 1_500)
        #expect(try MoneyText.minorUnits("0.125", currency: .kwd, option: "--price") == 125)
        for bad in ["", "1.", ".5", "-1", "1,5", "1e3", "0.001", "99999999999999999999"] {
            #expect(throws: TillError.self, "\(bad)") { try MoneyText.minorUnits(bad, currency: .usd, option: "--price") }
        }
        #expect(throws: TillError.self) { try MoneyText.minorUnits("1.5", currency: .jpy, option: "--price") }
        #expect(MoneyText.format(1_999, currency: "USD") == "19.99 USD")
        #expect(MoneyText.format(7, currency: "XXX") == "7 XXX")
    }

    @Test func flagsOverrideTheEnvironmentWhichOverridesStackEnv() throws {
        let folder = try TemporaryFolder("till-settings")
        defer { folder.remove() }
        try Data("TILL_INVENTORY_ADDR=127.0.0.1:1001\nTILL_SHIPPING_ADDR=127.0.0.1:2001\nTILL_CLUSTER_KEY=file-key-0123456789abcdef\nTILL_REDIS_URL=redis://127.0.0.1:3001/0\n".utf8)
            .write(to: folder.url.appendingPathComponent("stack.env"))
        let layout = StackLayout(directory: folder.path)
        let environment = ["TILL_SHIPPING_ADDR": "127.0.0.1:2002", "HOME": "/root"]

        let fromFiles = try ClientSettings.resolve(layout: layout, environment: environment, overrides: .init(), timeout: .seconds(5))
        #expect(try fromFiles.endpoint(of: .inventory).addresses.map(\.port) == [1001])
        #expect(try fromFiles.endpoint(of: .shipping).addresses.map(\.port) == [2002])
        #expect(try fromFiles.redis().endpoint.port == 3001)

        let flagged = try ClientSettings.resolve(
            layout: layout, environment: environment,
            overrides: .init(address: "127.0.0.1:1002,127.0.0.1:1003", redisURL: "redis://127.0.0.1:3002/1"), timeout: .seconds(5)
        )
        #expect(try flagged.endpoint(of: .inventory).addresses.map(\.port) == [1002, 1003])
        #expect(try flagged.redis().source == "--redis-url")

        let badFlag = try ClientSettings.resolve(layout: layout, environment: [:], overrides: .init(address: "nowhere"), timeout: .seconds(5))
        #expect { try badFlag.endpoint(of: .inventory) } throws: { error in
            (error as? TillError)?.message == "--addr: invalid address \"nowhere\": expected host:port"
        }
        #expect { try fromFiles.endpoint(of: .orchestrator) } throws: { error in
            (error as? TillError)?.code == .secretMissing && (error as? TillError)?.message.hasSuffix("stack.env: TILL_ORCHESTRATOR_ADDR missing") == true
        }
    }
}
