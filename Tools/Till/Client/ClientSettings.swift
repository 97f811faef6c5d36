import Foundation
import TillClients
import TillWire

/// Where a command finds the stack: the `TILL_*` variables it needs, merged from flags, the
/// environment and `stack.env`, each read only when the command needs it.
struct ClientSettings: Sendable {
    /// Values given on the command line.
    struct Overrides: Sendable, Hashable {
        /// `--addr`: the replicas of the one service the command calls.
        var address: String?
        /// `--redis-url`.
        var redisURL: String?
    }

    /// `stack.env`'s path, for messages.
    let stackFile: URL
    /// Whether `stack.env` exists.
    let hasStackFile: Bool
    /// The variables: the environment's over `stack.env`'s.
    let variables: [String: String]
    let overrides: Overrides
    /// The budget of each call.
    let timeout: Duration

    /// Reads `stack.env` under `layout` (if any) and lays `environment` over it.
    static func resolve(
        layout: StackLayout,
        environment: [String: String],
        overrides: Overrides,
        timeout: Duration
    ) throws(TillError) -> ClientSettings {
        let file = layout.environmentFile
        var variables: [String: String] = [:]
        let exists = FileManager.default.fileExists(atPath: file.path)
        if exists {
            for entry in try StackEnvFile.read(from: file).entries where !entry.value.isEmpty {
                variables[entry.key] = entry.value
            }
        }
        for (key, value) in environment where key.hasPrefix("TILL_") && !value.allSatisfy(\.isWhitespace) {
            variables[key] = value
        }
        return ClientSettings(stackFile: file, hasStackFile: exists, variables: variables, overrides: overrides, timeout: timeout)
    }

    /// The endpoint of `service`: `--addr`, else `TILL_<SERVICE>_ADDR`; with `TILL_CLUSTER_KEY`.
    func endpoint(of service: ServiceName) throws(TillError) -> ServiceEndpoint {
        var variables = self.variables
        if let address = self.overrides.address {
            variables[service.addressVariable] = address
        }
        guard variables[service.addressVariable] != nil else {
            throw self.notRunning(missing: service.addressVariable)
        }
        do {
            return try ServiceEndpoint.fromEnvironment(service, environment: variables)
        } catch {
            if error.variable == "TILL_CLUSTER_KEY", variables["TILL_CLUSTER_KEY"] == nil {
                throw TillError(.secretMissing, "TILL_CLUSTER_KEY missing: set it, or run against a stack started by till up (\(self.stackFile.path))")
            }
            let code: TillError.Code = error.variable == "TILL_CLUSTER_KEY" ? .secretMissing : .usage
            let source = error.variable == service.addressVariable && self.overrides.address != nil ? "--addr" : error.variable
            throw TillError(code, "\(source): \(error.reason)")
        }
    }

    /// The Redis the stack uses: `--redis-url`, else `TILL_REDIS_URL`.
    func redis() throws(TillError) -> (endpoint: RedisEndpoint, url: String, source: String) {
        let source: String
        let url: String
        if let given = self.overrides.redisURL {
            (source, url) = ("--redis-url", given)
        } else if let given = self.variables["TILL_REDIS_URL"] {
            (source, url) = ("TILL_REDIS_URL", given)
        } else {
            throw self.notRunning(missing: "TILL_REDIS_URL")
        }
        guard let endpoint = RedisEndpoint.parse(url) else {
            throw TillError(.usage, "\(source): expected redis://[:password@]host:port/db")
        }
        return (endpoint, url, source)
    }

    /// No stack to talk to: neither `stack.env` nor the environment names `variable`.
    private func notRunning(missing variable: String) -> TillError {
        if self.hasStackFile {
            return TillError(.secretMissing, "\(self.stackFile.path): \(variable) missing")
        }
        return TillError(
            .noStack,
            "no stack running: \(self.stackFile.path) does not exist (start one with: till up --detach, or set \(variable))"
        )
    }
}
