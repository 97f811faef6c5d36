import Logging
import TillService
import TillTestSupport
import TillWire

/// An `RPCClient` connected to one test service, running for the duration of `body`.
func withClient<T: Sendable>(
    to service: ServiceProcess,
    name: String = "e2e-test",
    _ body: @Sendable (RPCClient) async throws -> T
) async throws -> T {
    var configuration = RPCClientConfiguration(
        addresses: [PeerAddress(host: "127.0.0.1", port: service.port)],
        clientName: name,
        key: SecretKey(ServiceProcess.testClusterKey)
    )
    configuration.defaultDeadline = .seconds(10)
    let client = RPCClient(configuration: configuration, logger: Logger(label: "e2e-client"))
    do {
        let result = try await body(client)
        await client.shutdown()
        return result
    } catch {
        await client.shutdown()
        throw error
    }
}
