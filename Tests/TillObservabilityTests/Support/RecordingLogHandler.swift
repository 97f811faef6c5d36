import Logging
import Synchronization

/// A log handler that keeps the events it is given, exactly as given.
struct RecordingLogHandler: LogHandler {
    final class Store: Sendable {
        let events = Mutex<[LogEvent]>([])
        var recorded: [LogEvent] { self.events.withLock { $0 } }
    }

    let store: Store
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(store: Store = Store()) {
        self.store = store
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        self.store.events.withLock { $0.append(event) }
    }
}
