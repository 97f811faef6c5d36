import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import TillGatewaySim
import TillObservability
import TillService
import UnixSignals

/// `till-gateway-sim`: a payment gateway simulator speaking HTTP/JSON (docs/GATEWAY-SIM.md).
@main
struct GatewaySimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "till-gateway-sim",
        abstract: "A payment gateway simulator: test cards, faults, signed webhooks, settlement reports.",
        discussion: "Every option can also be set by the TILL_* environment variable named in its help. State is in memory."
    )

    static let listen = Setting<HostPort>(
        "TILL_GATEWAY_LISTEN", default: "127.0.0.1:7080", parser: .hostPort(allowingPortZero: true),
        help: "HTTP listen address of the API, /healthz and /readyz"
    )
    static let webhookURL = Setting<String?>(
        optional: "TILL_GATEWAY_WEBHOOK_URL", parser: .httpURL,
        help: "Where webhooks are POSTed (none when unset)"
    )
    static let webhookSecrets = Setting<[String]?>(
        optional: "TILL_WEBHOOK_SECRETS", secret: true, parser: .list(of: .secret(minimumLength: 16), count: 1...2),
        help: "Webhook signing secrets; the first signs (required with a webhook URL)"
    )
    static let latency = Setting<LatencyRange>(
        "TILL_GATEWAY_LATENCY_MS", default: "0", parser: .latencyRange,
        help: "Wait before each API request: ms, or a random min..max"
    )
    static let errorRate = Setting<Double>(
        "TILL_GATEWAY_ERROR_RATE", default: "0", parser: .probability,
        help: "Share of API requests answered 503 without effect"
    )
    static let timeoutRate = Setting<Double>(
        "TILL_GATEWAY_TIMEOUT_RATE", default: "0", parser: .probability,
        help: "Share of mutating requests carried out but answered late, like tok_timeout"
    )
    static let timeoutDelay = Setting<Duration>(
        "TILL_GATEWAY_TIMEOUT_DELAY_MS", default: "60000", parser: .milliseconds(in: 0...3_600_000),
        help: "How late tok_timeout and the timeout rate answer"
    )
    static let duplicateRate = Setting<Double>(
        "TILL_GATEWAY_DUPLICATE_RATE", default: "0", parser: .probability,
        help: "Share of webhook events delivered twice on purpose"
    )
    static let webhookBackoff = Setting<Duration>(
        "TILL_GATEWAY_WEBHOOK_BACKOFF_MS", default: "500", parser: .milliseconds(in: 1...600_000),
        help: "First webhook retry wait (doubling, full jitter, at most 60 s)"
    )
    static let webhookGiveUp = Setting<Duration>(
        "TILL_GATEWAY_WEBHOOK_GIVE_UP_MS", default: "600000", parser: .milliseconds(in: 0...86_400_000),
        help: "How long a webhook delivery is retried before it is abandoned"
    )
    static let drift = Setting<DriftConfiguration>(
        "TILL_GATEWAY_DRIFT", default: "none", parser: .drift,
        help: "Falsified settlement rows, e.g. omit=0.01,amount=0.01,status=0.01[,seed=n]"
    )

    @Option(name: Self.listen.optionName, help: Self.listen.help) var gatewayListen: String?
    @Option(name: Self.webhookURL.optionName, help: Self.webhookURL.help) var gatewayWebhookURL: String?
    @Option(name: Self.webhookSecrets.optionName, help: Self.webhookSecrets.help) var webhookSecrets: String?
    @Option(name: Self.latency.optionName, help: Self.latency.help) var gatewayLatency: String?
    @Option(name: Self.errorRate.optionName, help: Self.errorRate.help) var gatewayErrorRate: String?
    @Option(name: Self.timeoutRate.optionName, help: Self.timeoutRate.help) var gatewayTimeoutRate: String?
    @Option(name: Self.timeoutDelay.optionName, help: Self.timeoutDelay.help) var gatewayTimeoutDelay: String?
    @Option(name: Self.duplicateRate.optionName, help: Self.duplicateRate.help) var gatewayDuplicateRate: String?
    @Option(name: Self.webhookBackoff.optionName, help: Self.webhookBackoff.help) var gatewayWebhookBackoff: String?
    @Option(name: Self.webhookGiveUp.optionName, help: Self.webhookGiveUp.help) var gatewayWebhookGiveUp: String?
    @Option(name: Self.drift.optionName, help: Self.drift.help) var gatewayDrift: String?
    @Option(name: CommonSettings.logLevel.optionName, help: CommonSettings.logLevel.help) var logLevel: String?
    @Option(name: CommonSettings.logFormat.optionName, help: CommonSettings.logFormat.help) var logFormat: String?
    @Option(name: CommonSettings.eventLoops.optionName, help: CommonSettings.eventLoops.help) var eventLoops: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        EventLoopSizing.apply(threads: try CommonSettings.eventLoops.resolve(flag: eventLoops, environment: environment))
        let listen = try Self.listen.resolve(flag: gatewayListen, environment: environment)
        let level = try CommonSettings.logLevel.resolve(flag: logLevel, environment: environment)
        let format = try CommonSettings.logFormat.resolve(flag: logFormat, environment: environment)
        let configuration = GatewaySimulatorConfiguration(
            latency: try Self.latency.resolve(flag: gatewayLatency, environment: environment),
            errorRate: try Self.errorRate.resolve(flag: gatewayErrorRate, environment: environment),
            timeoutRate: try Self.timeoutRate.resolve(flag: gatewayTimeoutRate, environment: environment),
            timeoutAnswerDelay: try Self.timeoutDelay.resolve(flag: gatewayTimeoutDelay, environment: environment),
            drift: try Self.drift.resolve(flag: gatewayDrift, environment: environment),
            webhooks: try webhookConfiguration(environment)
        )

        TillLogging.bootstrap(service: "gateway-sim", level: level, format: format, redactor: Redactor())
        let logger = Logger(label: "till.gateway-sim")
        let server = GatewaySimulatorServer(configuration: configuration, host: listen.host, port: listen.port, logger: logger) { port in
            logger.info(
                "gateway simulator listening",
                metadata: ["gateway.host": "\(listen.host)", "gateway.port": "\(port)", "webhooks": "\(configuration.webhooks != nil)"]
            )
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: server)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await EventLoopSizing.preferringTheSoleLoop { try await group.run() }
    }

    private func webhookConfiguration(_ environment: [String: String]) throws -> WebhookConfiguration? {
        guard let url = try Self.webhookURL.resolve(flag: gatewayWebhookURL, environment: environment) else { return nil }
        guard let secret = try Self.webhookSecrets.resolve(flag: webhookSecrets, environment: environment)?.first else {
            throw ValidationError("\(Self.webhookSecrets.variable): required when \(Self.webhookURL.variable) is set")
        }
        return WebhookConfiguration(
            url: url,
            secret: secret,
            duplicateRate: try Self.duplicateRate.resolve(flag: gatewayDuplicateRate, environment: environment),
            initialBackoff: try Self.webhookBackoff.resolve(flag: gatewayWebhookBackoff, environment: environment),
            giveUpAfter: try Self.webhookGiveUp.resolve(flag: gatewayWebhookGiveUp, environment: environment)
        )
    }
}

