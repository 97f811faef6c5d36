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
    try await withTestClient(to: service, name: name, deadline: .seconds(10), body)
}
