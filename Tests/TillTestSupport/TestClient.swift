import Logging
import TillWire

/// An `RPCClient` of the test services on `ports` (loopback, signed with the test cluster key),
/// shut down once `body` returns or throws.
public func withTestClient<T: Sendable>(
    ports: [Int],
    name: String = "till-test",
    deadline: Duration = .seconds(30),
    _ body: @Sendable (RPCClient) async throws -> T
) async throws -> T {
    var configuration = RPCClientConfiguration(
        addresses: ports.map { PeerAddress(host: "127.0.0.1", port: $0) },
        clientName: name,
        key: SecretKey(ServiceProcess.testClusterKey)
    )
    configuration.defaultDeadline = deadline
    let client = RPCClient(configuration: configuration, logger: Logger(label: name, factory: { _ in SwiftLogNoOpLogHandler() }))
    do {
        let result = try await body(client)
        await client.shutdown()
        return result
    } catch {
        await client.shutdown()
        throw error
    }
}

/// ``withTestClient(ports:name:deadline:_:)`` of one test service.
public func withTestClient<T: Sendable>(
    to service: ServiceProcess,
    name: String = "till-test",
    deadline: Duration = .seconds(30),
    _ body: @Sendable (RPCClient) async throws -> T
) async throws -> T {
    try await withTestClient(ports: [service.port], name: name, deadline: deadline, body)
}
