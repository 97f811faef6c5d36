import NIOCore
import NIOSSL

/// TLS for outgoing connections: which certificate authorities the client trusts.
///
/// The server's certificate is always verified, and so is its name: a host name against the
/// certificate's DNS names (and sent as SNI), an IP address against its IP addresses.
public struct ClientTLS: Sendable {
    /// The context every connection's handler is made from.
    public let context: NIOSSLContext

    /// Trusts the CA certificates in the PEM file at `caPath`, or the system's roots when `nil`.
    /// - Throws: ``TLSConfigurationError`` naming an unreadable or non-PEM CA file.
    public init(caPath: String?) throws(TLSConfigurationError) {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let caPath {
            configuration.trustRoots = .certificates(try PEMFile.certificates(at: caPath, as: .certificateAuthority))
        }
        do {
            self.context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw TLSConfigurationError(.certificateAuthority, "cannot set up TLS trust from \((caPath ?? "the system roots").debugDescription): \(error)")
        }
    }

    /// A new client-side TLS handler for a connection to `host`, first in the pipeline.
    ///
    /// An IP literal is not a valid SNI name; NIOSSL then checks the certificate against the
    /// connected peer's address instead.
    public func makeHandler(host: String) throws -> NIOSSLClientHandler {
        let serverHostname = Self.isIPAddress(host) ? nil : host
        return try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
    }

    static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }
}
