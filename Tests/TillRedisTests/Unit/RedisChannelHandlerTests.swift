import NIOCore
import NIOEmbedded
import Synchronization
import Testing
@testable import TillRedis

/// `RESPReplyDecoder` + `RedisChannelHandler` in an `EmbeddedChannel`, whose virtual clock drives
/// the timeouts.
@Suite struct RedisChannelHandlerTests {
    /// Collects what the handler reports.
    final class Recorder: Sendable {
        let pushes = Mutex<[RedisPubSubMessage]>([])
        let results = Mutex<[Int: Result<[RESPValue], RedisError>]>([:])

        func result(_ id: Int) -> Result<[RESPValue], RedisError>? { results.withLock { $0[id] } }
    }

    struct Harness {
        let channel: EmbeddedChannel
        let handler: RedisChannelHandler
        let recorder: Recorder
        let counter: RedisCommandCounter

        init(commandTimeout: Duration? = .seconds(1), pubSub: Bool = false) throws {
            let recorder = Recorder()
            let counter = RedisCommandCounter()
            self.recorder = recorder
            self.counter = counter
            var configuration = RedisChannelHandler.Configuration(commandTimeout: commandTimeout, counter: counter)
            if pubSub {
                configuration.onPush = { message in recorder.pushes.withLock { $0.append(message) } }
            }
            let handler = RedisChannelHandler(configuration: configuration)
            self.handler = handler
            self.channel = EmbeddedChannel()
            try channel.pipeline.syncOperations.addHandlers(RESPReplyDecoder(), handler)
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 6379)).wait()
        }

        /// Submits `commands` as one request identified by `id`, as the connection's flush does.
        func submit(_ id: Int, _ commands: [RedisCommand], replyCount: Int? = nil, endsOnError: Bool = false) {
            let promise = channel.eventLoop.makePromise(of: [RESPValue].self)
            let recorder = recorder
            promise.futureResult.whenComplete { result in
                recorder.results.withLock { $0[id] = result.mapError { $0 as? RedisError ?? .protocolError("\($0)") } }
            }
            var bytes = ByteBuffer()
            for command in commands { bytes.writeImmutableBuffer(command.encoded) }
            let request = RedisRequest(waiter: .promise(promise), replyCount: replyCount ?? commands.count, endsOnError: endsOnError)
            handler.submit(RedisCommandBatch(bytes: bytes, requests: [request], commandCount: commands.count))
        }

        func reply(_ text: String) throws {
            try channel.writeInbound(ByteBuffer(string: text))
        }

        func written() throws -> String {
            var text = ""
            while let chunk = try channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: chunk) }
            return text
        }
    }

    @Test func writesCommandsAndCompletesThemInOrder() throws {
        let harness = try Harness()
        harness.submit(1, [RedisCommand("GET", ["a"])])
        harness.submit(2, [RedisCommand("INCR", ["n"]), RedisCommand("INCR", ["n"])])
        #expect(try harness.written() == "*2\r\n$3\r\nGET\r\n$1\r\na\r\n" + String(repeating: "*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n", count: 2))
        #expect(harness.counter.value == 3)
        try harness.reply("$1\r\nx\r\n:1\r")
        #expect(try harness.recorder.result(1)?.get() == [.bulkString(ByteBuffer(string: "x"))])
        #expect(harness.recorder.result(2) == nil)
        try harness.reply("\n:2\r\n")
        #expect(try harness.recorder.result(2)?.get() == [.integer(1), .integer(2)])
        #expect(harness.handler.pendingCount == 0)
    }

    @Test func routesPushedMessagesAroundPendingReplies() throws {
        let harness = try Harness(pubSub: true)
        harness.submit(1, [RedisCommand("SUBSCRIBE", ["a", "b"])], replyCount: 2, endsOnError: true)
        try harness.reply("*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n")
        try harness.reply("*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$2\r\nhi\r\n")
        try harness.reply("*4\r\n$8\r\npmessage\r\n$2\r\nb*\r\n$2\r\nbc\r\n$0\r\n\r\n")
        #expect(harness.recorder.result(1) == nil)
        try harness.reply("*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n")
        #expect(try harness.recorder.result(1)?.get().count == 2)
        let pushes = harness.recorder.pushes.withLock { $0 }
        #expect(pushes == [
            RedisPubSubMessage(channel: "a", payload: ByteBuffer(string: "hi")),
            RedisPubSubMessage(channel: "bc", pattern: "b*", payload: ByteBuffer()),
        ])
    }

    @Test func messageLikeArraysAreOrdinaryRepliesOnCommandConnections() throws {
        let harness = try Harness(pubSub: false)
        harness.submit(1, [RedisCommand("LRANGE", ["l", 0, -1])])
        try harness.reply("*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$2\r\nhi\r\n")
        #expect(try harness.recorder.result(1)?.get().first?.array?.count == 3)
        #expect(harness.recorder.pushes.withLock { $0.isEmpty })
    }

    @Test func timeoutFailsTheLateCommandAndClosesTheConnection() throws {
        let harness = try Harness(commandTimeout: .seconds(1))
        harness.submit(1, [RedisCommand("GET", ["a"])])
        harness.submit(2, [RedisCommand("GET", ["b"])])
        harness.channel.embeddedEventLoop.advanceTime(by: .milliseconds(999))
        #expect(harness.recorder.result(1) == nil)
        harness.channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        guard case .failure(let first) = harness.recorder.result(1), case .failure(let second) = harness.recorder.result(2) else {
            Issue.record("both commands must fail")
            return
        }
        #expect(first.code == .timeout)
        #expect(second.code == .connectionClosed)
        #expect(first.isRetriable && second.isRetriable)
        #expect(!harness.channel.isActive)
    }

    @Test func timeoutIsRearmedForLaterCommands() throws {
        let harness = try Harness(commandTimeout: .seconds(1))
        let loop = harness.channel.embeddedEventLoop
        harness.submit(1, [RedisCommand("GET", ["a"])])
        loop.advanceTime(by: .milliseconds(500))
        try harness.reply("$-1\r\n")
        harness.submit(2, [RedisCommand("GET", ["b"])])  // due at 1.5 s
        loop.advanceTime(by: .milliseconds(600))  // 1.1 s: the first timer fires and re-arms
        #expect(harness.recorder.result(2) == nil)
        #expect(harness.channel.isActive)
        loop.advanceTime(by: .milliseconds(400))  // 1.5 s
        guard case .failure(let error) = harness.recorder.result(2) else {
            Issue.record("the second command must time out")
            return
        }
        #expect(error.code == .timeout)
    }

    @Test func noTimeoutWithoutACommandTimeout() throws {
        let harness = try Harness(commandTimeout: nil)
        harness.submit(1, [RedisCommand("BLPOP", ["q", 0])])
        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(3600))
        #expect(harness.recorder.result(1) == nil)
        try harness.reply("*-1\r\n")
        #expect(try harness.recorder.result(1)?.get() == [.array(nil)])
    }

    @Test func drainingWaitsForRepliesThenCloses() throws {
        let harness = try Harness()
        harness.submit(1, [RedisCommand("GET", ["a"])])
        harness.handler.startDraining(gracePeriod: .seconds(5))
        harness.submit(2, [RedisCommand("GET", ["b"])])
        guard case .failure(let rejected) = harness.recorder.result(2) else {
            Issue.record("commands after draining began must be rejected")
            return
        }
        #expect(rejected.code == .connectionClosed)
        #expect(harness.channel.isActive)
        try harness.reply("+done\r\n")
        #expect(try harness.recorder.result(1)?.get() == [.simpleString("done")])
        #expect(!harness.channel.isActive)
    }

    @Test func drainingIsBoundedByTheGracePeriod() throws {
        let harness = try Harness(commandTimeout: nil)
        harness.submit(1, [RedisCommand("GET", ["a"])])
        harness.handler.startDraining(gracePeriod: .seconds(2))
        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        guard case .failure(let error) = harness.recorder.result(1) else {
            Issue.record("the unanswered command must fail")
            return
        }
        #expect(error.code == .timeout)
        #expect(!harness.channel.isActive)
    }

    @Test func drainingWithNothingInFlightClosesAtOnce() throws {
        let harness = try Harness()
        harness.handler.startDraining(gracePeriod: .seconds(2))
        #expect(!harness.channel.isActive)
    }

    @Test func closedConnectionFailsInFlightAndLaterCommandsRetriably() throws {
        let harness = try Harness()
        harness.submit(1, [RedisCommand("GET", ["a"])])
        harness.channel.pipeline.fireChannelInactive()
        guard case .failure(let inFlight) = harness.recorder.result(1) else {
            Issue.record("in-flight command must fail")
            return
        }
        #expect(inFlight.code == .connectionClosed)
        #expect(inFlight.isRetriable)
        harness.submit(2, [RedisCommand("GET", ["b"])])
        guard case .failure(let later) = harness.recorder.result(2) else {
            Issue.record("later command must fail")
            return
        }
        #expect(later.isRetriable)
    }

    @Test func garbageFromTheServerFailsEverythingAsProtocolError() throws {
        let harness = try Harness()
        harness.submit(1, [RedisCommand("GET", ["a"])])
        try harness.reply("!nonsense\r\n")
        guard case .failure(let error) = harness.recorder.result(1) else {
            Issue.record("in-flight command must fail")
            return
        }
        #expect(error.code == .protocolError)
        #expect(!harness.channel.isActive)
    }

    @Test func unsolicitedReplyClosesTheConnection() throws {
        let harness = try Harness()
        try harness.reply("+surprise\r\n")
        #expect(!harness.channel.isActive)
    }
}
