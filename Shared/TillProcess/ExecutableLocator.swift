import Foundation

/// Finds the programs Till starts: its own executables (`till-inventory`, …) in the folder it was
/// built or installed into, and system programs (`redis-server`) on `PATH`.
///
/// `till`, `till-bench` and the tests share it, so every one of them looks in the same places
/// and says the same thing when a program is missing.
public struct ExecutableLocator: Sendable, Hashable {
    /// Where Till's executables are, searched in order: normally just the folder holding the
    /// running executable.
    public var productsFolders: [URL]
    /// Folders searched for system programs, in order.
    public var searchPath: [URL]

    /// A locator searching exactly these folders.
    public init(productsFolders: [URL], searchPath: [URL]) {
        self.productsFolders = productsFolders
        self.searchPath = searchPath
    }

    /// The locator for this process: products next to the running executable; system programs on
    /// `PATH` and then the `sbin` folders Debian puts servers in.
    ///
    /// - Parameter productLevels: how many folders above the running executable's to search too
    ///   (a test bundle sits one or more levels below the products on some platforms).
    public static func current(environment: [String: String], productLevels: Int = 0) -> ExecutableLocator {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let folders = path.split(separator: ":").map(String.init) + ["/usr/local/sbin", "/usr/sbin", "/sbin"]
        var products = [Self.runningExecutable().deletingLastPathComponent()]
        for _ in 0..<max(0, productLevels) {
            guard let last = products.last, last.path != "/" else { break }
            products.append(last.deletingLastPathComponent())
        }
        return ExecutableLocator(
            productsFolders: products,
            searchPath: folders.map { URL(fileURLWithPath: $0, isDirectory: true) }
        )
    }

    /// Till's executable `name`.
    public func product(_ name: String) throws(ExecutableNotFound) -> URL {
        guard let found = self.optionalProduct(name) else {
            throw ExecutableNotFound(name: name, folders: self.productsFolders, hint: "build it with `swift build`")
        }
        return found
    }

    /// Till's executable `name`, if it was built.
    public func optionalProduct(_ name: String) -> URL? {
        Self.first(name, in: self.productsFolders)
    }

    /// The system program `name` from the search path; `hint` says how to get it.
    public func system(_ name: String, hint: String) throws(ExecutableNotFound) -> URL {
        guard let found = Self.first(name, in: self.searchPath) else {
            throw ExecutableNotFound(name: name, folders: nil, hint: hint)
        }
        return found
    }

    /// `name` among Till's executables, else on the search path.
    public func productOrSystem(_ name: String, hint: String) throws(ExecutableNotFound) -> URL {
        if let product = self.optionalProduct(name) { return product }
        return try self.system(name, hint: hint)
    }

    private static func first(_ name: String, in folders: [URL]) -> URL? {
        for folder in folders {
            let candidate = folder.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    private static func runningExecutable() -> URL {
        #if os(Linux)
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        #else
        (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath()
        #endif
    }
}

/// A program that is not where ``ExecutableLocator`` looked: one line naming it, where it was
/// looked for, and how to get it.
public struct ExecutableNotFound: Error, Sendable, Hashable, CustomStringConvertible {
    /// The program's file name.
    public var name: String
    /// The folders searched, or `nil` for "on PATH".
    public var folders: [URL]?
    /// How to get it (`apt-get install redis-server`, `build it with swift build`).
    public var hint: String

    public var description: String {
        let place = self.folders.map { "in " + $0.map(\.path).joined(separator: ", ") } ?? "on PATH"
        return "\(self.name) not found \(place) (\(self.hint))"
    }
}
