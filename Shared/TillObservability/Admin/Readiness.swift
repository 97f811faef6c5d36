/// Whether a service can take traffic, as `/readyz` reports it.
///
/// Encoded as `{"ready":true,"components":{"redis":"ok"}}`: `ready` decides the status code (200 or
/// 503), `components` tells an operator why.
public struct Readiness: Sendable, Hashable {
    /// The status a healthy component reports.
    public static let ok = "ok"

    /// Whether the service should receive traffic.
    public var ready: Bool
    /// Each dependency's status by name, for example `["redis": "ok"]` or `["redis": "down"]`.
    public var components: [String: String]

    /// A readiness with an explicit verdict.
    public init(ready: Bool, components: [String: String] = [:]) {
        self.ready = ready
        self.components = components
    }

    /// Ready exactly when every component reports ``ok``.
    public init(components: [String: String]) {
        self.init(ready: components.values.allSatisfy { $0 == Self.ok }, components: components)
    }

    /// The JSON body `/readyz` answers with, keys in a stable order.
    var json: String {
        var text = "{\"ready\":"
        text.append(self.ready ? "true" : "false")
        text.append(",\"components\":{")
        for (index, name) in self.components.keys.sorted().enumerated() {
            if index > 0 { text.append(",") }
            JSONText.appendString(name, to: &text)
            text.append(":")
            JSONText.appendString(self.components[name] ?? "", to: &text)
        }
        text.append("}}")
        return text
    }
}
