import NIOCore

/// A message received on a subscription.
public struct RedisPubSubMessage: Sendable, Hashable {
    /// The channel it was published to.
    public let channel: String
    /// The pattern that matched the channel, for ``RedisClient/psubscribe(_:)`` subscriptions.
    public let pattern: String?
    /// The published bytes.
    public let payload: ByteBuffer

    /// Creates a message (for tests of code that consumes subscriptions).
    public init(channel: String, pattern: String? = nil, payload: ByteBuffer) {
        self.channel = channel
        self.pattern = pattern
        self.payload = payload
    }

    /// The payload decoded as UTF-8.
    public var string: String { String(buffer: payload) }
}

extension RedisPubSubMessage {
    /// Recognises a RESP2 push: `["message", channel, payload]` or
    /// `["pmessage", pattern, channel, payload]`. Anything else is a reply to a command.
    init?(push reply: RESPValue) {
        guard case .array(let elements?) = reply, let kind = elements.first?.buffer else { return nil }
        switch elements.count {
        case 3 where kind.readableBytesView.elementsEqual("message".utf8):
            guard let channel = elements[1].string, let payload = elements[2].buffer else { return nil }
            self.init(channel: channel, pattern: nil, payload: payload)
        case 4 where kind.readableBytesView.elementsEqual("pmessage".utf8):
            guard let pattern = elements[1].string, let channel = elements[2].string, let payload = elements[3].buffer else {
                return nil
            }
            self.init(channel: channel, pattern: pattern, payload: payload)
        default:
            return nil
        }
    }
}
