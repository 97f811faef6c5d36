/// The methods a server answers, by name.
///
/// ```swift
/// var router = RPCRouter()
/// router.register("inventory.ping") { (_: Empty, context: RPCContext) async throws -> PingResult in
///     PingResult(service: "inventory", version: "1", instance: instance)
/// }
/// ```
public struct RPCRouter: Sendable {
    private(set) var methods: [String: RPCMethod] = [:]

    /// An empty router.
    public init() {}

    /// Registers `handler` for `method`. `Params` is decoded from the request's `params` (a decoding
    /// failure answers `bad_request` naming the field); the returned `Result` is the response's `result`.
    /// A handler that throws a ``WireError`` (or a ``WireErrorConvertible``) answers with it; any
    /// other error answers `internal`.
    ///
    /// - Precondition: `method` is not registered yet and looks like `service.verb`.
    public mutating func register<Params: Decodable & Sendable, Result: Encodable & Sendable>(
        _ method: String,
        _ handler: @escaping @Sendable (Params, RPCContext) async throws -> Result
    ) {
        precondition(MethodPattern(method) != nil && !method.contains("*"), "invalid method name \(method)")
        precondition(methods[method] == nil, "method \(method) registered twice")
        methods[method] = RPCMethod(name: method, handler: handler)
    }

    /// The registered method names, sorted.
    public var registeredMethods: [String] { methods.keys.sorted() }
}
