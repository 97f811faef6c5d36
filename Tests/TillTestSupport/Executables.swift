import Foundation
import TillProcess

/// Finds the programs the tests start, through ``TillProcess/ExecutableLocator`` (the locator
/// `till` and `till-bench` use): system ones on `PATH`, and this package's own executables in
/// the build products folder the test binary runs from.
public enum Executables {
    /// The test binary sits in the products folder on Linux and a few levels below it in a bundle
    /// elsewhere.
    private static var locator: ExecutableLocator {
        ExecutableLocator.current(environment: ProcessInfo.processInfo.environment, productLevels: 3)
    }

    /// A program on `PATH` (plus the sbin folders Debian puts servers in).
    public static func locateSystem(_ name: String) throws -> URL {
        try locator.system(name, hint: ".ci/run installs it (apt-get install redis-server)")
    }

    /// A product of this package (`till-inventory`, …) built alongside the tests.
    public static func locateProduct(_ name: String) throws -> URL {
        do {
            return try locator.product(name)
        } catch {
            throw TestSupportError("\(name) not built; run `swift build --build-tests` first")
        }
    }
}
