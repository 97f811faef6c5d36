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
final class Console: Sendable {
    /// Whether standard output is a terminal (decides how the status line is drawn).
    let isTerminal: Bool
    private let statusShowing = Mutex(false)

    init(isTerminal: Bool = isatty(STDOUT_FILENO) == 1) {
        self.isTerminal = isTerminal
    }

    /// Writes `text` as one line on standard output.
    func line(_ text: String) {
        self.write(text + "\n", to: FileHandle.standardOutput)
    }

    /// Writes `text` as one line on standard error.
    func error(_ text: String) {
        self.write(text + "\n", to: FileHandle.standardError)
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
            FileHandle.standardOutput.write(Data("\r\u{1B}[K\(text)".utf8))
        }
    }

    private func write(_ text: String, to handle: FileHandle) {
        self.statusShowing.withLock { showing in
            if showing {
                FileHandle.standardOutput.write(Data("\n".utf8))
                showing = false
            }
            handle.write(Data(text.utf8))
        }
    }
}

extension Console {
    /// Reports `error` on standard error: each line prefixed with the command (`till up: …`),
    /// indented lines (a log's tail) as they are.
    func report(_ error: TillError, command: String) {
        for line in error.message.split(separator: "\n", omittingEmptySubsequences: false) {
            self.error(line.hasPrefix(" ") ? String(line) : "till \(command): \(line)")
        }
    }
}
