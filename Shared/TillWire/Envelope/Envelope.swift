import NIOCore

/// Writes the request and response envelopes (frame bodies, without the length prefix).
///
/// The envelope is written by hand around the already-encoded `params` or `result` JSON, so each
/// message costs one `JSONEncoder` pass for the payload and no intermediate tree.
enum Envelope {
    static let allocator = ByteBufferAllocator()

    /// `{"id":N,"result":<result>}`
    static func success(id: UInt64, resultJSON: some Collection<UInt8>) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 32 + resultJSON.count)
        buffer.writeStaticString(#"{"id":"#)
        buffer.writeDecimal(id)
        buffer.writeStaticString(#","result":"#)
        buffer.writeBytes(resultJSON)
        buffer.writeInteger(UInt8(ascii: "}"))
        return buffer
    }

    /// `{"id":N|null,"error":{"code":…,"message":…,"retriable":…,"details":…}}`
    static func failure(id: UInt64?, _ error: WireError) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 96 + error.message.utf8.count)
        buffer.writeStaticString(#"{"id":"#)
        if let id {
            buffer.writeDecimal(id)
        } else {
            buffer.writeStaticString("null")
        }
        buffer.writeStaticString(#","error":"#)
        buffer.writeWireError(error)
        buffer.writeInteger(UInt8(ascii: "}"))
        return buffer
    }

    /// `{"id":N,"method":…,"params":<params>,"idempotency_key":…,"deadline_ms":…,"trace_id":…}`
    static func request(
        id: UInt64,
        method: String,
        paramsJSON: some Collection<UInt8>,
        idempotencyKey: String?,
        deadlineMS: Int64?,
        traceID: String?
    ) -> ByteBuffer {
        let extra = (idempotencyKey?.utf8.count ?? 0) + (traceID?.utf8.count ?? 0)
        var buffer = allocator.buffer(capacity: 112 + method.utf8.count + paramsJSON.count + extra)
        buffer.writeStaticString(#"{"id":"#)
        buffer.writeDecimal(id)
        buffer.writeStaticString(#","method":"#)
        buffer.writeJSONString(method)
        buffer.writeStaticString(#","params":"#)
        buffer.writeBytes(paramsJSON)
        if let idempotencyKey {
            buffer.writeStaticString(#","idempotency_key":"#)
            buffer.writeJSONString(idempotencyKey)
        }
        if let deadlineMS {
            buffer.writeStaticString(#","deadline_ms":"#)
            buffer.writeDecimal(deadlineMS)
        }
        if let traceID {
            buffer.writeStaticString(#","trace_id":"#)
            buffer.writeJSONString(traceID)
        }
        buffer.writeInteger(UInt8(ascii: "}"))
        return buffer
    }
}

extension ByteBuffer {
    /// Writes the wire form of an error object.
    mutating func writeWireError(_ error: WireError) {
        writeStaticString(#"{"code":"#)
        writeJSONString(error.code.rawValue)
        writeStaticString(#","message":"#)
        writeJSONString(error.message)
        writeStaticString(error.retriable ? #","retriable":true"# : #","retriable":false"#)
        if let details = error.details {
            writeStaticString(#","details":"#)
            writeJSONValue(details)
        }
        writeInteger(UInt8(ascii: "}"))
    }
}
