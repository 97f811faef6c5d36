import Foundation

/// Finds the programs the tests start: system ones on `PATH`, and this package's own executables
/// in the build products directory next to the running test bundle.
public enum Executables {
    /// A program on `PATH` (plus the sbin folders Debian puts servers in).
    public static func locateSystem(_ name: String) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/local/sbin", "/sbin"]
        for folder in folders {
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw TestSupportError("\(name) not found on PATH; .ci/run installs it (apt-get install redis-server)")
    }

    /// A product of this package (`till-inventory`, …) built alongside the tests.
    public static func locateProduct(_ name: String) throws -> URL {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        // The test binary lives in `<products>/<package>PackageTests.xctest` (a file on Linux).
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        throw TestSupportError("\(name) not built; run `swift build --build-tests` first")
    }
}
