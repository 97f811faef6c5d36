import Logging
import NIOCore
@testable import TillWire

/// The server side of every fuzzed connection: small limits, so the fuzzer reaches each of them.
enum FuzzServer {
    /// Small enough that "exactly the limit" and "one byte over" are a few mutations away.
    static let maxFrame = 4096

    static let configuration: RPCServerConfiguration = {
        var configuration = RPCServerConfiguration(serverName: "fuzz-1")
        configuration.maxFrame = maxFrame
        configuration.handshakeTimeout = .seconds(1)
        configuration.idleTimeout = .seconds(1)
        configuration.drainTimeout = .seconds(1)
        configuration.maxInFlightPerConnection = 4
        configuration.maxInFlightTotal = 6
        configuration.unixTime = { FuzzKeys.now }
        return configuration
    }()

    static let logger = Logger(label: "fuzz-server", factory: { _ in RenderingLogHandler() })

    /// A fresh environment (connection and in-flight counters, nonce cache) per input, so that
    /// every input behaves the same however often it runs.
    static func makeEnvironment() -> ServerEnvironment {
        ServerEnvironment(
            configuration: configuration,
            router: FuzzRouter.router,
            keyRing: FuzzKeys.ring,
            nonceCache: InMemoryNonceCache(),
            logger: logger
        )
    }
}