extension SettingParser where Value == LatencyRange {
    /// `ms` or `min..max`, milliseconds from 0 to 60 000.
    static var latencyRange: Self {
        SettingParser(valueName: "ms|min..max") { (text: String) throws(SettingParseFailure) -> LatencyRange in
            guard let range = LatencyRange(parsing: text) else { throw .expected("milliseconds or min..max, from 0 to 60000") }
            return range
        }
    }
}

extension SettingParser where Value == DriftConfiguration {
    /// `none`, or `omit=…,amount=…,status=…[,seed=n]` with shares adding up to at most 1.
    static var drift: Self {
        SettingParser(valueName: "kind=share,…") { (text: String) throws(SettingParseFailure) -> DriftConfiguration in
            guard let drift = DriftConfiguration(parsing: text) else {
                throw .expected("none or omit=p,amount=p,status=p[,seed=n] with shares adding up to at most 1")
            }
            return drift
        }
    }
}

extension SettingParser where Value == String {
    /// An `http://` or `https://` URL.
    static var httpURL: Self {
        SettingParser(valueName: "url") { (text: String) throws(SettingParseFailure) -> String in
            guard text.hasPrefix("http://") || text.hasPrefix("https://"), text.count > 8 else { throw .expected("an http:// or https:// URL") }
            return text
        }
    }
}
