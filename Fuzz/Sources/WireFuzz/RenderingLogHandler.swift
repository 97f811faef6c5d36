import Logging

/// A log handler at `trace` that renders every message and its metadata, then drops them.
///
/// The server logs hostile values (error messages, trace ids, client names); rendering them is part
/// of the code under test, and a no-op handler would skip it (its level is `critical`).
struct RenderingLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = "\(event.level) \(event.message)"
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            line += " \(key)=\(value)"
        }
        // Keep the optimizer from dropping the rendering.
        blackHole(line.utf8.count)
    }
}

@inline(never)
func blackHole(_ value: Int) {
    _ = value
}
