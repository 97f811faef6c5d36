import ArgumentParser
import Logging
import Testing
import TillObservability
import TillService

@Suite("Configuration: parsers")
struct ConfigurationParserTests {
    /// The failure line a parser produces for `text`, through a throwaway non-secret setting.
    private func failure<Value>(_ parser: SettingParser<Value>, _ text: String) -> String? {
        let setting = Setting<Value>(required: "TILL_TEST", parser: parser, help: "test")
        do {
            _ = try setting.resolve(flag: text, environment: [:])
            return nil
        } catch {
            return error.message
        }
    }

    @Test(arguments: [
        ("127.0.0.1:7001", HostPort(host: "127.0.0.1", port: 7001)),
        ("localhost:1", HostPort(host: "localhost", port: 1)),
        ("payments_1.till.svc:65535", HostPort(host: "payments_1.till.svc", port: 65535)),
        ("[::1]:7001", HostPort(host: "::1", port: 7001)),
        ("[fe80::1%eth0]:80", HostPort(host: "fe80::1%eth0", port: 80)),
    ])
    func hostPortAccepts(text: String, expected: HostPort) throws {
        #expect(try SettingParser.hostPort().parse(text) == expected)
    }

    @Test(arguments: ["abc", ":7001", "host:", "host:port", "::1:7001", "[::1]7001", "[]:1", "a b:1", "host:+1", "host:0x10", "host:007001"])
    func hostPortRejects(text: String) {
        #expect(self.failure(.hostPort(), text) == "TILL_TEST: expected host:port, got \(text.debugDescription)")
    }

    @Test func portZeroOnlyWhereAllowed() throws {
        #expect(try SettingParser.hostPort(allowingPortZero: true).parse("127.0.0.1:0").port == 0)
        #expect(self.failure(.hostPort(), "127.0.0.1:0") == #"TILL_TEST: expected a port from 1 to 65535, got "127.0.0.1:0""#)
        #expect(self.failure(.hostPort(), "h:65536") == #"TILL_TEST: expected a port from 1 to 65535, got "h:65536""#)
    }

    @Test func hostPortDescriptionRoundTrips() throws {
        for text in ["127.0.0.1:7001", "[::1]:7001", "db:6379"] {
            #expect(try SettingParser.hostPort().parse(text).description == text)
        }
    }

    @Test func integersAndMilliseconds() throws {
        #expect(try SettingParser.integer(in: 1...10).parse("10") == 10)
        #expect(self.failure(.integer(in: 1...10), "0") == #"TILL_TEST: expected an integer from 1 to 10, got "0""#)
        #expect(self.failure(.integer(in: 1...10), "1.5") == #"TILL_TEST: expected an integer from 1 to 10, got "1.5""#)
        #expect(try SettingParser.milliseconds(in: 0...1000).parse("250") == .milliseconds(250))
        #expect(self.failure(.milliseconds(in: 0...1000), "1001") == #"TILL_TEST: expected milliseconds from 0 to 1000, got "1001""#)
    }

    @Test func probabilities() throws {
        #expect(try SettingParser.probability.parse("0") == 0)
        #expect(try SettingParser.probability.parse("0.05") == 0.05)
        #expect(try SettingParser.probability.parse("1") == 1)
        for text in ["1.01", "-0.1", "nan", "inf", "5%", ""] {
            #expect(self.failure(.probability, text) == "TILL_TEST: expected a probability from 0 to 1, got \(text.debugDescription)")
        }
    }

    @Test func rates() throws {
        let velocity = try SettingParser.rate.parse("5/3600")
        #expect(velocity == Rate(count: 5, per: .seconds(3600)))
        #expect(velocity.description == "5/3600")
        for text in ["5", "5/0", "0/60", "/60", "5/60/2", "five/60", "5/1.5"] {
            #expect(
                self.failure(.rate, text)
                    == "TILL_TEST: expected count/seconds with positive integers, e.g. 5/3600, got \(text.debugDescription)"
            )
        }
    }

    @Test func commaSeparatedLists() throws {
        let addresses = SettingParser.list(of: .hostPort())
        #expect(
            try addresses.parse("10.0.0.1:7002, 10.0.0.2:7002")
                == [HostPort(host: "10.0.0.1", port: 7002), HostPort(host: "10.0.0.2", port: 7002)]
        )
        #expect(self.failure(addresses, "10.0.0.1:7002,nowhere") == #"TILL_TEST: expected host:port, got "nowhere""#)
        #expect(self.failure(addresses, "10.0.0.1:7002,") == #"TILL_TEST: expected a comma-separated list without empty elements, got "10.0.0.1:7002,""#)
        #expect(self.failure(.list(of: .string, count: 2...2), "a") == "TILL_TEST: must hold exactly 2 comma-separated values")
    }

    @Test func choices() throws {
        #expect(try SettingParser.logFormat.parse("TEXT") == .text)
        #expect(try SettingParser.logLevel.parse("Warning") == .warning)
        #expect(
            self.failure(.logLevel, "warn")
                == #"TILL_TEST: expected one of trace, debug, info, notice, warning, error, critical, got "warn""#
        )
    }

    @Test(arguments: [
        "redis://127.0.0.1:6379/0", "redis://localhost", "redis://db:6380", "redis://db/3",
        "redis://:p%40ss@db:6379/0", "redis://user:pw@db:6379/15", "redis://[::1]:6379/0", "redis://[::1]",
    ])
    func redisURLsAccepted(text: String) throws {
        #expect(try SettingParser.redisURL.parse(text) == text)
    }

    @Test(arguments: ["rediss://", "redis://", "redis://db:0", "redis://db:6379/-1", "redis://db:6379/a", "redis://db:6379/0?x=1", "db:6379"])
    func redisURLsRejected(text: String) {
        #expect(self.failure(.redisURL, text)?.hasPrefix("TILL_TEST: expected redis[s]://[:password@]host:port/db, got ") == true)
    }

    @Test func longValuesAreCutInErrors() {
        let long = String(repeating: "a", count: 500)
        let message = self.failure(.hostPort(), long) ?? ""
        #expect(message == "TILL_TEST: expected host:port, got \"\(String(repeating: "a", count: 100))…\"")
    }
}
