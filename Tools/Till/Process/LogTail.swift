import Foundation

/// The last lines of a log file, to show why a process died without opening the file.
enum LogTail {
    /// How much of the file's end is read: enough for a handful of long JSON lines.
    static let window = 16 * 1024

    /// Up to `count` last non-empty lines of `file` (fewer if it is shorter; none if unreadable).
    static func lines(of file: URL, count: Int) -> [String] {
        guard count > 0, let handle = try? FileHandle(forReadingFrom: file) else { return [] }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return [] }
        let start = size > UInt64(Self.window) ? size - UInt64(Self.window) : 0
        guard (try? handle.seek(toOffset: start)) != nil, let data = try? handle.readToEnd() else { return [] }
        var lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
        if start > 0, !lines.isEmpty {
            lines.removeFirst()  // cut in the middle
        }
        return lines.suffix(count).map { String($0) }
    }
}
