import Foundation

/// Finds the programs `till up` starts: Till's own executables in the folder `till` itself was
/// built or installed into, and system programs (`redis-server`) on `PATH`.
struct ExecutableLocator: Sendable, Hashable {
    /// Where Till's executables are: the folder holding the running `till`.
    var productsFolder: URL
    /// Folders searched for system programs, in order.
    var searchPath: [URL]

    /// The locator for this process: `PATH` plus the `sbin` folders Debian puts servers in.
    static func current(environment: [String: String]) -> ExecutableLocator {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let folders = path.split(separator: ":").map(String.init) + ["/usr/local/sbin", "/usr/sbin", "/sbin"]
        return ExecutableLocator(
            productsFolder: Self.runningExecutable().deletingLastPathComponent(),
            searchPath: folders.map { URL(fileURLWithPath: $0, isDirectory: true) }
        )
    }

    /// Till's executable `name`, or a one-line error saying where it was looked for.
    func product(_ name: String) throws(TillError) -> URL {
        guard let found = self.optionalProduct(name) else {
            throw TillError(
                .executableMissing,
                "\(name) not found in \(self.productsFolder.path) (build it with `swift build`)"
            )
        }
        return found
    }

    /// Till's executable `name`, if it was built.
    func optionalProduct(_ name: String) -> URL? {
        let candidate = self.productsFolder.appendingPathComponent(name)
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }

    /// The system program `name` from the search path.
    func system(_ name: String, hint: String) throws(TillError) -> URL {
        for folder in self.searchPath {
            let candidate = folder.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw TillError(.executableMissing, "\(name) not found on PATH (\(hint))")
    }

    private static func runningExecutable() -> URL {
        #if os(Linux)
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        #else
        (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath()
        #endif
    }
}
