import NIOCore

/// Sits in front of `LengthFieldBasedFrameDecoder` and enforces the frame size limit.
///
/// The decoder has no maximum: given a length field of 4 GiB it would buffer until memory runs out.
/// This handler follows the frame boundaries itself (it only counts bytes and reads the 4-byte big-endian
/// length fields) and, as soon as a length field is `0` or above `maxFrame`, stops forwarding anything
/// and raises a ``FrameLengthGuard/Error`` so the connection answers with one error frame and closes.
/// The oversized body is never buffered.
public final class FrameLengthGuard: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer

    /// A length field the receiver refuses.
    public enum Error: Swift.Error, Hashable, Sendable {
        /// `N` is above the receiver's limit.
        case frameTooLarge(length: Int, limit: Int)
        /// `N = 0`: a frame must hold a JSON object.
        case emptyFrame
    }

    /// The length field is a 4-byte unsigned big-endian integer.
    public static let lengthFieldSize = 4

    private let maxFrame: Int
    private var headerBytesSeen = 0
    private var headerValue: UInt32 = 0
    private var bodyBytesRemaining = 0
    private var failed = false

    /// - Parameter maxFrame: the largest frame body accepted, in bytes.
    public init(maxFrame: Int) {
        precondition(maxFrame > 0, "maxFrame must be positive")
        self.maxFrame = maxFrame
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }  // after a violation nothing more is read
        let buffer = unwrapInboundIn(data)
        let count = buffer.readableBytes
        var offset = 0
        while offset < count {
            if bodyBytesRemaining > 0 {
                let skipped = min(bodyBytesRemaining, count - offset)
                bodyBytesRemaining -= skipped
                offset += skipped
                continue
            }
            let byte = buffer.getInteger(at: buffer.readerIndex + offset, as: UInt8.self) ?? 0
            headerValue = headerValue << 8 | UInt32(byte)
            headerBytesSeen += 1
            offset += 1
            guard headerBytesSeen == Self.lengthFieldSize else { continue }

            let length = Int(headerValue)
            headerBytesSeen = 0
            headerValue = 0
            if length == 0 || length > maxFrame {
                failed = true
                // Frames that completed before the bad header are still delivered, in order.
                let headerStart = offset - Self.lengthFieldSize
                if headerStart > 0, let valid = buffer.getSlice(at: buffer.readerIndex, length: headerStart) {
                    context.fireChannelRead(wrapInboundOut(valid))
                }
                context.fireErrorCaught(length == 0 ? Error.emptyFrame : Error.frameTooLarge(length: length, limit: maxFrame))
                return
            }
            bodyBytesRemaining = length
        }
        context.fireChannelRead(data)
    }
}

@available(*, unavailable)
extension FrameLengthGuard: Sendable {}
