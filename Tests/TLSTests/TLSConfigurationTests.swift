import ArgumentParser
import Foundation
import TillService
import Testing

/// `TILL_TLS_*` validation at start: one line naming the variable and the bad file. About 0.3 s.
@Suite("TLS configuration")
struct TLSConfigurationTests {
    static let clusterKey = "0123456789abcdef-cluster"

    private func resolve(_ environment: [String: String], arguments: [String] = []) throws -> ServiceSettings {
        var environment = environment
        environment["TILL_CLUSTER_KEY"] = Self.clusterKey
        return try ServiceOptions.parse(arguments)
            .resolve(service: "inventory", defaultListen: HostPort(host: "127.0.0.1", port: 7001), environment: environment)
    }

    private func failure(_ environment: [String: String], arguments: [String] = []) -> String {
        do {
            let settings = try resolve(environment, arguments: arguments)
            Issue.record("resolved unexpectedly: \(settings)")
            return ""
        } catch let error as ValidationError {
            #expect(!error.message.contains("\n"))
            return error.message
        } catch {
            Issue.record("unexpected \(error)")
            return ""
        }
    }

    @Test func plainTCPIsTheDefault() throws {
        let settings = try resolve([:])
        #expect(settings.tls == TLSSettings())
        #expect(try settings.tls.server() == nil && settings.tls.client() == nil && settings.tls.redisClient() == nil)
    }

    @Test func validFilesResolveFromVariablesAndFlags() throws {
        let pki = try TestPKI.make()
        defer { pki.remove() }
        let fromEnvironment = try resolve([
            "TILL_TLS_CERT": pki.certificatePath, "TILL_TLS_KEY": pki.keyPath, "TILL_TLS_CA": pki.caPath, "TILL_REDIS_TLS": "on",
        ])
        #expect(fromEnvironment.tls == TLSSettings(certificatePath: pki.certificatePath, keyPath: pki.keyPath, caPath: pki.caPath, redis: true))
        #expect(try fromEnvironment.tls.server() != nil)
        let fromFlags = try resolve([:], arguments: [
            "--tls-cert", pki.certificatePath, "--tls-key", pki.keyPath, "--tls-ca", pki.caPath, "--redis-tls", "on",
        ])
        #expect(fromFlags.tls == fromEnvironment.tls)
        // A rediss:// URL turns Redis TLS on by itself.
        #expect(try resolve(["TILL_REDIS_URL": "rediss://127.0.0.1:6380/0"]).tls.redis)
    }

    @Test func badFilesAreNamedInOneLine() throws {
        let pki = try TestPKI.make()
        defer { pki.remove() }
        let missing = pki.path("missing.pem")
        #expect(failure(["TILL_TLS_CERT": missing, "TILL_TLS_KEY": pki.keyPath])
            == "TILL_TLS_CERT: cannot read \(missing.debugDescription): no such file")
        // A certificate where the key should be, and a key where a certificate should be.
        #expect(failure(["TILL_TLS_CERT": pki.certificatePath, "TILL_TLS_KEY": pki.certificatePath])
            == "TILL_TLS_KEY: \(pki.certificatePath.debugDescription) is not an unencrypted PEM private key")
        #expect(failure(["TILL_TLS_CA": pki.keyPath])
            == "TILL_TLS_CA: \(pki.keyPath.debugDescription) holds no PEM certificate"
            || failure(["TILL_TLS_CA": pki.keyPath]) == "TILL_TLS_CA: \(pki.keyPath.debugDescription) is not a PEM certificate file")
        #expect(failure(["TILL_TLS_CERT": pki.certificatePath]) == "TILL_TLS_KEY: required when TILL_TLS_CERT is set")
        #expect(failure(["TILL_TLS_KEY": pki.keyPath]) == "TILL_TLS_CERT: required when TILL_TLS_KEY is set")
        #expect(failure(["TILL_REDIS_TLS": "maybe"]) == #"TILL_REDIS_TLS: expected on or off, got "maybe""#)
    }

    @Test func aKeyOfAnotherCertificateIsRefused() throws {
        let pki = try TestPKI.make()
        defer { pki.remove() }
        let message = failure(["TILL_TLS_CERT": pki.certificatePath, "TILL_TLS_KEY": pki.path("ca.key")])
        #expect(message.hasPrefix("TILL_TLS_KEY: the key \(pki.path("ca.key").debugDescription) does not match the certificate"), "\(message)")
    }
}
