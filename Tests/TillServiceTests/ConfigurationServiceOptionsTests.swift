import ArgumentParser
import Logging
import Testing
import TillObservability
import TillService

@Suite("Configuration: ServiceOptions")
struct ConfigurationServiceOptionsTests {
    static let clusterKey = "0123456789abcdef-cluster"
    static let listen = HostPort(host: "127.0.0.1", port: 7001)

    private func resolve(
        _ arguments: [String] = [],
        environment: [String: String] = ["TILL_CLUSTER_KEY": clusterKey]
    ) throws -> ServiceSettings {
        try ServiceOptions.parse(arguments).resolve(service: "inventory", defaultListen: Self.listen, environment: environment)
    }

    /// The one-line message of the error resolving fails with.
    private func failure(_ arguments: [String] = [], environment: [String: String]) throws -> String {
        do {
            let settings = try self.resolve(arguments, environment: environment)
            Issue.record("resolved unexpectedly: \(settings)")
            return ""
        } catch let error as ValidationError {
            #expect(!error.message.contains("\n"))
            return error.message
        }
    }

    @Test func documentedDefaults() throws {
        let settings = try self.resolve()
        #expect(settings.service == "inventory")
        #expect(settings.redisURL == "redis://127.0.0.1:6379/0")
        #expect(settings.listen == Self.listen)
        #expect(settings.adminListen == HostPort(host: "127.0.0.1", port: 0))
        #expect(settings.clusterKeys == [Self.clusterKey])
        #expect(settings.clientKeys == nil)
        #expect(settings.maxFrame == 1_048_576)
        #expect(settings.maxConnections == 4096)
        #expect(settings.handshakeTimeout == .milliseconds(5000))
        #expect(settings.drainTimeout == .milliseconds(10_000))
        #expect(settings.logLevel == .info)
        #expect(settings.logFormat == .json)
        #expect(settings.eventLoops == nil)
        #expect(settings.instance.wholeMatch(of: /inventory-[A-Za-z0-9_.:-]+-\d+/) != nil)
        #expect(settings.instance.utf8.count <= 64)
    }

    @Test func everySettingIsReadFromTheEnvironment() throws {
        let settings = try self.resolve(environment: [
            "TILL_REDIS_URL": "redis://:pw@10.0.0.5:6380/2",
            "TILL_LISTEN": "0.0.0.0:7101",
            "TILL_ADMIN_LISTEN": "[::1]:9101",
            "TILL_CLUSTER_KEY": "\(Self.clusterKey), previous-key-0123456",
            "TILL_CLIENT_KEYS": "storefront=abc:checkout.*",
            "TILL_MAX_FRAME": "2048",
            "TILL_MAX_CONNECTIONS": "10",
            "TILL_HANDSHAKE_TIMEOUT_MS": "250",
            "TILL_DRAIN_TIMEOUT_MS": "0",
            "TILL_LOG_LEVEL": "DEBUG",
            "TILL_LOG_FORMAT": "text",
            "TILL_INSTANCE": "inventory-a",
            "TILL_EVENT_LOOPS": "1",
        ])
        #expect(settings.redisURL == "redis://:pw@10.0.0.5:6380/2")
        #expect(settings.listen == HostPort(host: "0.0.0.0", port: 7101))
        #expect(settings.adminListen == HostPort(host: "::1", port: 9101))
        #expect(settings.clusterKeys == [Self.clusterKey, "previous-key-0123456"])
        #expect(settings.clientKeys == "storefront=abc:checkout.*")
        #expect(settings.maxFrame == 2048)
        #expect(settings.maxConnections == 10)
        #expect(settings.handshakeTimeout == .milliseconds(250))
        #expect(settings.drainTimeout == .zero)
        #expect(settings.logLevel == .debug)
        #expect(settings.logFormat == .text)
        #expect(settings.instance == "inventory-a")
        #expect(settings.eventLoops == 1)
    }

    @Test func flagBeatsEnvironmentBeatsDefault() throws {
        let environment = ["TILL_CLUSTER_KEY": Self.clusterKey, "TILL_LISTEN": "127.0.0.1:8001", "TILL_MAX_FRAME": "4096"]
        let fromEnvironment = try self.resolve(environment: environment)
        #expect(fromEnvironment.listen.port == 8001)
        #expect(fromEnvironment.maxFrame == 4096)
        #expect(fromEnvironment.maxConnections == 4096)

        let fromFlags = try self.resolve(["--listen", "127.0.0.1:9001", "--max-frame", "8192"], environment: environment)
        #expect(fromFlags.listen.port == 9001)
        #expect(fromFlags.maxFrame == 8192)

        let keyFromFlag = try self.resolve(["--cluster-key", "flag-key-0123456789"], environment: environment)
        #expect(keyFromFlag.clusterKeys == ["flag-key-0123456789"])
    }

