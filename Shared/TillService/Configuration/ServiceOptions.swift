import ArgumentParser
import Foundation

/// The command-line flags every service accepts, one per ``CommonSettings`` entry.
///
/// Include it in a service's command with `@OptionGroup`, then turn it into validated settings:
///
/// ```swift
/// @main struct Inventory: AsyncParsableCommand {
///     @OptionGroup var options: ServiceOptions
///
///     func run() async throws {
///         let settings = try options.resolve(
///             service: "inventory",
///             defaultListen: HostPort(host: "127.0.0.1", port: 7001)
///         )
///         …
///     }
/// }
/// ```
///
/// Flags hold raw text: validation happens in ``resolve(service:defaultListen:environment:)``,
/// after the environment is consulted, so a value is checked by the same rules wherever it came
/// from and errors keep the one-line `TILL_X: reason` form (never ArgumentParser's own message,
/// which would quote a secret).
public struct ServiceOptions: ParsableArguments {
    /// ``CommonSettings/redisURL``, as given on the command line.
    @Option(name: CommonSettings.redisURL.optionName, help: CommonSettings.redisURL.help)
    public var redisURL: String?

    /// ``CommonSettings/listen``, as given on the command line.
    @Option(name: CommonSettings.listen.optionName, help: CommonSettings.listen.help)
    public var listen: String?

    /// ``CommonSettings/adminListen``, as given on the command line.
    @Option(name: CommonSettings.adminListen.optionName, help: CommonSettings.adminListen.help)
    public var adminListen: String?

    /// ``CommonSettings/clusterKey``, as given on the command line.
    @Option(name: CommonSettings.clusterKey.optionName, help: CommonSettings.clusterKey.help)
    public var clusterKey: String?

    /// ``CommonSettings/clientKeys``, as given on the command line.
    @Option(name: CommonSettings.clientKeys.optionName, help: CommonSettings.clientKeys.help)
    public var clientKeys: String?

    /// ``CommonSettings/maxFrame``, as given on the command line.
    @Option(name: CommonSettings.maxFrame.optionName, help: CommonSettings.maxFrame.help)
    public var maxFrame: String?

    /// ``CommonSettings/maxConnections``, as given on the command line.
    @Option(name: CommonSettings.maxConnections.optionName, help: CommonSettings.maxConnections.help)
    public var maxConnections: String?

    /// ``CommonSettings/handshakeTimeout``, as given on the command line.
    @Option(name: CommonSettings.handshakeTimeout.optionName, help: CommonSettings.handshakeTimeout.help)
    public var handshakeTimeout: String?

    /// ``CommonSettings/drainTimeout``, as given on the command line.
    @Option(name: CommonSettings.drainTimeout.optionName, help: CommonSettings.drainTimeout.help)
    public var drainTimeout: String?

    /// ``CommonSettings/logLevel``, as given on the command line.
    @Option(name: CommonSettings.logLevel.optionName, help: CommonSettings.logLevel.help)
    public var logLevel: String?

    /// ``CommonSettings/logFormat``, as given on the command line.
    @Option(name: CommonSettings.logFormat.optionName, help: CommonSettings.logFormat.help)
    public var logFormat: String?

    /// ``CommonSettings/instance``, as given on the command line.
    @Option(name: CommonSettings.instance.optionName, help: CommonSettings.instance.help)
    public var instance: String?

    /// ``CommonSettings/tlsCert``, as given on the command line.
    @Option(name: CommonSettings.tlsCert.optionName, help: CommonSettings.tlsCert.help)
    public var tlsCert: String?

    /// ``CommonSettings/tlsKey``, as given on the command line.
    @Option(name: CommonSettings.tlsKey.optionName, help: CommonSettings.tlsKey.help)
    public var tlsKey: String?

    /// ``CommonSettings/tlsCA``, as given on the command line.
    @Option(name: CommonSettings.tlsCA.optionName, help: CommonSettings.tlsCA.help)
    public var tlsCa: String?

    /// ``CommonSettings/redisTLS``, as given on the command line.
    @Option(name: CommonSettings.redisTLS.optionName, help: CommonSettings.redisTLS.help)
    public var redisTls: String?

    /// ``CommonSettings/eventLoops``, as given on the command line.
    @Option(name: CommonSettings.eventLoops.optionName, help: CommonSettings.eventLoops.help)
    public var eventLoops: String?

    /// Options with nothing given (ArgumentParser fills them in from the command line).
    public init() {}

    /// The validated settings: each from its flag, else its environment variable, else its default.
    ///
    /// Settings are checked one at a time, in the order ``ServiceSettings`` lists them, and the
    /// first problem is reported.
    ///
    /// - Parameters:
    ///   - service: The service's name; also the start of the default instance name.
    ///   - defaultListen: The service's RPC address when `TILL_LISTEN` is not given.
    ///   - environment: The variables to read; the process environment unless a test injects one.
    /// - Throws: `ValidationError` with one line such as `TILL_LISTEN: expected host:port, got "abc"`,
    ///   which makes a command exit with status 64.
    public func resolve(
        service: String,
        defaultListen: HostPort,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ValidationError) -> ServiceSettings {
        let settings = CommonSettings.self
        let redisURL = try settings.redisURL.resolve(flag: self.redisURL, environment: environment)
        return ServiceSettings(
            service: service,
            instance: try settings.instance.defaulting(to: InstanceName.make(service: service))
                .resolve(flag: self.instance, environment: environment),
            redisURL: redisURL,
            listen: try settings.listen.defaulting(to: defaultListen.description)
                .resolve(flag: self.listen, environment: environment),
            adminListen: try settings.adminListen.resolve(flag: self.adminListen, environment: environment),
            clusterKeys: try settings.clusterKey.resolve(flag: self.clusterKey, environment: environment),
            clientKeys: try settings.clientKeys.resolve(flag: self.clientKeys, environment: environment),
            maxFrame: try settings.maxFrame.resolve(flag: self.maxFrame, environment: environment),
            maxConnections: try settings.maxConnections.resolve(flag: self.maxConnections, environment: environment),
            handshakeTimeout: try settings.handshakeTimeout
                .resolve(flag: self.handshakeTimeout, environment: environment),
            drainTimeout: try settings.drainTimeout.resolve(flag: self.drainTimeout, environment: environment),
            logLevel: try settings.logLevel.resolve(flag: self.logLevel, environment: environment),
            logFormat: try settings.logFormat.resolve(flag: self.logFormat, environment: environment),
            tls: try TLSSettings(
                certificatePath: settings.tlsCert.resolve(flag: self.tlsCert, environment: environment),
                keyPath: settings.tlsKey.resolve(flag: self.tlsKey, environment: environment),
                caPath: settings.tlsCA.resolve(flag: self.tlsCa, environment: environment),
                redis: settings.redisTLS.resolve(flag: self.redisTls, environment: environment)
                    || redisURL.hasPrefix(RedisURL.tlsScheme)
            ).validated(),
            eventLoops: try settings.eventLoops.resolve(flag: self.eventLoops, environment: environment)
        )
    }
}
