import ArgumentParser
import TillTLS

/// The optional TLS of a service: its listener, its outgoing wire connections and its Redis
/// connections. Everything is off by default, and plain TCP costs nothing extra.
///
/// - `TILL_TLS_CERT` + `TILL_TLS_KEY`: the RPC listener serves TLS only.
/// - `TILL_TLS_CA`: outgoing wire connections (the orchestrator's to the other services) use TLS
///   and verify the server against these CAs; also the roots for Redis TLS.
/// - `TILL_REDIS_TLS` or a `rediss://` URL: Redis connections use TLS, trusting `TILL_TLS_CA`
///   (the system's roots without it).
public struct TLSSettings: Sendable, Hashable {
    /// PEM certificate chain the listener presents (`TILL_TLS_CERT`).
    public var certificatePath: String?
    /// PEM private key of that certificate (`TILL_TLS_KEY`).
    public var keyPath: String?
    /// PEM CA certificates trusted for outgoing connections (`TILL_TLS_CA`).
    public var caPath: String?
    /// Whether Redis connections use TLS (`TILL_REDIS_TLS`, or implied by `rediss://`).
    public var redis: Bool

    /// Settings as given; ``ServiceOptions`` builds validated ones.
    public init(certificatePath: String? = nil, keyPath: String? = nil, caPath: String? = nil, redis: Bool = false) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.caPath = caPath
        self.redis = redis
    }

    /// The listener's TLS, `nil` for plain TCP.
    /// - Throws: `ValidationError` with one line naming the variable and the bad file.
    public func server() throws(ValidationError) -> ServerTLS? {
        guard let certificatePath, let keyPath else { return nil }
        do {
            return try ServerTLS(certificatePath: certificatePath, keyPath: keyPath)
        } catch {
            throw Self.validationError(error)
        }
    }

    /// The TLS of outgoing wire connections, `nil` (plain TCP) unless `TILL_TLS_CA` is set.
    /// - Throws: `ValidationError` with one line naming `TILL_TLS_CA` and the bad file.
    public func client() throws(ValidationError) -> ClientTLS? {
        guard let caPath else { return nil }
        do {
            return try ClientTLS(caPath: caPath)
        } catch {
            throw Self.validationError(error)
        }
    }

    /// The TLS of Redis connections, `nil` unless `TILL_REDIS_TLS` is on.
    /// - Throws: `ValidationError` with one line naming `TILL_TLS_CA` and the bad file.
    public func redisClient() throws(ValidationError) -> ClientTLS? {
        guard redis else { return nil }
        do {
            return try ClientTLS(caPath: caPath)
        } catch {
            throw Self.validationError(error)
        }
    }

    /// Checks the pairing of certificate and key and loads every file once, so that a bad one
    /// stops the start with one line instead of failing the first connection.
    func validated() throws(ValidationError) -> Self {
        switch (certificatePath, keyPath) {
        case (.some, nil):
            throw ValidationError("\(CommonSettings.tlsKey.variable): required when \(CommonSettings.tlsCert.variable) is set")
        case (nil, .some):
            throw ValidationError("\(CommonSettings.tlsCert.variable): required when \(CommonSettings.tlsKey.variable) is set")
        default:
            break
        }
        _ = try server()
        _ = try client()
        _ = try redisClient()
        return self
    }

    static func validationError(_ error: TLSConfigurationError) -> ValidationError {
        let variable = switch error.file {
        case .certificate: CommonSettings.tlsCert.variable
        case .privateKey: CommonSettings.tlsKey.variable
        case .certificateAuthority: CommonSettings.tlsCA.variable
        }
        return ValidationError("\(variable): \(error.reason)")
    }

    /// The settings as log metadata (paths are not secrets).
    var logMetadata: [String: String] {
        [
            "tls.listener": certificatePath == nil ? "off" : "on",
            "tls.ca": caPath ?? "unset",
            "tls.redis": redis ? "on" : "off",
        ]
    }
}

extension CommonSettings {
    /// PEM certificate chain of the RPC listener; with `TILL_TLS_KEY`, the listener serves TLS only.
    public static let tlsCert = Setting<String?>(
        optional: "TILL_TLS_CERT",
        parser: .string,
        help: "PEM certificate chain for the RPC listener (TLS on when set, with TILL_TLS_KEY)"
    )

    /// PEM private key of `TILL_TLS_CERT`.
    public static let tlsKey = Setting<String?>(
        optional: "TILL_TLS_KEY",
        parser: .string,
        help: "PEM private key of TILL_TLS_CERT"
    )

    /// PEM CA certificates: outgoing wire connections use TLS and verify against them when set.
    public static let tlsCA = Setting<String?>(
        optional: "TILL_TLS_CA",
        parser: .string,
        help: "PEM CA certificates; outgoing RPC connections use TLS verified against them when set"
    )

    /// Redis over TLS, verified against `TILL_TLS_CA` (or the system's roots); `rediss://` implies it.
    public static let redisTLS = Setting<Bool>(
        "TILL_REDIS_TLS",
        default: "off",
        parser: .onOff,
        help: "Connect to Redis over TLS (rediss:// URLs imply on)"
    )
}

extension SettingParser where Value == Bool {
    /// `on`/`off` (also `true`/`false`, `yes`/`no`, `1`/`0`), case-insensitively.
    public static var onOff: Self {
        SettingParser(valueName: "on|off") { (text: String) throws(SettingParseFailure) -> Bool in
            switch text.lowercased() {
            case "on", "true", "yes", "1": return true
            case "off", "false", "no", "0": return false
            default: throw .expected("on or off")
            }
        }
    }
}
