import Foundation
import Logging
import TillAPI
import TillRedis
import TillTLS
import TillTestSupport
import TillWire
import Testing

/// Issue 10 item 6: a real `till-inventory` serving TLS, reaching its redis-server over TLS too,
/// called by wire clients with and without TLS. About 3 s (one redis-server, one service).
@Suite("TLS on the wire and to Redis", .serialized)
struct WireTLSTests {
    static let logger = Logger(label: "tls-tests", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A redis-server with a plain port (for the readiness ping) and a TLS port, and inventory
    /// serving TLS with its Redis URL on the TLS port.
    struct Stack {
        let pki: TestPKI
        let redis: RedisServer
        let tlsPort: Int
        let inventory: ServiceProcess

        static func start() async throws -> Stack {
            let pki = try TestPKI.make()
            let tlsPort = FreePort.next()
            let redis = try await RedisServer.start(arguments: [
                "--tls-port", String(tlsPort), "--tls-cert-file", pki.certificatePath,
                "--tls-key-file", pki.keyPath, "--tls-ca-cert-file", pki.caPath, "--tls-auth-clients", "no",
            ])
            let inventory = try await ServiceProcess.start("till-inventory", redis: redis, environment: [
                "TILL_REDIS_URL": "rediss://127.0.0.1:\(tlsPort)/0",
                "TILL_TLS_CERT": pki.certificatePath,
                "TILL_TLS_KEY": pki.keyPath,
                "TILL_TLS_CA": pki.caPath,
            ])
            return Stack(pki: pki, redis: redis, tlsPort: tlsPort, inventory: inventory)
        }

        func client(tls: ClientTLS?, name: String) -> RPCClient {
            var configuration = RPCClientConfiguration(
                addresses: [PeerAddress(host: "127.0.0.1", port: inventory.port)],
                clientName: name,
                key: SecretKey(ServiceProcess.testClusterKey)
            )
            configuration.tls = tls
            configuration.defaultDeadline = .seconds(5)
            configuration.connectionsPerAddress = 1
            return RPCClient(configuration: configuration, logger: WireTLSTests.logger)
        }

        func stop() {
            inventory.kill()
            redis.stop()
            pki.remove()
        }
    }

    @Test func handshakeAndCallsGoThroughTLSAndPlainClientsAreRefusedCleanly() async throws {
        let stack = try await Stack.start()
        defer { stack.stop() }
        let sku = "tls-\(UInt32.random(in: 0...UInt32.max))"

        // TLS client: the HMAC hello inside TLS, then a write (to Redis over TLS) and a read.
        let secure = stack.client(tls: try ClientTLS(caPath: stack.pki.caPath), name: "tls-test")
        let set: StockView = try await secure.call(
            "inventory.stock.set", params: StockSetParams(sku: sku, onHand: 7, price: Price(amount: 1_250, currency: "EUR"))
        )
        #expect(set.onHand == 7)

        // A plain client speaks frames into TLS: the server's TLS handler rejects the bytes and
        // closes; the client sees a transport failure, not a hang or a crash.
        let plain = stack.client(tls: nil, name: "plain-test")
        let started = ContinuousClock.now
        await #expect(throws: RPCError.self) {
            let _: StockView = try await plain.call("inventory.stock.get", params: StockGetParams(sku: sku), deadline: .seconds(3))
        }
        #expect(ContinuousClock.now - started < .seconds(3), "the refusal must be prompt, not a deadline")
        await plain.shutdown()

        // A client that trusts another CA refuses the server's certificate.
        let distrusting = stack.client(tls: try ClientTLS(caPath: stack.pki.otherCAPath), name: "other-ca")
        await #expect(throws: RPCError.self) {
            let _: StockView = try await distrusting.call("inventory.stock.get", params: StockGetParams(sku: sku), deadline: .seconds(3))
        }
        await distrusting.shutdown()

        // The service is unaffected: still running, and the TLS client's connection still answers.
        #expect(stack.inventory.isRunning)
        let got: StockView = try await secure.call("inventory.stock.get", params: StockGetParams(sku: sku))
        #expect(got == set)
        await secure.shutdown()
        // Inventory wrote through Redis's TLS port: the plain port sees the same data.
        let plainRedis = RedisClient(configuration: try RedisConfiguration(url: stack.redis.url), logger: Self.logger)
        let keys = try await plainRedis.send("KEYS", "*\(sku)*")
        await plainRedis.shutdown()
        #expect(keys.array?.isEmpty == false, "\(keys)")
    }

    @Test func redisClientTalksOverTLSAndRefusesAnUntrustedServer() async throws {
        let pki = try TestPKI.make()
        defer { pki.remove() }
        let tlsPort = FreePort.next()
        let redis = try await RedisServer.start(arguments: [
            "--tls-port", String(tlsPort), "--tls-cert-file", pki.certificatePath,
            "--tls-key-file", pki.keyPath, "--tls-ca-cert-file", pki.caPath, "--tls-auth-clients", "no",
        ])
        defer { redis.stop() }

        let client = RedisClient(
            configuration: try RedisConfiguration(url: "rediss://127.0.0.1:\(tlsPort)/0", tls: ClientTLS(caPath: pki.caPath)),
            logger: Self.logger
        )
        try await client.send("SET", "tls-key", "over tls")
        #expect(try await client.send("GET", "tls-key").string == "over tls")
        await client.shutdown()

        var configuration = try RedisConfiguration(url: "rediss://127.0.0.1:\(tlsPort)/0", tls: ClientTLS(caPath: pki.otherCAPath))
        configuration.commandTimeout = .seconds(2)
        let distrusting = RedisClient(configuration: configuration, logger: Self.logger)
        await #expect(throws: RedisError.self) { try await distrusting.send("GET", "tls-key") }
        await distrusting.shutdown()
    }
}
