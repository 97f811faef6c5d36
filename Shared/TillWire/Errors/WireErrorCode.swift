/// A wire error code (`WIRE.md`, "Error codes every server uses", plus the domain codes of `API.md`).
///
/// A struct rather than an enum so that services can add domain codes without changing this module,
/// while the common codes stay spelled in exactly one place.
public struct WireErrorCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    /// Whether an error with this code may succeed if the same request is sent again later.
    /// This is the default for ``WireError/init(_:_:details:)``; a few codes can go either way.
    public var isRetriableByDefault: Bool {
        Self.retriableCodes.contains(self)
    }

    private static let retriableCodes: Set<WireErrorCode> = [
        .idempotencyInProgress, .deadlineExceeded, .overloaded, .unavailable, .rateLimited,
    ]

    // MARK: Framing and handshake (the connection is closed after these)
    public static let invalidJSON = WireErrorCode("invalid_json")
    public static let frameTooLarge = WireErrorCode("frame_too_large")
    public static let unauthenticated = WireErrorCode("unauthenticated")
    public static let unsupportedVersion = WireErrorCode("unsupported_version")

    // MARK: Request errors every server uses
    public static let badRequest = WireErrorCode("bad_request")
    public static let forbidden = WireErrorCode("forbidden")
    public static let unknownMethod = WireErrorCode("unknown_method")
    public static let idempotencyConflict = WireErrorCode("idempotency_conflict")
    public static let idempotencyInProgress = WireErrorCode("idempotency_in_progress")
    public static let deadlineExceeded = WireErrorCode("deadline_exceeded")
    public static let overloaded = WireErrorCode("overloaded")
    public static let unavailable = WireErrorCode("unavailable")
    public static let `internal` = WireErrorCode("internal")

    // MARK: Domain codes shared by several services
    public static let notFound = WireErrorCode("not_found")
    public static let invalidState = WireErrorCode("invalid_state")
    public static let rateLimited = WireErrorCode("rate_limited")
}
