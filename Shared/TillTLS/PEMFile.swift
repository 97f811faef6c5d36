import Foundation
import NIOSSL

/// Reads PEM files for TLS, turning every failure into a ``TLSConfigurationError`` that names the
/// file: NIOSSL's own errors say only "failed to load" without the path.
enum PEMFile {
    /// The certificates in the PEM file at `path`, at least one.
    static func certificates(at path: String, as file: TLSConfigurationError.File) throws(TLSConfigurationError) -> [NIOSSLCertificate] {
        let bytes = try read(path, as: file)
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(bytes)
        } catch {
            throw TLSConfigurationError(file, "\(path.debugDescription) is not a PEM certificate file")
        }
        guard !certificates.isEmpty else {
            throw TLSConfigurationError(file, "\(path.debugDescription) holds no PEM certificate")
        }
        return certificates
    }

    /// The private key in the PEM file at `path`.
    static func privateKey(at path: String) throws(TLSConfigurationError) -> NIOSSLPrivateKey {
        let bytes = try read(path, as: .privateKey)
        do {
            return try NIOSSLPrivateKey(bytes: bytes, format: .pem)
        } catch {
            throw TLSConfigurationError(.privateKey, "\(path.debugDescription) is not an unencrypted PEM private key")
        }
    }

    private static func read(_ path: String, as file: TLSConfigurationError.File) throws(TLSConfigurationError) -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw TLSConfigurationError(file, "cannot read \(path.debugDescription): no such file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TLSConfigurationError(file, "cannot read \(path.debugDescription): permission denied or not a file")
        }
        return Array(data)
    }
}
