import NIOCore
import Testing
@testable import TillRedis

@Suite struct SubscriptionRegistryTests {
    typealias Registry = SubscriptionRegistry<String>

    private func message(_ channel: String, pattern: String? = nil) -> RedisPubSubMessage {
        RedisPubSubMessage(channel: channel, pattern: pattern, payload: ByteBuffer(string: "x"))
    }

    @Test func routesChannelMessagesToChannelSubscribers() {
        var registry = Registry()
        _ = registry.add(.channels, ["a", "b"], subscriber: "first")
        _ = registry.add(.channels, ["b"], subscriber: "second")
        _ = registry.add(.patterns, ["a*"], subscriber: "pattern")
        #expect(registry.subscribers(for: message("a")) == ["first"])
        #expect(registry.subscribers(for: message("b")) == ["first", "second"])
        #expect(registry.subscribers(for: message("c")).isEmpty)
        #expect(registry.subscribers(for: message("a", pattern: "a*")) == ["pattern"])
        #expect(registry.channels == ["a", "b"])
        #expect(registry.patterns == ["a*"])
    }

    @Test func namesAreReleasedOnlyByTheirLastSubscriber() throws {
        var registry = Registry()
        let first = registry.add(.channels, ["a", "b"], subscriber: "first")
        let second = registry.add(.channels, ["b", "b"], subscriber: "second")
        let removed = registry.remove(first)
        let removal = try #require(removed)
        #expect(removal.subscriber == "first")
        #expect(removal.kind == .channels)
        #expect(removal.orphaned == ["a"])
        #expect(registry.channels == ["b"])
        let last = registry.remove(second)
        #expect(last?.orphaned == ["b"])
        #expect(registry.isEmpty)
        #expect(registry.channels.isEmpty)
    }

    @Test func channelsAndPatternsAreSeparateNamespaces() {
        var registry = Registry()
        let channel = registry.add(.channels, ["x"], subscriber: "channel")
        _ = registry.add(.patterns, ["x"], subscriber: "pattern")
        let removal = registry.remove(channel)
        #expect(removal?.orphaned == ["x"])
        #expect(registry.patterns == ["x"])
        #expect(registry.subscribers(for: message("x")).isEmpty)
    }

    @Test func removingTwiceIsHarmless() {
        var registry = Registry()
        let id = registry.add(.patterns, ["p*"], subscriber: "s")
        #expect(registry.contains(id))
        let first = registry.remove(id)
        #expect(first != nil)
        #expect(!registry.contains(id))
        let second = registry.remove(id)
        #expect(second == nil)
    }

    @Test func removeAllReturnsEverySubscriber() {
        var registry = Registry()
        _ = registry.add(.channels, ["a"], subscriber: "one")
        _ = registry.add(.patterns, ["b*"], subscriber: "two")
        let all = registry.removeAll()
        #expect(all == ["one", "two"])
        #expect(registry.isEmpty)
        #expect(registry.channels.isEmpty && registry.patterns.isEmpty)
    }
}
