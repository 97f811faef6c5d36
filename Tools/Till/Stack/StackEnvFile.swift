import Foundation

/// `stack.env`: the running stack's addresses and secrets as `KEY=VALUE` lines.
///
/// The format is the common denominator of `docker --env-file`, systemd's `EnvironmentFile=` and
/// `set -a; . .till/stack.env`: one variable per line, no quoting, no comments. Values never hold
/// a line break (rejected when writing). The file is created with mode 0600 — it holds the
/// cluster key — and replaced atomically, so a reader never sees half of it.
struct StackEnvFile: Sendable, Hashable {
    /// One `KEY=VALUE` line.
    struct Entry: Sendable, Hashable {
        var key: String
        var value: String

        init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    /// The variables in file order.
    var entries: [Entry]

    /// The value of `key`, if the file has it.
    subscript(key: String) -> String? {
        self.entries.last { $0.key == key }?.value
    }

    /// The value of `key`, or a one-line error naming the file and the missing variable.
    func require(_ key: String, in file: URL) throws(TillError) -> String {
        guard let value = self[key], !value.isEmpty else {
            throw TillError(.secretMissing, "\(file.path): \(key) missing")
        }
        return value
    }

    /// The file's text.
    func rendered() throws(TillError) -> String {
        var text = ""
        for entry in self.entries {
            guard Self.isValidKey(entry.key) else {
                throw TillError(.usage, "stack.env: invalid variable name \(entry.key.debugDescription)")
            }
            // The value is not quoted: its own text must not break the line (or be shown: it may be a secret).
            guard !entry.value.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\0" }) else {
                throw TillError(.usage, "stack.env: the value of \(entry.key) contains a line break")
            }
            text += "\(entry.key)=\(entry.value)\n"
        }
        return text
    }

    /// Writes the file with mode 0600, replacing any previous one atomically.
    func write(to file: URL) throws(TillError) {
        try PrivateFile.write(Data(try self.rendered().utf8), to: file, mode: 0o600)
    }

    /// Parses `text`; blank lines and `#` comments (which an operator may add) are skipped.
    static func parse(_ text: String) -> StackEnvFile {
        var entries: [Entry] = []
        for line in text.split(whereSeparator: \.isNewline) {
            guard !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { continue }
            entries.append(Entry(String(line[..<equals]), String(line[line.index(after: equals)...])))
        }
        return StackEnvFile(entries: entries)
    }

    /// Reads and parses `file`.
    static func read(from file: URL) throws(TillError) -> StackEnvFile {
        do {
            return Self.parse(try String(contentsOf: file, encoding: .utf8))
        } catch {
            throw TillError(.fileSystem, "cannot read \(file.path): \(StackLayout.reason(error))")
        }
    }

    /// `[A-Z0-9_]`, not starting with a digit: what every consumer of env files accepts.
    static func isValidKey(_ key: String) -> Bool {
        guard let first = key.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return key.utf8.allSatisfy {
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "_")
        }
    }
}
