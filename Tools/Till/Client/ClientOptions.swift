import ArgumentParser

/// The options of a command that calls a service of a running stack.
///
/// Addresses and the cluster key are taken, first match wins, from `--addr` (addresses only: a
/// key on the command line would show in `ps`), the `TILL_*` environment, and `<dir>/stack.env`
/// written by `till up`.
struct ClientOptions: ParsableArguments {
    @OptionGroup var stack: StackOptions

    @Option(
        name: .customLong("addr"),
        help: ArgumentHelp("The service's replicas, overriding TILL_<SERVICE>_ADDR and stack.env.", valueName: "host:port[,host:port]")
    )
    var address: String?

    @Option(help: ArgumentHelp("Seconds a call may take.", valueName: "seconds"))
    var timeout = 35

    func validate() throws {
        guard (1...600).contains(self.timeout) else {
            throw ValidationError("--timeout: expected 1 to 600 seconds, got \(self.timeout)")
        }
    }

    /// The settings these options and the environment name.
    func settings(environment: [String: String]) throws(TillError) -> ClientSettings {
        try ClientSettings.resolve(
            layout: self.stack.layout,
            environment: environment,
            overrides: ClientSettings.Overrides(address: self.address),
            timeout: .seconds(self.timeout)
        )
    }
}

/// The options of a command that works on the stack's Redis directly (`till fraud`, `till events`).
///
/// The URL is taken, first match wins, from `--redis-url`, `TILL_REDIS_URL` and `<dir>/stack.env`.
struct RedisOptions: ParsableArguments {
    @OptionGroup var stack: StackOptions

    @Option(
        name: .customLong("redis-url"),
        help: ArgumentHelp("Redis, overriding TILL_REDIS_URL and stack.env.", valueName: "redis://[:password@]host:port/db")
    )
    var redisURL: String?

    /// The settings these options and the environment name.
    func settings(environment: [String: String]) throws(TillError) -> ClientSettings {
        try ClientSettings.resolve(
            layout: self.stack.layout,
            environment: environment,
            overrides: ClientSettings.Overrides(redisURL: self.redisURL),
            timeout: RedisReachability.timeout
        )
    }
}
