import Foundation
import Logging
import TillWire

/// Where a Till service listens and the key to call it with: everything needed to build an
/// ``RPCClient`` for it, read from the same `TILL_*` variables the services and `till up` use.
///
/// ```swift
/// let endpoint = try ServiceEndpoint.fromEnvironment(.inventory)   // TILL_INVENTORY_ADDR + TILL_CLUSTER_KEY
/// let inventory = InventoryClient(rpc: endpoint.makeRPCClient(clientName: "till-cli", logger: logger))
/// ```
public struct ServiceEndpoint: Sendable, CustomStringConvertible {
    /// The service's name, e.g. `inventory` (only used for messages).
    public var service: String
    /// Its replicas.
    public var addresses: [PeerAddress]
    /// The key hellos are signed with. Never printed.
    public var key: SecretKey

    /// An endpoint from its parts.
    public init(service: String, addresses: [PeerAddress], key: SecretKey) {
        self.service = service
        self.addresses = addresses
        self.key = key
    }

    /// Reads `TILL_<SERVICE>_ADDR` (comma-separated replicas) and `TILL_CLUSTER_KEY` (the first of
    /// its keys signs).
    ///
    /// - Throws: ``ServiceEndpointError`` naming the variable that is missing or malformed; the
    ///   message never contains the key.
    public static func fromEnvironment(
        _ service: ServiceName,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ServiceEndpointError) -> ServiceEndpoint {
        let variable = service.addressVariable
        guard let text = environment[variable], !text.allSatisfy(\.isWhitespace) else {
            throw ServiceEndpointError(variable: variable, reason: "not set")
        }
        let addresses: [PeerAddress]
        do {
            addresses = try PeerAddress.list(text)
        } catch {
            throw ServiceEndpointError(variable: variable, reason: error.description)
        }
        return ServiceEndpoint(service: service.rawValue, addresses: addresses, key: try clusterKey(environment))
    }

    /// The signing key of `TILL_CLUSTER_KEY`, validated like the servers validate it.
    public static func clusterKey(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ServiceEndpointError) -> SecretKey {
        guard let text = environment[KeyRing.clusterKeyVariable], !text.isEmpty else {
            throw ServiceEndpointError(variable: KeyRing.clusterKeyVariable, reason: "not set")
        }
        do {
            return try KeyRing(clusterKey: text).signingKey
        } catch {
            throw ServiceEndpointError(variable: KeyRing.clusterKeyVariable, reason: error.reason)
        }
    }

    /// A client of this service, identified as `clientName` in its hellos.
    ///
    /// - Parameter configure: adjusts the configuration (deadline, pool size) before the client is made.
    /// - Precondition: `clientName` is 1–64 characters of `[A-Za-z0-9_.:-]`.
    public func makeRPCClient(
        clientName: String,
        logger: Logger,
        configure: (inout RPCClientConfiguration) -> Void = { _ in }
    ) -> RPCClient {
        var configuration = RPCClientConfiguration(addresses: addresses, clientName: clientName, key: key)
        configure(&configuration)
        return RPCClient(configuration: configuration, logger: logger)
    }

    public var description: String {
        "\(service) at \(addresses.map(\.description).joined(separator: ","))"
    }
}
