import ArgumentParser
import TillService

/// The secrets a stack runs with: the cluster key every service signs its handshake with and the
/// webhook signing secrets shared by the gateway simulator and payments.
///
/// Generated fresh for each `till up` (32 random bytes, hex) unless the environment supplies them,
/// so an operator can pin keys across restarts. They are written to `stack.env` only, never to
/// the terminal.
struct StackSecrets: Sendable, Hashable {
    /// `TILL_CLUSTER_KEY`: one key, or two comma-separated during a rotation.
    var clusterKey: String
    /// `TILL_WEBHOOK_SECRETS`: one secret, or two comma-separated during a rotation.
    var webhookSecrets: String

    /// Random bytes in a generated secret: 256 bits.
    static let generatedByteCount = 32

    /// `TILL_WEBHOOK_SECRETS`, validated like the cluster key (the services' own rules).
    static let webhookSecretsSetting = Setting<[String]?>(
        optional: "TILL_WEBHOOK_SECRETS",
        secret: true,
        parser: .list(of: .secret(minimumLength: 16), count: 1...2),
        help: "Webhook signing secrets, two comma-separated during rotation"
    )

    /// The secrets from `environment` where given (validated; errors never show a value), the rest
    /// generated with `generator`.
    ///
    /// `SystemRandomNumberGenerator` is the one to use outside tests: it reads the kernel's
    /// cryptographically secure source (`getrandom` on Linux).
    static func resolve(
        environment: [String: String],
        using generator: inout some RandomNumberGenerator
    ) throws(TillError) -> StackSecrets {
        do {
            let clusterKeys: [String]? =
                Self.isGiven(CommonSettings.clusterKey.variable, in: environment)
                ? try CommonSettings.clusterKey.resolve(flag: nil, environment: environment) : nil
            let webhookSecrets = try Self.webhookSecretsSetting.resolve(flag: nil, environment: environment)
            return StackSecrets(
                clusterKey: clusterKeys?.joined(separator: ",")
                    ?? Self.randomHex(byteCount: Self.generatedByteCount, using: &generator),
                webhookSecrets: webhookSecrets?.joined(separator: ",")
                    ?? Self.randomHex(byteCount: Self.generatedByteCount, using: &generator)
            )
        } catch {
            throw TillError(.secretMissing, error.message)
        }
    }

    /// `byteCount` random bytes as lowercase hex.
    static func randomHex(byteCount: Int, using generator: inout some RandomNumberGenerator) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(byteCount * 2)
        for _ in 0..<byteCount {
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func isGiven(_ variable: String, in environment: [String: String]) -> Bool {
        guard let value = environment[variable] else { return false }
        return !value.allSatisfy(\.isWhitespace)
    }
}
