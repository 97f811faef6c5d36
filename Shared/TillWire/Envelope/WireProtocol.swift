/// Constants of the Till wire protocol (`WIRE.md`).
public enum WireProtocol {
    /// The protocol version this module speaks, sent in `hello` and `welcome`.
    public static let version: Int64 = 1
    /// The default largest frame body a receiver accepts (`TILL_MAX_FRAME`): 1 MiB.
    public static let defaultMaxFrame = 1 << 20
    /// How far a hello's `ts` may be from the server's clock, in seconds.
    public static let timestampTolerance: Int64 = 30
}
