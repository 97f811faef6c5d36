import ArgumentParser

/// Where the stack is. Each flag overrides its environment variable, which overrides `stack.env`.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .customLong("stack-env"), help: "The stack's env file, as `till up` writes it.")
    var stackEnv = ".till/stack.env"

    @Option(help: "Orchestrator replicas, host:port[,host:port…] (TILL_ORCHESTRATOR_ADDR).")
    var orchestrator: String?

    @Option(help: "Inventory replicas (TILL_INVENTORY_ADDR): stocks the catalogue, read by the audit.")
    var inventory: String?

    @Option(help: "Payments replicas (TILL_PAYMENTS_ADDR): read by the audit.")
    var payments: String?

    @Option(help: "Shipping replicas (TILL_SHIPPING_ADDR): optional, lets the audit look shipments up.")
    var shipping: String?

    @Option(name: .customLong("gateway-url"), help: "The gateway simulator (TILL_GATEWAY_URL): its settlement report is audited.")
    var gatewayURL: String?

    @Option(name: .customLong("cluster-key"), help: "The cluster key (TILL_CLUSTER_KEY). Prefer the variable: flags show in `ps`.")
    var clusterKey: String?

    @Option(name: .customLong("client-name"), help: "The name this client gives in its hello.")
    var clientName = "till-load"

    @Option(name: .customLong("tls-ca"), help: "PEM CA certificates: reach the services over TLS, verified against them (TILL_TLS_CA).")
    var tlsCA: String?

    @Option(help: "Connections per replica; requests are multiplexed over them.")
    var connections = 4
}
