import CHiredis
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// hiredis' `redisReader` as an owned Swift object: bytes in, ``RESPValue``s out.
///
/// hiredis keeps partial input across ``feed(_:)`` calls, so replies may arrive split anywhere.
/// Not thread-safe; one parser belongs to one channel.
final class RESPReplyParser {
    private let reader: UnsafeMutablePointer<redisReader>
    private let functions: UnsafeMutablePointer<redisReplyObjectFunctions>

    init() {
        guard let reader = redisReaderCreate() else {
            // hiredis returns NULL only when malloc fails; Swift traps on allocation failure too.
            preconditionFailure("hiredis could not allocate a reply reader")
        }
        // hiredis' default nil constructor cannot tell `$-1` from `*-1`; ours records which one
        // it saw, keeping every other default constructor (and freeReplyObject) as is.
        let functions = UnsafeMutablePointer<redisReplyObjectFunctions>.allocate(capacity: 1)
        functions.initialize(to: reader.pointee.fn.pointee)
        functions.pointee.createNil = createNilReply
        reader.pointee.fn = functions
        self.reader = reader
        self.functions = functions
    }

    deinit {
        redisReaderFree(reader)
        functions.deallocate()
    }

    /// Appends received bytes to the parser's input.
    func feed(_ buffer: ByteBuffer) throws(RedisError) {
        let status = buffer.withUnsafeReadableBytes { bytes in
            redisReaderFeed(reader, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count)
        }
        if status != REDIS_OK { throw readerError() }
    }

    /// The next complete reply, or `nil` when more bytes are needed.
    /// - Throws: ``RedisError/Code/protocolError`` when the input is not RESP; the parser is then
    ///   unusable and the connection must be closed.
    func next() throws(RedisError) -> RESPValue? {
        var raw: UnsafeMutableRawPointer?
        guard redisReaderGetReply(reader, &raw) == REDIS_OK else { throw readerError() }
        guard let raw else { return nil }
        let reply = raw.assumingMemoryBound(to: redisReply.self)
        defer { freeReplyObject(raw) }
        return try Self.value(of: reply)
    }

    private func readerError() -> RedisError {
        let text = withUnsafeBytes(of: &reader.pointee.errstr) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        return .protocolError("invalid RESP from server: \(text)")
    }

    private static func value(of reply: UnsafeMutablePointer<redisReply>) throws(RedisError) -> RESPValue {
        let node = reply.pointee
        switch node.type {
        case REDIS_REPLY_STRING:
            return .bulkString(ByteBuffer(bytes: UnsafeRawBufferPointer(start: node.str, count: node.len)))
        case REDIS_REPLY_STATUS:
            return .simpleString(text(node))
        case REDIS_REPLY_ERROR:
            return .error(text(node))
        case REDIS_REPLY_INTEGER:
            return .integer(Int64(node.integer))
        case REDIS_REPLY_NIL:
            return node.integer == REDIS_REPLY_ARRAY ? .array(nil) : .bulkString(nil)
        case REDIS_REPLY_ARRAY:
            var elements: [RESPValue] = []
            elements.reserveCapacity(node.elements)
            for index in 0..<node.elements {
                guard let element = node.element[index] else {
                    throw .protocolError("hiredis returned an incomplete array")
                }
                elements.append(try value(of: element))
            }
            return .array(elements)
        default:
            throw .protocolError("unsupported reply type \(node.type)")
        }
    }

    private static func text(_ node: redisReply) -> String {
        String(decoding: UnsafeRawBufferPointer(start: node.str, count: node.len), as: UTF8.self)
    }
}

/// hiredis' nil constructor, plus a note of which null it was: the reader task's type
/// (`REDIS_REPLY_STRING` for `$-1`, `REDIS_REPLY_ARRAY` for `*-1`) is kept in the otherwise unused
/// `integer` field. Allocated with `calloc` so `freeReplyObject` releases it like its own replies.
private func createNilReply(_ task: UnsafePointer<redisReadTask>?) -> UnsafeMutableRawPointer? {
    guard let task, let memory = calloc(1, MemoryLayout<redisReply>.size) else { return nil }
    let reply = memory.assumingMemoryBound(to: redisReply.self)
    reply.pointee.type = REDIS_REPLY_NIL
    reply.pointee.integer = Int64(task.pointee.type)
    if let parent = task.pointee.parent, let parentObject = parent.pointee.obj {
        let parentReply = parentObject.assumingMemoryBound(to: redisReply.self)
        parentReply.pointee.element[Int(task.pointee.idx)] = reply
    }
    return memory
}
