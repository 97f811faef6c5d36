import Logging
import TillWire

extension RPCClient {
    /// A client of the test servers signed with the cluster key.
    static func test(
        ports: [Int],
        clientName: String = "test-client",
        key: String = TestKeys.cluster,
        configure: (inout RPCClientConfiguration) -> Void = { _ in }
    ) -> RPCClient {
        var configuration = RPCClientConfiguration(
            addresses: ports.map { PeerAddress(host: "127.0.0.1", port: $0) },
            clientName: clientName,
            key: SecretKey(key)
        )
        configure(&configuration)
        return RPCClient(configuration: configuration, logger: Logger(label: "test-client", factory: { _ in SwiftLogNoOpLogHandler() }))
    }
}
