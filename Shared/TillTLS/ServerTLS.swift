import NIOCore
import NIOSSL

/// TLS for a listener: the certificate chain and key it presents.
///
/// Loaded once at start-up (so a bad file fails the start with one line) and shared by every
/// accepted connection; `NIOSSLContext` is immutable and thread-safe.
public struct ServerTLS: Sendable {
    /// The context every accepted connection's handler is made from.
    public let context: NIOSSLContext

    /// Loads the PEM certificate chain (leaf first) and its private key.
    /// - Throws: ``TLSConfigurationError`` naming the unreadable file, or a key that does not fit.
    public init(certificatePath: String, keyPath: String) throws(TLSConfigurationError) {
        let chain = try PEMFile.certificates(at: certificatePath, as: .certificate)
        let key = try PEMFile.privateKey(at: keyPath)
        guard let leaf = chain.first, KeyPairCheck.matches(certificate: leaf, key: key) else {
            throw TLSConfigurationError(
                .privateKey,
                "the key \(keyPath.debugDescription) does not match the certificate \(certificatePath.debugDescription)"
            )
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) },
            privateKey: .privateKey(key)
        )
        configuration.minimumTLSVersion = .tlsv12
        do {
            self.context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw TLSConfigurationError(.certificate, "cannot use \(certificatePath.debugDescription) for TLS: \(error)")
        }
    }

    /// A new server-side TLS handler, first in an accepted connection's pipeline.
    public func makeHandler() -> NIOSSLServerHandler {
        NIOSSLServerHandler(context: context)
    }
}
