import Logging
import Testing
import TillLoad
import TillTestSupport
import TillWire

/// The catalogue stocking and the audit's stock reads against a real `till-inventory`: the load
/// client's wire types decode what the service really answers.
@Suite("till-load stocks a real inventory", .serialized)
struct StockingTests {
    @Test(.timeLimit(.minutes(2)))
    func stockingSetsEveryPriceAndUnitAndReadsThemBack() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let inventory = try await ServiceProcess.start("till-inventory", redis: redis)
        defer { inventory.kill() }
        let address = PeerAddress(host: "127.0.0.1", port: inventory.port)
        let stack = RPCStackAccess(
            addresses: StackAddresses(orchestrator: [address], inventory: [address]),
            key: SecretKey(ServiceProcess.testClusterKey), clientName: "till-load-test", connectionsPerReplica: 1,
            logger: Logger(label: "till-load-test")
        )
        let catalogue = Catalogue(prefix: "e2e-sku-", count: 40, stock: 250)
        let stocked = try await CatalogueStocker.stock(catalogue, on: stack)
        #expect(stocked.count == 40)
        #expect(stocked.allSatisfy { $0 == StockSnapshot(onHand: 250, reserved: 0, available: 250) })
        #expect(try await stack.stock(sku: catalogue.sku(39)) == StockSnapshot(onHand: 250, reserved: 0, available: 250))
        #expect(try await stack.stock(sku: "e2e-sku-unknown") == nil)
        await stack.shutdown()
    }
}
