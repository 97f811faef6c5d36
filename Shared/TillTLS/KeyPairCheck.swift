import COpenSSL
import NIOSSL

/// Whether a private key belongs to a certificate.
///
/// `NIOSSLContext` accepts a mismatched pair and every handshake then fails; comparing the public
/// halves at load time turns that into one start-up error naming both files.
enum KeyPairCheck {
    static func matches(certificate: NIOSSLCertificate, key: NIOSSLPrivateKey) -> Bool {
        guard let certificatePublic = try? certificate.extractPublicKey().toSPKIBytes(),
              let keyDER = try? key.derBytes,
              let keyPublic = publicKeyDER(ofPrivateKey: keyDER)
        else { return false }
        return certificatePublic == keyPublic
    }

    /// The SubjectPublicKeyInfo DER of the key whose private DER is `der` (PKCS#1 or PKCS#8).
    private static func publicKeyDER(ofPrivateKey der: [UInt8]) -> [UInt8]? {
        der.withUnsafeBufferPointer { buffer -> [UInt8]? in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            guard let key = d2i_AutoPrivateKey(nil, &cursor, buffer.count) else { return nil }
            defer { EVP_PKEY_free(key) }
            let length = i2d_PUBKEY(key, nil)
            guard length > 0 else { return nil }
            var output = [UInt8](repeating: 0, count: Int(length))
            let written = output.withUnsafeMutableBufferPointer { target -> Int32 in
                var end = target.baseAddress
                return i2d_PUBKEY(key, &end)
            }
            return written == length ? output : nil
        }
    }
}
