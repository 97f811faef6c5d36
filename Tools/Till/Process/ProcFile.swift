#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file of Linux's `/proc` whole.
///
/// Foundation cannot be trusted with them: `/proc` files report a size of 0, and for such a file
/// `String(contentsOfFile:)` reads 4 KiB chunks and stops at the first `read` that returns less
/// than a full chunk. The kernel hands `/proc/net/tcp` out in whole 150-byte rows, 4,050 bytes per
/// `read`, so Foundation saw only its first 26 sockets: on a busy machine a new listener was
/// "held by another process" until the readiness deadline. Only `read` returning 0 means the end.
enum ProcFile {
    /// The buffer offered to each `read` (the kernel may return less; that is not the end).
    static let chunkSize = 64 * 1024

    /// The whole text of `path`, or nil when it cannot be opened or read.
    static func contents(of path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { _ = close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: Self.chunkSize)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            guard count > 0 else {
                if errno == EINTR { continue }
                return nil
            }
            bytes.append(contentsOf: chunk[..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
