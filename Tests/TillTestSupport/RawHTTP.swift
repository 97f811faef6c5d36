import NIOCore
import NIOPosix

/// A tiny HTTP/1.1 client over a plain NIO socket, for tests of the services' HTTP listeners.
///
/// One request per connection (`Connection: close`), the whole response read until the server
/// closes. It speaks exactly as much HTTP as a test needs and nothing more — no redirects, no TLS —
/// so tests need no HTTP client dependency and see the raw status line and headers.
public enum RawHTTP {
    /// A parsed response.
    public struct Response: Sendable {
        /// The status code, e.g. 200.
        public var status: Int
        /// Header fields with lower-cased names; a repeated field keeps its last value.
        public var headers: [String: String]
        /// The body (de-chunked), as UTF-8 text.
        public var body: String
    }

    /// Sends `method path` to `host:port` and returns the response.
    ///
    /// - Throws: `TestSupportError` when the response is malformed or does not arrive within
    ///   `timeout`; NIO's errors when the connection fails.
    public static func send(
        _ method: String,
        _ path: String,
        host: String = "127.0.0.1",
        port: Int,
        headers: [(String, String)] = [],
        body: String = "",
        timeout: Duration = .seconds(10)
    ) async throws -> Response {
        var request = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n"
        for (name, value) in headers {
            request += "\(name): \(value)\r\n"
        }
        if !body.isEmpty || method == "POST" || method == "PUT" {
            request += "Content-Length: \(body.utf8.count)\r\n"
        }
        request += "\r\n" + body
        let raw = try await self.exchange(request, host: host, port: port, timeout: timeout)
        return try self.parse(raw)
    }

    private static func exchange(_ request: String, host: String, port: Int, timeout: Duration) async throws -> [UInt8] {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    try await outbound.write(ByteBuffer(string: request))
                    var received: [UInt8] = []
                    for try await chunk in inbound {
                        received.append(contentsOf: chunk.readableBytesView)
                    }
                    return received
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let received = first else {
                channel.channel.close(promise: nil)
                throw TestSupportError("no complete HTTP response from \(host):\(port) within \(timeout)")
            }
            return received
        }
    }

    static func parse(_ raw: [UInt8]) throws -> Response {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = raw.firstRange(of: separator) else {
            throw TestSupportError("HTTP response without a complete head: \(String(decoding: raw, as: UTF8.self))")
        }
        let head = String(decoding: raw[..<end.lowerBound], as: UTF8.self)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusParts = lines.removeFirst().split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]) else {
            throw TestSupportError("bad HTTP status line: \(head)")
        }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].drop { $0 == " " }
            headers[name] = String(value)
        }
        var body = Array(raw[end.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            body = try self.dechunk(body)
        } else if let length = headers["content-length"].flatMap({ Int($0) }), length <= body.count {
            body = Array(body.prefix(length))
        }
        return Response(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
    }

    private static func dechunk(_ bytes: [UInt8]) throws -> [UInt8] {
        var output: [UInt8] = []
        var index = bytes.startIndex
        let crlf: [UInt8] = [13, 10]
        while true {
            guard let lineEnd = bytes[index...].firstRange(of: crlf),
                let size = Int(String(decoding: bytes[index..<lineEnd.lowerBound].prefix { $0 != UInt8(ascii: ";") }, as: UTF8.self), radix: 16)
            else {
                throw TestSupportError("bad chunked HTTP body")
            }
            index = lineEnd.upperBound
            if size == 0 { return output }
            guard bytes.count - index >= size + 2 else { throw TestSupportError("truncated chunked HTTP body") }
            output.append(contentsOf: bytes[index..<index + size])
            index += size + 2
        }
    }
}
