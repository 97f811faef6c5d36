import Logging

/// Wraps a log handler so nothing reaches it before a ``LogRedactor`` has seen it.
///
/// The message and every metadata value are redacted, recursively through nested dictionaries and
/// arrays: the logger's own metadata (`logger[metadataKey:]`), the metadata provider's, the event's,
/// and an attached error (flattened into `error.message` / `error.type` first, because the wrapped
/// handler would otherwise print its description unredacted). The wrapped handler receives an
/// event whose metadata is already complete; its own metadata and metadata provider are taken over
/// at construction, so it has nothing unredacted left to merge in. Keys are left alone: they are
/// constants from code, not data.
///
/// Values arrive at the wrapped handler as `.string`: a `CustomStringConvertible` value is
/// rendered to text before the redactor reads it.
public struct RedactingLogHandler: LogHandler {
    private var wrapped: any LogHandler
    private let redactor: any LogRedactor
    /// `metadata`, already redacted: logger metadata changes rarely and is read on every event.
    private var redactedMetadata: Logger.Metadata = [:]
    private var storedMetadata: Logger.Metadata

    /// The logger-level metadata, as set (unredacted until an event is written).
    public var metadata: Logger.Metadata {
        get { self.storedMetadata }
        set {
            self.storedMetadata = newValue
            self.redactedMetadata = Self.redact(newValue, with: self.redactor)
        }
    }

    /// Metadata computed per event; redacted on every event.
    public var metadataProvider: Logger.MetadataProvider?

    /// The wrapped handler's level: the logger filters on it before anything is built.
    public var logLevel: Logger.Level {
        get { self.wrapped.logLevel }
        set { self.wrapped.logLevel = newValue }
    }

    /// A handler that redacts with `redactor` and then hands the event to `handler`.
    public init(wrapping handler: any LogHandler, redactor: any LogRedactor) {
        var handler = handler
        self.redactor = redactor
        self.storedMetadata = handler.metadata
        self.redactedMetadata = Self.redact(handler.metadata, with: redactor)
        self.metadataProvider = handler.metadataProvider
        // Only touched when set: swift-log's default setter warns about handlers without providers.
        if !handler.metadata.isEmpty {
            handler.metadata = [:]
        }
        if handler.metadataProvider != nil {
            handler.metadataProvider = nil
        }
        self.wrapped = handler
    }

    /// One entry of ``metadata``. Setting one redacts only that entry: a server gives every
    /// request's logger a key or two, and most of those loggers never write a line.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.storedMetadata[key] }
        set {
            self.storedMetadata[key] = newValue
            self.redactedMetadata[key] = newValue.map { Self.redact($0, with: self.redactor) }
        }
    }

    /// Redacts `event` and passes it to the wrapped handler.
    public func log(event: LogEvent) {
        var redacted = event
        redacted.message = Logger.Message(stringLiteral: self.redactor.redact(event.message.description))
        var metadata = self.redactedMetadata
        if let provided = self.metadataProvider?.get(), !provided.isEmpty {
            metadata.merge(Self.redact(provided, with: self.redactor)) { _, provided in provided }
        }
        if let explicit = event.metadata, !explicit.isEmpty {
            metadata.merge(Self.redact(explicit, with: self.redactor)) { _, explicit in explicit }
        }
        if let error = event.error {
            redacted.error = nil
            metadata["error.message"] = .string(self.redactor.redact(String(describing: error)))
            metadata["error.type"] = .string(String(reflecting: type(of: error)))
        }
        redacted.metadata = metadata
        self.wrapped.log(event: redacted)
    }

    static func redact(_ metadata: Logger.Metadata, with redactor: any LogRedactor) -> Logger.Metadata {
        metadata.mapValues { self.redact($0, with: redactor) }
    }

    static func redact(_ value: Logger.MetadataValue, with redactor: any LogRedactor) -> Logger.MetadataValue {
        switch value {
        case .string(let text):
            return .string(redactor.redact(text))
        case .stringConvertible(let convertible):
            return .string(redactor.redact(convertible.description))
        case .dictionary(let dictionary):
            return .dictionary(self.redact(dictionary, with: redactor))
        case .array(let array):
            return .array(array.map { self.redact($0, with: redactor) })
        }
    }
}
