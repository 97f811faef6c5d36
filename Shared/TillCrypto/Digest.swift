import COpenSSL

/// One-shot message digests from libcrypto.
///
/// Till only needs fixed, well-known primitives: SHA-256 for idempotency parameter hashes,
/// HMAC-SHA256 for the wire handshake and webhook signatures, and SHA-1 because Redis names
/// Lua scripts by their SHA-1 (`EVALSHA`).
public enum Digest {
    /// The SHA-256 digest (32 bytes) of `bytes`.
    public static func sha256<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        withContiguousBytes(bytes) { input in
            output.withUnsafeMutableBufferPointer { out in
                _ = SHA256(input.baseAddress, input.count, out.baseAddress)
            }
        }
        return output
    }

    /// The SHA-1 digest (20 bytes) of `bytes`. Used only to name Redis scripts, never for security.
    public static func sha1<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(SHA_DIGEST_LENGTH))
        withContiguousBytes(bytes) { input in
            output.withUnsafeMutableBufferPointer { out in
                _ = SHA1(input.baseAddress, input.count, out.baseAddress)
            }
        }
        return output
    }

    /// HMAC-SHA256 (32 bytes) of `message` under `key`.
    public static func hmacSHA256<Key: Collection<UInt8>, Message: Collection<UInt8>>(
        key: Key,
        message: Message
    ) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        withContiguousBytes(key) { keyBytes in
            withContiguousBytes(message) { messageBytes in
                output.withUnsafeMutableBufferPointer { out in
                    // A zero-length key still needs a non-null pointer for libcrypto.
                    var empty: UInt8 = 0
                    let keyPointer = keyBytes.baseAddress ?? withUnsafePointer(to: &empty) { UnsafeRawPointer($0) }
                    _ = HMAC(
                        EVP_sha256(),
                        keyPointer, Int32(keyBytes.count),
                        messageBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), messageBytes.count,
                        out.baseAddress, &length
                    )
                }
            }
        }
        return Array(output.prefix(Int(length)))
    }

    /// Compares two byte sequences in time that depends only on their lengths, so a MAC check
    /// leaks nothing about how many leading bytes matched.
    ///
    /// Inlinable so callers get a loop specialised for their collection types instead of a
    /// witness-table call per byte.
    @inlinable
    public static func constantTimeEquals<A: Collection<UInt8>, B: Collection<UInt8>>(_ a: A, _ b: B) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }

    private static func withContiguousBytes<Bytes: Collection<UInt8>, R>(
        _ bytes: Bytes,
        _ body: (UnsafeRawBufferPointer) -> R
    ) -> R {
        if let result = bytes.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(bytes).withUnsafeBytes(body)
    }
}
