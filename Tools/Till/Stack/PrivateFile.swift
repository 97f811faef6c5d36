#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Writes files that must never be readable by others, not even for a moment.
///
/// Foundation creates a file with the process's umask and changes its mode afterwards, which
/// leaves a window in which a secret is world-readable. Here the file is created by `open(2)`
/// with its final mode, next to the target, then renamed over it (atomic on one file system).
enum PrivateFile {
    /// Replaces `file` with `data`, created with `mode` (further narrowed by the umask only).
    static func write(_ data: Data, to file: URL, mode: mode_t) throws(TillError) {
        let temporary = file.deletingLastPathComponent()
            .appendingPathComponent(".\(file.lastPathComponent).\(getpid()).tmp")
        unlink(temporary.path)
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw Self.failure("cannot create", temporary)
        }
        var written = 0
        let ok = data.withUnsafeBytes { bytes -> Bool in
            while written < bytes.count {
                let result = systemWrite(descriptor, bytes.baseAddress.map { $0 + written }, bytes.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += result
            }
            return fsync(descriptor) == 0
        }
        let failure = ok ? nil : Self.failure("cannot write", temporary)
        close(descriptor)
        if let failure {
            unlink(temporary.path)
            throw failure
        }
        guard rename(temporary.path, file.path) == 0 else {
            let failure = Self.failure("cannot replace", file)
            unlink(temporary.path)
            throw failure
        }
    }

    private static func failure(_ action: String, _ file: URL) -> TillError {
        let reason = String(cString: strerror(errno))
        return TillError(.fileSystem, "\(action) \(file.path): \(reason)")
    }
}

/// `write(2)`, named apart from Foundation's `write` overloads.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Darwin)
    Darwin.write(descriptor, buffer, count)
    #elseif canImport(Musl)
    Musl.write(descriptor, buffer, count)
    #else
    Glibc.write(descriptor, buffer, count)
    #endif
}
