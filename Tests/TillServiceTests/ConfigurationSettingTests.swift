import ArgumentParser
import Testing
import TillService

/// How a service adds its own settings with the same machinery as ``ServiceOptions``.
@Suite("Configuration: custom settings")
struct ConfigurationSettingTests {
    /// A shipping service's own options, as a service would declare them.
    struct ShippingOptions: ParsableArguments {
        static let failureRate = Setting<Double>(
            "TILL_CARRIER_FAILURE_RATE",
            default: "0",
            parser: .probability,
            help: "Share of carrier calls that fail"
        )
        static let velocity = Setting<Rate>("TILL_FRAUD_VELOCITY", default: "5/3600", parser: .rate, help: "Attempts allowed")
        static let gatewayURL = Setting<String>(required: "TILL_GATEWAY_URL", parser: .string, help: "Gateway base URL")
        static let secrets = Setting<[String]?>(
            optional: "TILL_WEBHOOK_SECRETS",
            secret: true,
            parser: .list(of: .secret(minimumLength: 8), count: 1...2),
            help: "Webhook secrets"
        )

        @OptionGroup var service: ServiceOptions

        @Option(name: Self.failureRate.optionName, help: Self.failureRate.help)
        var carrierFailureRate: String?

        @Option(name: Self.velocity.optionName, help: Self.velocity.help)
        var fraudVelocity: String?

        @Option(name: Self.gatewayURL.optionName, help: Self.gatewayURL.help)
        var gatewayURL: String?

        @Option(name: Self.secrets.optionName, help: Self.secrets.help)
        var webhookSecrets: String?
    }

    @Test func flagsAreDerivedFromVariables() {
        #expect(ShippingOptions.failureRate.flag == "carrier-failure-rate")
        #expect(ShippingOptions.velocity.flag == "fraud-velocity")
        #expect(ShippingOptions.secrets.flag == "webhook-secrets")
        #expect(CommonSettings.handshakeTimeout.flag == "handshake-timeout-ms")
    }

    @Test func aServicesOwnSettingsResolveLikeTheCommonOnes() throws {
        let options = try ShippingOptions.parse(["--carrier-failure-rate", "0.25", "--gateway-url", "http://127.0.0.1:8081"])
        let environment = ["TILL_CARRIER_FAILURE_RATE": "0.5", "TILL_WEBHOOK_SECRETS": "whsec-one-1,whsec-two-2"]
        #expect(try ShippingOptions.failureRate.resolve(flag: options.carrierFailureRate, environment: environment) == 0.25)
        #expect(try ShippingOptions.failureRate.resolve(flag: nil, environment: environment) == 0.5)
        #expect(try ShippingOptions.velocity.resolve(flag: options.fraudVelocity, environment: environment) == Rate(count: 5, per: .seconds(3600)))
        #expect(try ShippingOptions.gatewayURL.resolve(flag: options.gatewayURL, environment: [:]) == "http://127.0.0.1:8081")
        #expect(try ShippingOptions.secrets.resolve(flag: nil, environment: environment) == ["whsec-one-1", "whsec-two-2"])
        #expect(try ShippingOptions.secrets.resolve(flag: nil, environment: [:]) == nil)
    }

    @Test func requiredAndSecretSettingsReportLikeTheCommonOnes() {
        #expect(throws: ValidationError.self) { try ShippingOptions.gatewayURL.resolve(flag: nil, environment: [:]) }
        do {
            _ = try ShippingOptions.gatewayURL.resolve(flag: nil, environment: [:])
        } catch {
            #expect(error.message == "TILL_GATEWAY_URL: required, not set")
        }
        do {
            _ = try ShippingOptions.secrets.resolve(flag: nil, environment: ["TILL_WEBHOOK_SECRETS": "whsec-one-1,short"])
        } catch {
            #expect(error.message == "TILL_WEBHOOK_SECRETS: must be at least 8 characters")
        }
        do {
            _ = try ShippingOptions.failureRate.resolve(flag: "2", environment: [:])
        } catch {
            #expect(error.message == #"TILL_CARRIER_FAILURE_RATE: expected a probability from 0 to 1, got "2""#)
        }
    }

    @Test func aDefaultCanBeSuppliedAtRunTime() throws {
        let listen = CommonSettings.listen
        #expect(throws: ValidationError.self) { try listen.resolve(flag: nil, environment: [:]) }
        #expect(try listen.defaulting(to: "127.0.0.1:7003").resolve(flag: nil, environment: [:]) == HostPort(host: "127.0.0.1", port: 7003))
        #expect(try listen.defaulting(to: "127.0.0.1:7003").resolve(flag: nil, environment: ["TILL_LISTEN": "127.0.0.1:1"]).port == 1)
    }

    @Test func helpShowsVariableDefaultAndSecrecy() {
        let help = ShippingOptions.helpMessage(columns: 400)
        #expect(help.contains("--carrier-failure-rate <p>"))
        #expect(help.contains("Share of carrier calls that fail (env: TILL_CARRIER_FAILURE_RATE; default: 0)"))
        #expect(help.contains("(env: TILL_GATEWAY_URL; required)"))
        #expect(help.contains("(env: TILL_WEBHOOK_SECRETS; default: unset; secret, prefer the variable: flags show in ps)"))
        #expect(help.contains("--redis-url <url>"))
    }
}
