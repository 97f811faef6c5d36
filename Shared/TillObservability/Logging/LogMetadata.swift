import Logging

/// The metadata merging rules every Till log handler shares.
enum LogMetadata {
    /// The metadata of one log event: the handler's own metadata, overridden by the metadata
    /// provider's, overridden by the event's; an attached error adds `error.message` and `error.type`
    /// (the same keys swift-log's `StreamLogHandler` uses).
    static func merge(
        base: Logger.Metadata,
        provider: Logger.MetadataProvider?,
        explicit: Logger.Metadata?,
        error: (any Error)?
    ) -> Logger.Metadata {
        var metadata = base
        if let provided = provider?.get(), !provided.isEmpty {
            metadata.merge(provided) { _, provided in provided }
        }
        if let explicit, !explicit.isEmpty {
            metadata.merge(explicit) { _, explicit in explicit }
        }
        if let error {
            metadata["error.message"] = .string(String(describing: error))
            metadata["error.type"] = .string(String(reflecting: type(of: error)))
        }
        return metadata
    }
}
