import Foundation

/// Where a stack keeps its files: everything under one directory (`.till` by default).
///
/// ```
/// .till/
///   stack.env        addresses and secrets, KEY=VALUE, mode 0600
///   stack.json       processes, pids and ports, for `till down` and `till status`
///   redis/           the private redis-server's data (AOF)
///   logs/<name>.log  each process's standard output and error
/// ```
struct StackLayout: Sendable, Hashable {
    /// The stack directory, absolute.
    let root: URL

    /// The layout under `directory`, resolved against `currentDirectory` when relative.
    init(directory: String, currentDirectory: String = FileManager.default.currentDirectoryPath) {
        let base = URL(fileURLWithPath: currentDirectory, isDirectory: true)
        self.root = URL(fileURLWithPath: directory, isDirectory: true, relativeTo: base).standardizedFileURL
    }

    /// The private redis-server's working directory.
    var redisDirectory: URL { self.root.appendingPathComponent("redis", isDirectory: true) }
    /// The folder holding one log per process.
    var logsDirectory: URL { self.root.appendingPathComponent("logs", isDirectory: true) }
    /// `stack.env`: the addresses and secrets.
    var environmentFile: URL { self.root.appendingPathComponent("stack.env") }
    /// `stack.json`: the processes of the running stack.
    var recordFile: URL { self.root.appendingPathComponent("stack.json") }

    /// The log of the process called `name`.
    func logFile(for name: String) -> URL {
        self.logsDirectory.appendingPathComponent("\(name).log")
    }

    /// Creates the directories. A new root is private to the user (it holds the secrets); an
    /// existing one keeps its mode — it may be a folder the operator chose, like `--dir .` —
    /// and `stack.env` is private by itself.
    func prepare() throws(TillError) {
        do {
            let files = FileManager.default
            if !files.fileExists(atPath: self.root.path) {
                try files.createDirectory(
                    at: self.root,
                    withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700]
                )
            }
            try files.createDirectory(at: self.redisDirectory, withIntermediateDirectories: true)
            try files.createDirectory(at: self.logsDirectory, withIntermediateDirectories: true)
        } catch {
            throw TillError(.fileSystem, "cannot create \(self.root.path): \(Self.reason(error))")
        }
    }

    /// Removes the files describing a running stack (its data and logs stay).
    func removeStackFiles() {
        try? FileManager.default.removeItem(at: self.environmentFile)
        try? FileManager.default.removeItem(at: self.recordFile)
    }

    /// A short reason for a Foundation file error, without its dictionary dump.
    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return POSIXError(code).localizedDescription
        }
        return nsError.localizedDescription
    }
}
