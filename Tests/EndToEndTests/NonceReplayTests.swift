import Foundation
import NIOCore
import NIOPosix
import Testing
import TillTestSupport
import TillWire

/// The handshake nonce cache is shared through Redis: a hello captured from one replica is refused
/// by another replica of the same stack.
@Suite struct NonceReplayTests {
    @Test func helloReplayedToASecondReplicaIsRefused() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let first = try await ServiceProcess.start("till-inventory", redis: redis)
        let second = try await ServiceProcess.start("till-inventory", redis: redis)

        let nonce = HandshakeSignature.makeNonce()
        let ts = Int64(Date().timeIntervalSince1970)
        let mac = HandshakeSignature.mac(key: SecretKey(ServiceProcess.testClusterKey), client: "replayer", ts: ts, nonce: nonce)
        let hello = #"{"type":"hello","version":1,"client":"replayer","ts":\#(ts),"nonce":"\#(nonce)","mac":"\#(mac)"}"#

        let accepted = try await firstFrame(afterSending: hello, to: first.port)
        #expect(accepted?["type"]?.stringValue == "welcome")
        let replayed = try await firstFrame(afterSending: hello, to: second.port)
        #expect(replayed?["error"]?["code"]?.stringValue == "unauthenticated")
    }

    /// Sends one frame on a fresh connection and returns the first frame the server answers.
    private func firstFrame(afterSending json: String, to port: Int) async throws -> JSONValue? {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var frame = ByteBuffer()
            frame.writeInteger(UInt32(json.utf8.count))
            frame.writeString(json)
            try await outbound.write(frame)
            var received = ByteBuffer()
            for try await chunk in inbound {
                received.writeImmutableBuffer(chunk)
                guard let length = received.getInteger(at: received.readerIndex, as: UInt32.self),
                    received.readableBytes >= 4 + Int(length),
                    let body = received.getBytes(at: received.readerIndex + 4, length: Int(length))
                else { continue }
                return try JSONDecoder().decode(JSONValue.self, from: Data(body))
            }
            return nil
        }
    }
}