    @Test func anInvalidFlagFailsEvenWhenTheEnvironmentIsValid() throws {
        let message = try self.failure(
            ["--listen", "nowhere"],
            environment: ["TILL_CLUSTER_KEY": Self.clusterKey, "TILL_LISTEN": "127.0.0.1:8001"]
        )
        #expect(message == #"TILL_LISTEN: expected host:port, got "nowhere""#)
    }

    @Test func anEmptyVariableCountsAsUnsetAndValuesAreTrimmed() throws {
        let settings = try self.resolve(environment: [
            "TILL_CLUSTER_KEY": "  \(Self.clusterKey)\n",
            "TILL_CLIENT_KEYS": "",
            "TILL_LOG_LEVEL": "   ",
        ])
        #expect(settings.clusterKeys == [Self.clusterKey])
        #expect(settings.clientKeys == nil)
        #expect(settings.logLevel == .info)
    }

    @Test(arguments: [
        ("TILL_LISTEN", "abc", #"TILL_LISTEN: expected host:port, got "abc""#),
        ("TILL_LISTEN", "127.0.0.1:70000", #"TILL_LISTEN: expected a port from 0 to 65535, got "127.0.0.1:70000""#),
        ("TILL_LISTEN", "a\nb:1", #"TILL_LISTEN: expected host:port, got "a\nb:1""#),
        ("TILL_ADMIN_LISTEN", "localhost", #"TILL_ADMIN_LISTEN: expected host:port, got "localhost""#),
        ("TILL_REDIS_URL", "http://x", #"TILL_REDIS_URL: expected redis[s]://[:password@]host:port/db or redis-cluster://[:password@]host:port,host:port,…, got "http://x""#),
        ("TILL_REDIS_URL", "redis://127.0.0.1:6379/zero", #"TILL_REDIS_URL: expected redis[s]://[:password@]host:port/db or redis-cluster://[:password@]host:port,host:port,…, got "redis://127.0.0.1:6379/zero""#),
        ("TILL_MAX_FRAME", "512", #"TILL_MAX_FRAME: expected an integer from 1024 to 67108864, got "512""#),
        ("TILL_MAX_FRAME", "67108865", #"TILL_MAX_FRAME: expected an integer from 1024 to 67108864, got "67108865""#),
        ("TILL_MAX_CONNECTIONS", "many", #"TILL_MAX_CONNECTIONS: expected an integer from 1 to 1000000, got "many""#),
        ("TILL_HANDSHAKE_TIMEOUT_MS", "5s", #"TILL_HANDSHAKE_TIMEOUT_MS: expected milliseconds from 100 to 600000, got "5s""#),
        ("TILL_DRAIN_TIMEOUT_MS", "-1", #"TILL_DRAIN_TIMEOUT_MS: expected milliseconds from 0 to 600000, got "-1""#),
        ("TILL_LOG_LEVEL", "verbose", #"TILL_LOG_LEVEL: expected one of trace, debug, info, notice, warning, error, critical, got "verbose""#),
        ("TILL_LOG_FORMAT", "xml", #"TILL_LOG_FORMAT: expected one of json, text, got "xml""#),
        ("TILL_INSTANCE", "bad name", #"TILL_INSTANCE: expected 1 to 64 characters of A-Z a-z 0-9 _ . : -, got "bad name""#),
        ("TILL_EVENT_LOOPS", "0", #"TILL_EVENT_LOOPS: expected an integer from 1 to 1024, got "0""#),
    ])
    func eachInvalidValueIsOneLineNamingTheVariable(variable: String, value: String, expected: String) throws {
        let message = try self.failure(environment: ["TILL_CLUSTER_KEY": Self.clusterKey, variable: value])
        #expect(message == expected)
    }

    @Test(arguments: [
        ([String: String](), "TILL_CLUSTER_KEY: required, not set"),
        (["TILL_CLUSTER_KEY": ""], "TILL_CLUSTER_KEY: required, not set"),
        (["TILL_CLUSTER_KEY": "only-15-chars-x"], "TILL_CLUSTER_KEY: must be at least 16 characters"),
        (["TILL_CLUSTER_KEY": "\(clusterKey),tiny-secret"], "TILL_CLUSTER_KEY: must be at least 16 characters"),
        (["TILL_CLUSTER_KEY": "\(clusterKey),,\(clusterKey)"], "TILL_CLUSTER_KEY: expected a comma-separated list without empty elements"),
        (["TILL_CLUSTER_KEY": "\(clusterKey),\(clusterKey),\(clusterKey)"], "TILL_CLUSTER_KEY: must hold 1 to 2 comma-separated values"),
    ])
    func clusterKeyErrorsNeverShowTheKey(environment: [String: String], expected: String) throws {
        let message = try self.failure(environment: environment)
        #expect(message == expected)
        for value in environment.values where !value.isEmpty {
            for part in value.split(separator: ",") {
                #expect(!message.contains(part))
            }
        }
    }

    @Test func secretsGivenAsFlagsAreNotShownEither() throws {
        let message = try self.failure(["--cluster-key", "tiny-secret"], environment: [:])
        #expect(message == "TILL_CLUSTER_KEY: must be at least 16 characters")
        let clientKeys = try self.failure(["--client-keys", ""], environment: ["TILL_CLUSTER_KEY": Self.clusterKey])
        #expect(clientKeys == "TILL_CLIENT_KEYS: must not be empty")
    }

    @Test func aRedisPasswordIsMaskedInErrors() throws {
        let message = try self.failure(environment: [
            "TILL_CLUSTER_KEY": Self.clusterKey,
            "TILL_REDIS_URL": "redis://:hunter2/x@db.internal:99999/0",
        ])
        #expect(message == #"TILL_REDIS_URL: expected redis[s]://[:password@]host:port/db or redis-cluster://[:password@]host:port,host:port,…, got "redis://***@db.internal:99999/0""#)
    }

    @Test func configurationErrorsExitWithStatus64() throws {
        do {
            _ = try self.resolve(environment: ["TILL_CLUSTER_KEY": Self.clusterKey, "TILL_LOG_LEVEL": "loud"])
            Issue.record("an unknown log level was accepted")
        } catch {
            #expect(ServiceOptions.exitCode(for: error) == .validationFailure)
            #expect(ServiceOptions.exitCode(for: error).rawValue == 64)
            let message = ServiceOptions.message(for: error)
            #expect(message.hasPrefix(#"TILL_LOG_LEVEL: expected one of trace"#))
        }
    }

    @Test func theDescriptionMasksSecrets() throws {
        let settings = try self.resolve(environment: [
            "TILL_CLUSTER_KEY": Self.clusterKey,
            "TILL_CLIENT_KEYS": "ops=client-secret-0123456789:*",
            "TILL_REDIS_URL": "redis://:hunter2@127.0.0.1:6379/0",
        ])
        for rendering in ["\(settings)", String(reflecting: settings), "\(settings.logMetadata)", Self.dumped(settings)] {
            #expect(!rendering.contains(Self.clusterKey))
            #expect(!rendering.contains("client-secret"))
            #expect(!rendering.contains("hunter2"))
        }
        #expect("\(settings)".contains("redis.url=redis://***@127.0.0.1:6379/0"))
        #expect("\(settings)".contains("listen=127.0.0.1:7001"))
    }

    @Test func helpNamesEveryVariableAndFlag() {
        let help = ServiceOptions.helpMessage(columns: 400)
        for (flag, variable) in [
            ("--redis-url", "TILL_REDIS_URL"), ("--listen", "TILL_LISTEN"), ("--admin-listen", "TILL_ADMIN_LISTEN"),
            ("--cluster-key", "TILL_CLUSTER_KEY"), ("--client-keys", "TILL_CLIENT_KEYS"), ("--max-frame", "TILL_MAX_FRAME"),
            ("--max-connections", "TILL_MAX_CONNECTIONS"), ("--handshake-timeout-ms", "TILL_HANDSHAKE_TIMEOUT_MS"),
            ("--drain-timeout-ms", "TILL_DRAIN_TIMEOUT_MS"), ("--log-level", "TILL_LOG_LEVEL"),
            ("--log-format", "TILL_LOG_FORMAT"), ("--instance", "TILL_INSTANCE"), ("--event-loops", "TILL_EVENT_LOOPS"),
        ] {
            #expect(help.contains(flag), "\(flag)")
            #expect(help.contains("env: \(variable);"), "\(variable)")
        }
        #expect(help.contains("default: redis://127.0.0.1:6379/0"))
        #expect(help.contains("env: TILL_CLUSTER_KEY; required"))
    }

    private static func dumped(_ value: some Any) -> String {
        var text = ""
        dump(value, to: &text)
        return text
    }
}
