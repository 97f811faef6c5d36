import Logging
import TillClients
import TillWire

/// Runs a command's calls on one service and turns their failures into one-line ``TillError``s.
enum ServiceCall {
    /// The name `till` signs its hellos with.
    static let clientName = "till-cli"

    /// Connects to `service` as `settings` say, runs `body` with the connection, and closes it.
    ///
    /// - Throws: ``TillError``: the settings are missing, nothing answers (`serviceUnreachable`),
    ///   or the service refused the call (`rejected`, with its code and message).
    static func run<T: Sendable>(
        _ service: ServiceName,
        settings: ClientSettings,
        _ body: (RPCClient) async throws(RPCError) -> T
    ) async throws(TillError) -> T {
        let endpoint = try settings.endpoint(of: service)
        let rpc = endpoint.makeRPCClient(clientName: Self.clientName, logger: Self.quietLogger) {
            $0.defaultDeadline = settings.timeout
            $0.connectionsPerAddress = 1
        }
        let outcome: Result<T, RPCError>
        do {
            outcome = .success(try await body(rpc))
        } catch {
            outcome = .failure(error)
        }
        await rpc.shutdown()
        switch outcome {
        case .success(let value): return value
        case .failure(let error): throw Self.describe(error, endpoint: endpoint, settings: settings)
        }
    }

    /// The one-line form of a failed call.
    static func describe(_ error: RPCError, endpoint: ServiceEndpoint, settings: ClientSettings) -> TillError {
        switch error.source {
        case .transport:
            let hint = settings.hasStackFile ? " (is the stack running? see: till status)" : ""
            return TillError(.serviceUnreachable, "\(endpoint.service) at \(Self.addresses(endpoint)) is not answering: \(error.message)\(hint)")
        case .local where error.code == .deadlineExceeded:
            return TillError(.serviceUnreachable, "\(endpoint.service) did not answer within \(settings.timeout) (raise it with --timeout)")
        case .server where error.code == .unauthenticated:
            return TillError(.secretMissing, "\(endpoint.service) refused the cluster key (TILL_CLUSTER_KEY does not match the stack's)")
        case .server, .local:
            return TillError(.rejected, "\(error.code.rawValue): \(error.message)\(Self.detailsText(error.details))")
        }
    }

    private static func addresses(_ endpoint: ServiceEndpoint) -> String {
        endpoint.addresses.map(\.description).joined(separator: ",")
    }

    /// `details` as ` (key=value, …)`, scalars only, keys sorted.
    static func detailsText(_ details: JSONValue?) -> String {
        guard case .object(let fields)? = details, !fields.isEmpty else { return "" }
        let parts = fields.keys.sorted().compactMap { key -> String? in
            switch fields[key] {
            case .string(let text)?: "\(key)=\(text)"
            case .integer(let number)?: "\(key)=\(number)"
            case .bool(let flag)?: "\(key)=\(flag)"
            default: nil
            }
        }
        return parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))"
    }

    /// Connection retries and the like are the CLI's business to summarise, not to log.
    static let quietLogger = Logger(label: "till.cli") { _ in SwiftLogNoOpLogHandler() }
}
