/// What every service executable's `main` has in common: its name and default RPC port.
///
/// An executable is a thin `AsyncParsableCommand` holding `@OptionGroup var options: ServiceOptions`
/// that calls ``ServiceHost/run(configure:)``; see `Services/Inventory/main.swift`.
public enum ServiceDefaults {
    /// The default `TILL_LISTEN` of each service, so a local stack needs no configuration.
    public static func listen(for service: String) -> HostPort {
        let port = switch service {
        case "orchestrator": 7000
        case "inventory": 7001
        case "payments": 7002
        case "shipping": 7003
        default: 7009
        }
        return HostPort(host: "127.0.0.1", port: port)
    }
}
