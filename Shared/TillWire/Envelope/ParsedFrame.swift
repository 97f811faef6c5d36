import NIOCore

/// One inbound frame, validated as a JSON object, with the envelope's members located.
///
/// Every envelope (hello, welcome, request, response) is read from this: the scan happens once,
/// and each field is decoded only when asked for.
struct ParsedFrame {
    /// The frame body; spans index into it.
    let buffer: ByteBuffer
    var type: JSONSpan?
    var id: JSONSpan?
    var method: JSONSpan?
    var params: JSONSpan?
    var idempotencyKey: JSONSpan?
    var deadlineMS: JSONSpan?
    var traceID: JSONSpan?
    var version: JSONSpan?
    var client: JSONSpan?
    var ts: JSONSpan?
    var nonce: JSONSpan?
    var mac: JSONSpan?
    var result: JSONSpan?
    var error: JSONSpan?
    var server: JSONSpan?
    var maxFrame: JSONSpan?

    /// Scans `buffer`; throws if it is not exactly one valid UTF-8 JSON object.
    init(_ buffer: ByteBuffer) throws(JSONScanError) {
        let base = buffer.readerIndex
        var frame = ParsedFrame(unscanned: buffer)
        let outcome: Result<Void, JSONScanError> = buffer.withUnsafeReadableBytes { bytes in
            do throws(JSONScanError) {
                try JSONScanner.scanObject(bytes) { key, keyHasEscapes, span in
                    let name = JSONText.string(key, hasEscapes: keyHasEscapes)
                    frame.assign(span.shifted(by: base), to: name)
                }
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try outcome.get()
        self = frame
    }

    private init(unscanned buffer: ByteBuffer) {
        self.buffer = buffer
    }

    private mutating func assign(_ span: JSONSpan, to key: String) {
        switch key {
        case "type": type = span
        case "id": id = span
        case "method": method = span
        case "params": params = span
        case "idempotency_key": idempotencyKey = span
        case "deadline_ms": deadlineMS = span
        case "trace_id": traceID = span
        case "version": version = span
        case "client": client = span
        case "ts": ts = span
        case "nonce": nonce = span
        case "mac": mac = span
        case "result": result = span
        case "error": error = span
        case "server": server = span
        case "max_frame": maxFrame = span
        default: break  // unknown members are ignored
        }
    }

    /// The value of a string member, or `nil` if `span` is absent or not a string.
    func string(_ span: JSONSpan?) -> String? {
        guard let span, span.kind == .string else { return nil }
        return bytes(of: span) { JSONText.string($0, hasEscapes: span.hasEscapes) }
    }

    /// The value of a number member written as plain digits, or `nil`.
    func unsignedInteger(_ span: JSONSpan?) -> UInt64? {
        guard let span, span.kind == .number else { return nil }
        return bytes(of: span) { JSONText.unsignedInteger($0) }
    }

    /// The value of an integer member (optionally negative), or `nil`.
    func integer(_ span: JSONSpan?) -> Int64? {
        guard let span, span.kind == .number else { return nil }
        return bytes(of: span) { JSONText.integer($0) }
    }

    /// The raw JSON bytes of a member's value, sharing the frame's storage.
    func slice(_ span: JSONSpan) -> ByteBuffer {
        buffer.getSlice(at: span.range.lowerBound, length: span.range.count) ?? ByteBuffer()
    }

    private func bytes<T>(of span: JSONSpan, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        buffer.withUnsafeReadableBytes { readable in
            let start = span.range.lowerBound - buffer.readerIndex
            return body(UnsafeRawBufferPointer(rebasing: readable[start..<(start + span.range.count)]))
        }
    }
}
