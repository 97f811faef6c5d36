#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Where rendered log lines go.
///
/// A log handler renders a whole line first and hands it over in one call, so an implementation only
/// has to keep each call's bytes together; tests inject an in-memory output instead of
/// bootstrapping the global logging system.
public protocol LogOutput: Sendable {
    /// Writes `line`, which already ends in a newline, without interleaving it with any other line.
    func write(line: String)
}

/// Writes log lines to a file descriptor — standard error in production — one `write(2)` per line
/// where the kernel allows.
///
/// Lines are written under a process-wide lock, so even a line that the kernel accepts in several
/// partial writes (a long line into a full pipe) never interleaves with another thread's line. The
/// lock is held only for the system call: lines are rendered before it is taken. A write error drops
/// the rest of that line rather than blocking or crashing: logging must never take a service down.
public struct FileDescriptorLogOutput: LogOutput {
    /// One lock for every instance: they usually share descriptor 2, and a line is rarely long
    /// enough for the lock to be contended.
    private static let lock = Mutex(())

    /// The process's standard error, where every Till service logs.
    public static var standardError: Self { Self(fileDescriptor: STDERR_FILENO) }

    private let fileDescriptor: Int32

    /// An output writing to `fileDescriptor`, which the caller keeps open for as long as it logs.
    public init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    /// Writes `line` in one locked sequence of `write(2)` calls.
    public func write(line: String) {
        var line = line
        line.withUTF8 { bytes in
            Self.lock.withLock { _ in
                writeFully(bytes, to: self.fileDescriptor)
            }
        }
    }
}

/// Writes all of `bytes` to `fileDescriptor`, retrying partial writes and interrupted calls; any
/// other error drops the rest (a log line is not worth blocking or crashing for).
private func writeFully(_ bytes: UnsafeBufferPointer<UInt8>, to fileDescriptor: Int32) {
    guard var next = bytes.baseAddress else { return }
    var remaining = bytes.count
    while remaining > 0 {
        let written = write(fileDescriptor, next, remaining)
        if written > 0 {
            next += written
            remaining -= written
        } else if written < 0 && errno == EINTR {
            continue
        } else {
            return
        }
    }
}
