import Foundation
import TillTestSupport

/// A throwaway certificate authority and a server certificate for 127.0.0.1 / localhost, made
/// with the `openssl` command line in a temporary directory, plus a second CA that signed nothing
/// (a client trusting only it must refuse the server).
struct TestPKI: Sendable {
    let directory: URL
    var caPath: String { path("ca.pem") }
    var otherCAPath: String { path("other-ca.pem") }
    var certificatePath: String { path("server.pem") }
    var keyPath: String { path("server.key") }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Makes the files with P-256 keys (RSA key generation takes seconds on a busy 2-core machine).
    static func make() throws -> TestPKI {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("till-pki-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let pki = TestPKI(directory: directory)
        try pki.openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                         "-keyout", pki.path("ca.key"), "-out", pki.caPath, "-subj", "/CN=Till Test CA"])
        try pki.openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                         "-keyout", pki.path("other-ca.key"), "-out", pki.otherCAPath, "-subj", "/CN=Other CA"])
        try pki.openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", pki.keyPath,
                         "-out", pki.path("server.csr"), "-subj", "/CN=localhost"])
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\n".write(toFile: pki.path("san.cnf"), atomically: true, encoding: .utf8)
        try pki.openssl(["x509", "-req", "-in", pki.path("server.csr"), "-CA", pki.caPath, "-CAkey", pki.path("ca.key"),
                         "-CAcreateserial", "-days", "2", "-out", pki.certificatePath, "-extfile", pki.path("san.cnf")])
        return pki
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = try Executables.locateSystem("openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestSupportError("openssl \(arguments.prefix(2).joined(separator: " ")) failed with \(process.terminationStatus)")
        }
    }
}
