import Foundation

/// Which process holds a listening TCP port, from Linux's `/proc`.
///
/// A readiness check only proves that *something* answers on a port. When another program took
/// the port a child was given, the child fails to bind and exits — but the other program may
/// answer the check first (a second Redis answers `PING` just as well). Readiness therefore also
/// asks whether the listening socket is the child's own.
enum ListeningSockets {
    /// The socket tables read, IPv4 and IPv6 (whole, with ``ProcFile``: Foundation stops reading
    /// them after about 26 sockets).
    static let tables = ["/proc/net/tcp", "/proc/net/tcp6"]

    /// Whether process `pid` holds a socket listening on TCP `port`; nil where `/proc` cannot tell
    /// (another platform, or the process's descriptors are not readable).
    static func isHeld(port: Int, by pid: Int32) -> Bool? {
        var readable = false
        var inodes: Set<Substring> = []
        for table in Self.tables {
            guard let text = ProcFile.contents(of: table) else { continue }
            readable = true
            inodes.formUnion(Self.listeningInodes(in: text, port: port))
        }
        guard readable else { return nil }
        guard !inodes.isEmpty else { return false }
        let folder = "/proc/\(pid)/fd"
        guard let descriptors = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return nil }
        for descriptor in descriptors {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(folder)/\(descriptor)"),
                target.hasPrefix("socket:["), target.hasSuffix("]")
            else { continue }
            if inodes.contains(target.dropFirst("socket:[".count).dropLast()) { return true }
        }
        return false
    }

    /// The inodes of sockets in a `/proc/net/tcp*` table listening on `port`.
    ///
    /// Each row is `sl local_address rem_address st … uid timeout inode …`, the local address as
    /// hex `IP:PORT` and the state `0A` for LISTEN.
    static func listeningInodes(in table: String, port: Int) -> Set<Substring> {
        var inodes: Set<Substring> = []
        for row in table.split(separator: "\n").dropFirst() {
            let fields = row.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 9, fields[3] == "0A", let colon = fields[1].lastIndex(of: ":"),
                Int(fields[1][fields[1].index(after: colon)...], radix: 16) == port
            else { continue }
            inodes.insert(fields[9])
        }
        return inodes
    }
}
