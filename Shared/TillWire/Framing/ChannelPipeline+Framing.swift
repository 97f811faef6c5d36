import NIOCore
import NIOExtras

extension ChannelPipeline.SynchronousOperations {
    /// Adds Till's framing: a 4-byte big-endian length prefix, guarded by `maxFrame`, in both directions.
    ///
    /// Inbound: ``FrameLengthGuard`` → `LengthFieldBasedFrameDecoder` (one `ByteBuffer` per frame body).
    /// Outbound: `LengthFieldPrepender` (writes the length in front of each frame body).
    public func addTillFraming(maxFrame: Int) throws {
        try addHandler(FrameLengthGuard(maxFrame: maxFrame))
        try addHandler(ByteToMessageHandler(LengthFieldBasedFrameDecoder(lengthFieldBitLength: .thirtyTwoBits)))
        try addHandler(LengthFieldPrepender(lengthFieldBitLength: .thirtyTwoBits))
    }
}
