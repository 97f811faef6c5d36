import Logging
import Testing
import TillClients
import TillTestSupport
import TillWire

/// Reading endpoints from `TILL_*` variables, and the failures a misconfigured client meets.
@Suite struct ServiceEndpointTests {
    static let key = "0123456789abcdef-cluster"

    @Test func readsReplicasAndTheSigningKey() throws {
        let endpoint = try ServiceEndpoint.fromEnvironment(.payments, environment: [
            "TILL_PAYMENTS_ADDR": "127.0.0.1:7101, [::1]:7102",
            "TILL_CLUSTER_KEY": "\(Self.key),next-key-0123456789",
        ])
        #expect(endpoint.addresses == [PeerAddress(host: "127.0.0.1", port: 7101), PeerAddress(host: "::1", port: 7102)])
        #expect(endpoint.key == SecretKey(Self.key))
        #expect(endpoint.description == "payments at 127.0.0.1:7101,[::1]:7102")
        #expect(ServiceName.orchestrator.addressVariable == "TILL_ORCHESTRATOR_ADDR")
    }

    @Test(arguments: [
        (["TILL_CLUSTER_KEY": key], "TILL_INVENTORY_ADDR", "not set"),
        (["TILL_INVENTORY_ADDR": " ", "TILL_CLUSTER_KEY": key], "TILL_INVENTORY_ADDR", "not set"),
        (["TILL_INVENTORY_ADDR": "localhost", "TILL_CLUSTER_KEY": key], "TILL_INVENTORY_ADDR", "expected host:port"),
        (["TILL_INVENTORY_ADDR": "127.0.0.1:70000", "TILL_CLUSTER_KEY": key], "TILL_INVENTORY_ADDR", "the port must be 1 to 65535"),
        (["TILL_INVENTORY_ADDR": "127.0.0.1:7001"], "TILL_CLUSTER_KEY", "not set"),
        (["TILL_INVENTORY_ADDR": "127.0.0.1:7001", "TILL_CLUSTER_KEY": "short-secret"], "TILL_CLUSTER_KEY", "at least 16 characters"),
    ])
    func namesTheVariableAtFault(environment: [String: String], variable: String, reason: String) {
        #expect {
            _ = try ServiceEndpoint.fromEnvironment(.inventory, environment: environment)
        } throws: { error in
            guard let error = error as? ServiceEndpointError else { return false }
            return error.variable == variable && error.reason.contains(reason) && !error.description.contains("short-secret")
        }
    }

    @Test func aWrongKeyIsUnauthenticatedAndNobodyListeningIsUnavailable() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let process = try await ServiceProcess.start("till-inventory", redis: redis)
        defer { process.kill() }

        var wrongKey = try endpoint(of: .inventory, at: process)
        wrongKey.key = SecretKey("another-cluster-key-0123456789")
        try await withRPC(wrongKey) { rpc in
            let refused = await expectRPCError(.unauthenticated) { _ = try await InventoryClient(rpc: rpc).ping() }
            #expect(refused?.retriable == false)
        }

        let nobody = ServiceEndpoint(service: "inventory", addresses: [PeerAddress(host: "127.0.0.1", port: FreePort.next())], key: SecretKey(Self.key))
        try await withRPC(nobody) { rpc in
            let down = await expectRPCError(.unavailable) {
                _ = try await InventoryClient(rpc: rpc).ping(deadline: .seconds(3))
            }
            #expect(down?.source == .transport)
            #expect(down?.retriable == true)
        }
    }
}
