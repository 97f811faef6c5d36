import Testing
@testable import TillRedis

@Suite struct RedisConfigurationTests {
    @Test func defaults() throws {
        let configuration = try RedisConfiguration(url: "redis://localhost")
        #expect(configuration.host == "localhost")
        #expect(configuration.port == 6379)
        #expect(configuration.database == 0)
        #expect(configuration.password == nil)
        #expect(configuration.username == nil)
        #expect(configuration.poolSize == 2)
        #expect(configuration.connectTimeout == .seconds(2))
        #expect(configuration.commandTimeout == .seconds(5))
    }

    @Test(arguments: [
        ("redis://127.0.0.1:6379/0", RedisURLParser.Parts.make(host: "127.0.0.1", port: 6379, database: 0)),
        ("redis://127.0.0.1:7000/3", .make(host: "127.0.0.1", port: 7000, database: 3)),
        ("redis://host/", .make(host: "host", port: 6379, database: 0)),
        ("redis://:s3cret@host:1234/2", .make(host: "host", port: 1234, password: "s3cret", database: 2)),
        ("redis://till:s3cret@host", .make(host: "host", port: 6379, username: "till", password: "s3cret", database: 0)),
        ("redis://:p%40ss%3Aw%2Fd@host", .make(host: "host", port: 6379, password: "p@ss:w/d", database: 0)),
        ("redis://:raw@at@host", .make(host: "host", port: 6379, password: "raw@at", database: 0)),
        ("redis://:@host", .make(host: "host", port: 6379, password: "", database: 0)),
        ("redis://[::1]:6380/1", .make(host: "::1", port: 6380, database: 1)),
        ("redis://[::1]", .make(host: "::1", port: 6379, database: 0)),
    ])
    func parsesValidURLs(url: String, expected: RedisURLParser.Parts) throws {
        #expect(try RedisURLParser.parse(url) == expected)
    }

    @Test(arguments: [
        ("http://host", "must start with redis:// or rediss://"),
        ("rediss://", "missing host"),
        ("redis://", "missing host"),
        ("redis://:hunter2@", "missing host"),
        ("redis://host:0", "port"),
        ("redis://host:70000", "port"),
        ("redis://host:hunter2", "port"),
        ("redis://host:6379/-1", "database"),
        ("redis://host:6379/hunter2", "database"),
        ("redis://hunter2@host", "need a password"),
        ("redis://:hunter2%zz@host", "invalid percent-escape"),
        ("redis://:hunter2%FF@host", "UTF-8"),
        ("redis://host?password=hunter2", "query"),
        ("redis://[::1:6379", "closing ]"),
    ])
    func rejectsInvalidURLsWithoutEchoingThem(url: String, reason: String) {
        let error = #expect(throws: RedisError.self) { try RedisConfiguration(url: url) }
        #expect(error?.code == .invalidURL)
        #expect(error?.isRetriable == false)
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("hunter2") == false)
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test func descriptionMasksThePassword() throws {
        let configuration = try RedisConfiguration(url: "redis://till:hunter2@[::1]:7000/4")
        #expect(configuration.description == "redis://till:****@[::1]:7000/4")
        #expect(try RedisConfiguration(url: "redis://host").description == "redis://host:6379/0")
    }
}

extension RedisURLParser.Parts {
    static func make(host: String, port: Int, username: String? = nil, password: String? = nil, database: Int) -> Self {
        Self(host: host, port: port, username: username, password: password, database: database)
    }
}
