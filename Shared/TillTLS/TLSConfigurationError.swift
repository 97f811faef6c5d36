/// Why TLS material could not be loaded: one line naming the file and what is wrong with it.
///
/// The service configuration prefixes it with the variable that ``file`` maps to
/// (`TILL_TLS_KEY: …`), so an operator sees which setting points at the bad file.
public struct TLSConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which of the TLS inputs is at fault.
    public enum File: Sendable, Hashable {
        /// The certificate chain a server presents.
        case certificate
        /// The server's private key (also blamed when it does not match the certificate).
        case privateKey
        /// The CA certificates a client trusts.
        case certificateAuthority
    }

    /// Which input is at fault.
    public var file: File
    /// What is wrong, naming the path, e.g. `cannot read "/etc/till/key.pem": no such file`.
    public var reason: String

    /// An error blaming `file` for `reason`.
    public init(_ file: File, _ reason: String) {
        self.file = file
        self.reason = reason
    }

    public var description: String { reason }
}
