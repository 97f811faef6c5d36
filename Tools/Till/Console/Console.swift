#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// What `till` tells the operator: plain lines on standard output, errors on standard error, and
/// a status line that a terminal shows in place (`\r`) and a pipe or file gets as ordinary lines.
///
/// Lines written while a status line is showing first end it, so messages never get glued to it.
/// Write failures (a closed terminal, a pipe whose reader left) are ignored: `till` must go on
/// stopping its stack even when nobody can read what it says.
final class Console: Sendable {
    /// Whether standard output is a terminal (decides how the status line is drawn).
    let isTerminal: Bool
    private let output: FileHandle
    private let errors: FileHandle
    private let statusShowing = Mutex(false)

    /// A console on `output` and `errors` (the process's standard output and error by default).
    init(
        output: FileHandle = .standardOutput,
        errors: FileHandle = .standardError,
        isTerminal: Bool? = nil
    ) {
        self.output = output
        self.errors = errors
        self.isTerminal = isTerminal ?? (isatty(output.fileDescriptor) == 1)
    }

    /// Writes `text` as one line on standard output.
    func line(_ text: String) {
        self.write(text + "\n", to: self.output)
    }

    /// Writes `text` as one line on standard error.
    func error(_ text: String) {
        self.write(text + "\n", to: self.errors)
    }

    /// Shows `text` as the status line: redrawn in place on a terminal, a new line otherwise.
    func status(_ text: String) {
        guard self.isTerminal else {
            self.line(text)
            return
        }
        self.statusShowing.withLock { showing in
            showing = true
            // Carriage return, then erase to the end of the line: the old status may be longer.
            try? self.output.write(contentsOf: Data("\r\u{1B}[K\(text)".utf8))
        }
    }

    /// Reports `error`: each line prefixed with the command (`till up: …`), indented lines (a
    /// log's tail) as they are.
    func report(_ error: TillError, command: String) {
        for line in error.message.split(separator: "\n", omittingEmptySubsequences: false) {
            self.error(line.hasPrefix(" ") ? String(line) : "till \(command): \(line)")
        }
    }

    private func write(_ text: String, to handle: FileHandle) {
        self.statusShowing.withLock { showing in
            if showing {
                try? self.output.write(contentsOf: Data("\n".utf8))
                showing = false
            }
            try? handle.write(contentsOf: Data(text.utf8))
        }
    }
}
