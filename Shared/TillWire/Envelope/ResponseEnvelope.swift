import Foundation
import NIOCore
import NIOFoundationCompat

/// A response as the client sees it: the id it answers and either the raw result or the error.
struct ResponseEnvelope: Sendable {
    enum Outcome: Sendable {
        /// The `result` member's raw JSON (a slice of the frame), decoded later by the caller.
        case result(ByteBuffer)
        case error(WireError)
    }

    /// `nil` for connection-level errors (`frame_too_large`, `overloaded` at accept, …).
    var id: UInt64?
    var outcome: Outcome

    /// Reads a response; `nil` if the frame is neither a result nor an error.
    init?(_ frame: ParsedFrame, decoder: JSONDecoder) {
        id = RequestHeader.id(of: frame)
        if let span = frame.error, span.kind == .object {
            let error = (try? decoder.decode(WireError.self, from: frame.slice(span)))
                ?? WireError(.internal, "the server sent an unreadable error object")
            outcome = .error(error)
        } else if let span = frame.result {
            guard id != nil else { return nil }
            outcome = .result(frame.slice(span))
        } else {
            return nil
        }
    }
}
