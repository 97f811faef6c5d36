import Foundation
import TillLoad
import TillTLS
import TillWire

/// Where the stack is and how to authenticate: flags first, then the environment, then the stack's
/// `stack.env` (written by `till up`).
struct StackSettings {
    var addresses: StackAddresses
    var clusterKey: SecretKey
    /// TLS for every connection when `TILL_TLS_CA` is given (the services then serve TLS).
    var tls: ClientTLS?
    /// Where each setting came from, for the report (never the key).
    var source: String

    /// Why the settings are incomplete: one line naming what is missing.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func resolve(_ options: ConnectionOptions, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(Failure) -> StackSettings
    {
        let file = URL(fileURLWithPath: options.stackEnv)
        let fileValues = Self.readEnvFile(file)
        let source = fileValues.isEmpty ? "flags/environment" : file.path
        func value(_ flag: String?, _ variable: String) -> String? {
            if let flag, !flag.isEmpty { return flag }
            if let value = environment[variable], !value.isEmpty { return value }
            if let value = fileValues[variable], !value.isEmpty { return value }
            return nil
        }
        func replicas(_ flag: String?, _ variable: String, required: Bool) throws(Failure) -> [PeerAddress] {
            guard let text = value(flag, variable) else {
                if required { throw Failure(description: "no \(variable): pass --\(Self.flagName(variable)), set it, or run `till up` (reads \(file.path))") }
                return []
            }
            do {
                return try PeerAddress.list(text)
            } catch {
                throw Failure(description: "\(variable): \(error)")
            }
        }
        guard let key = value(options.clusterKey, "TILL_CLUSTER_KEY") else {
            throw Failure(description: "no TILL_CLUSTER_KEY: set it, pass --cluster-key, or run `till up` (reads \(file.path))")
        }
        // During a key rotation the variable holds two keys; a client signs with the first.
        let signingKey = String(key.split(separator: ",").first ?? Substring(key))
        let addresses = StackAddresses(
            orchestrator: try replicas(options.orchestrator, "TILL_ORCHESTRATOR_ADDR", required: true),
            inventory: try replicas(options.inventory, "TILL_INVENTORY_ADDR", required: false),
            payments: try replicas(options.payments, "TILL_PAYMENTS_ADDR", required: false),
            shipping: try replicas(options.shipping, "TILL_SHIPPING_ADDR", required: false),
            gatewayURL: value(options.gatewayURL, "TILL_GATEWAY_URL")
        )
        var tls: ClientTLS?
        if let caPath = value(options.tlsCA, "TILL_TLS_CA") {
            do {
                tls = try ClientTLS(caPath: caPath)
            } catch {
                throw Failure(description: "TILL_TLS_CA: \(error.reason)")
            }
        }
        return StackSettings(addresses: addresses, clusterKey: SecretKey(signingKey), tls: tls, source: source)
    }

    /// `KEY=VALUE` lines; blank lines and `#` comments skipped; a missing file is no values.
    static func readEnvFile(_ file: URL) -> [String: String] {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [:] }
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return values
    }

    private static func flagName(_ variable: String) -> String {
        variable.dropFirst("TILL_".count).replacingOccurrences(of: "_ADDR", with: "").lowercased()
    }
}
