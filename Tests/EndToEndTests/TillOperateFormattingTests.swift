import Foundation
import Testing
import TillAPI
import TillClients
import TillPayments
import TillTestSupport
import TillWire

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

    @Test func timesAcceptUnixISOAndOffsets() throws {
        let now: Int64 = 1_700_000_000
        #expect(try TimeArgument.unixSeconds("now", now: now, option: "--until") == now)
        #expect(try TimeArgument.unixSeconds("1699990000", now: now, option: "--since") == 1_699_990_000)
        #expect(try TimeArgument.unixSeconds("-24h", now: now, option: "--since") == now - 86_400)
        #expect(try TimeArgument.unixSeconds("-7d", now: now, option: "--since") == now - 7 * 86_400)
        #expect(try TimeArgument.unixSeconds("-30m", now: now, option: "--since") == now - 1_800)
        #expect(try TimeArgument.unixSeconds("2023-11-14", now: now, option: "--since") == 1_699_920_000)
        #expect(try TimeArgument.unixSeconds("2023-11-14T22:13:20Z", now: now, option: "--since") == now)
        for bad in ["yesterday", "-5y", "", "-h"] {
            #expect(throws: TillError.self, "\(bad)") { try TimeArgument.unixSeconds(bad, now: now, option: "--since") }
        }
    }

    @Test func sagaTimelineShowsEveryStepInOrderWithItsError() {
        let saga = SagaView(
            orderID: "ord-7", sagaID: "saga_ord-7", state: .compensated,
            steps: [
                SagaStepView(name: "reserve_inventory", state: .compensated, attempts: 1),
                SagaStepView(name: "authorize_payment", state: .failed, attempts: 2, error: WireError(WireErrorCode("card_declined"), "the card was declined")),
                SagaStepView(name: "create_shipment", state: .skipped, attempts: 0),
            ],
            reservationID: "res_ord-7", total: Price(amount: 3_998, currency: "USD"), createdAt: 1_700_000_000, updatedAt: 1_700_000_002
        )
        #expect(SagaTimeline.lines(saga) == [
            "order ord-7  saga_ord-7  compensated  total 39.98 USD",
            "  reserve_inventory  compensated  1 attempt",
            "  authorize_payment  failed       2 attempts   card_declined: the card was declined",
            "  create_shipment    skipped",
            "  reservation res_ord-7",
            "  created 2023-11-14T22:13:20Z, updated 2023-11-14T22:13:22Z",
        ])
        let table = SagaCommand.table([saga])
        #expect(table == [
            "ORDER  STATE        TOTAL      UPDATED               FAILED STEP",
            "ord-7  compensated  39.98 USD  2023-11-14T22:13:22Z  authorize_payment (card_declined)",
        ])
    }

    @Test func checkoutLinesTakeAnOptionalQuantity() throws {
        #expect(try CheckoutCommand.item("mug") == CheckoutItem(sku: "mug", quantity: 1))
        #expect(try CheckoutCommand.item("mug:3") == CheckoutItem(sku: "mug", quantity: 3))
        for bad in ["mug:0", "mug:x", ":2", "mug:"] {
            #expect(throws: (any Error).self, "\(bad)") { try CheckoutCommand.item(bad) }
        }
    }
}
