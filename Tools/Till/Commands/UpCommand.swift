import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import TillProcess
import TillRedis
import TillService
import UnixSignals

/// `till up`: the whole stack on local processes.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start Redis, the gateway simulator and every service on local processes.",
        discussion: """
            Builds nothing: run `swift build` first. Starts a private redis-server (AOF everysec, \
            noeviction, data in <dir>/redis) unless TILL_REDIS_URL names one, then every service on \
            free loopback ports with generated secrets, waits until each answers /readyz and writes \
            the addresses and secrets to <dir>/stack.env (mode 0600). Each process logs to \
            <dir>/logs/<name>.log. In the foreground Ctrl-C stops everything; with --detach `till up` \
            returns once the stack is ready and `till down` stops it.
            """
    )

    @OptionGroup var stack: StackOptions

    @Option(help: ArgumentHelp("Replicas per service (default 1 each).", valueName: "payments=2,orchestrator=2"))
    var replicas: String?

    @Flag(help: "Skip the wire-protocol ping of every service once the stack is ready.")
    var noWireCheck = false

    @Flag(help: "Return once the stack is ready; stop it later with `till down`.")
    var detach = false

    @Option(help: ArgumentHelp("Seconds each start phase may take to become ready.", valueName: "seconds"))
    var readinessTimeout = 30

    @Option(help: ArgumentHelp("Seconds between SIGTERM and SIGKILL when stopping.", valueName: "seconds"))
    var gracePeriod = 10

    @Option(
        name: .customLong("redis-url"),
        help: ArgumentHelp(
            "Use this Redis (or Redis Cluster: redis-cluster://h1:p1,h2:p2) instead of a private one; overrides TILL_REDIS_URL.",
            valueName: "url"
        )
    )
    var redisURL: String?

    @Option(help: ArgumentHelp("Folder holding till-inventory and the other executables (default: next to till).", valueName: "path"))
    var binDir: String?

    func validate() throws {
        if let replicas {
            do {
                _ = try ReplicaCounts.parse(replicas)
            } catch {
                throw ValidationError("--replicas: \(error)")
            }
        }
        guard (1...600).contains(self.readinessTimeout) else {
            throw ValidationError("--readiness-timeout: expected 1 to 600 seconds, got \(self.readinessTimeout)")
        }
        guard (0...300).contains(self.gracePeriod) else {
            throw ValidationError("--grace-period: expected 0 to 300 seconds, got \(self.gracePeriod)")
        }
    }

    func run() async throws {
        let console = Console()
        do {
            let supervisor = try await self.makeSupervisor(console: console)
            let logger = Logger(label: "till") { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = .warning
                return handler
            }
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: [
                        .init(service: supervisor, successTerminationBehavior: .gracefullyShutdownGroup)
                    ],
                    gracefulShutdownSignals: [.sigterm, .sigint, .sighup],
                    logger: logger
                )
            )
            try await group.run()
        } catch let error as TillError {
            console.report(error, command: "up")
            throw ExitCode.failure
        } catch let error as ExitCode {
            throw error
        } catch {
            console.report(TillError(.launch, "\(error)"), command: "up")
            throw ExitCode.failure
        }
    }

    /// Everything checked before a process starts: no stack running here, executables built,
    /// Redis reachable, secrets valid.
    private func makeSupervisor(console: Console) async throws(TillError) -> StackSupervisor {
        var environment = ProcessInfo.processInfo.environment
        if let redisURL { environment[CommonSettings.redisURL.variable] = redisURL }
        let layout = self.stack.layout
        if let record = try StackRecord.read(from: layout.recordFile), let live = record.liveProcesses.first {
            throw TillError(
                .stackRunning,
                "a stack is already running from \(layout.root.path) (pid \(live.pid)); stop it with: till down --dir \(layout.root.path)"
            )
        }
        var locator = ExecutableLocator.current(environment: environment)
        if let binDir {
            locator.productsFolders = [URL(fileURLWithPath: binDir, isDirectory: true).standardizedFileURL]
        }
        var services: [ServiceKind: URL] = [:]
        for service in ServiceKind.allCases {
            do {
                services[service] = try locator.product(service.executableName)
            } catch {
                throw TillError(error)
            }
        }
        let (redis, redisDisplay) = try await Self.redisPlacement(environment: environment, locator: locator)
        let gateway: StackPlan.GatewayPlacement =
            if let url = environment["TILL_GATEWAY_URL"], !url.isEmpty {
                .external(url: url)
            } else if let simulator = locator.optionalProduct("till-gateway-sim") {
                .simulator(executable: simulator)
            } else {
                .none
            }
        var random = SystemRandomNumberGenerator()
        let secrets = try StackSecrets.resolve(environment: environment, using: &random)
        let replicas: ReplicaCounts
        do {
            replicas = try self.replicas.map(ReplicaCounts.parse) ?? ReplicaCounts()
        } catch {
            throw TillError(.usage, "--replicas: \(error)")
        }
        let eventLoops: Int?
        do {
            eventLoops = try CommonSettings.eventLoops.resolve(flag: nil, environment: environment)
        } catch {
            throw TillError(.usage, error.message)
        }
        try layout.prepare()
        return StackSupervisor(
            settings: .init(
                inputs: .init(
                    layout: layout,
                    replicas: replicas,
                    secrets: secrets,
                    redis: redis,
                    gateway: gateway,
                    services: services,
                    logFormat: environment["TILL_LOG_FORMAT"].flatMap { $0.isEmpty ? nil : $0 } ?? "text",
                    eventLoops: eventLoops
                ),
                readinessTimeout: .seconds(self.readinessTimeout),
                gracePeriod: .seconds(self.gracePeriod),
                detach: self.detach,
                environment: environment,
                redisDisplay: redisDisplay,
                checksWire: !self.noWireCheck
            ),
            console: console
        )
    }

    /// The Redis given by `TILL_REDIS_URL` if it answers `PING`, else a private `redis-server`.
    private static func redisPlacement(
        environment: [String: String],
        locator: ExecutableLocator
    ) async throws(TillError) -> (StackPlan.RedisPlacement, String) {
        let variable = CommonSettings.redisURL.variable
        guard let given = environment[variable], !given.allSatisfy(\.isWhitespace) else {
            let executable: URL
            do {
                executable = try locator.system("redis-server", hint: "install it: apt-get install redis-server")
            } catch {
                throw TillError(error)
            }
            return (.privateServer(executable: executable), "private redis-server")
        }
        let url: String
        do {
            url = try CommonSettings.redisURL.resolve(flag: nil, environment: environment)
        } catch {
            throw TillError(.usage, error.message)
        }
        if url.hasPrefix("redis-cluster://") {
            let configuration: RedisConfiguration
            do {
                configuration = try RedisConfiguration(url: url)
            } catch {
                throw TillError(.usage, "\(variable): \(error.message)")
            }
            // One seed answering is enough: the services learn the other nodes from it.
            let seed = RedisEndpoint(
                host: configuration.host, port: configuration.port,
                username: configuration.username, password: configuration.password, database: 0
            )
            try await RedisReachability.require(seed, variable: variable)
            return (.external(url: url), configuration.description)
        }
        guard let endpoint = RedisEndpoint.parse(url) else {
            throw TillError(.usage, "\(variable): expected redis://[:password@]host:port/db")
        }
        try await RedisReachability.require(endpoint, variable: variable)
        return (.external(url: url), endpoint.displayURL)
    }
}
