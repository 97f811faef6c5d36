import Foundation
import Logging
import Testing
import TillObservability

/// Many threads log long lines into one pipe at once; every line must come out whole.
///
/// The lines are longer than `PIPE_BUF`, so the kernel alone would not keep concurrent writes
/// apart: only the output's lock (and its loop over partial writes) does.
@Suite("Log line atomicity")
struct LogLineAtomicityTests {
    @Test func concurrentLongLinesNeverInterleave() async throws {
        let threads = 8
        let linesPerThread = 200
        let pipe = Pipe()
        let reader = Self.readToEnd(pipe.fileHandleForReading)
        let output = FileDescriptorLogOutput(fileDescriptor: pipe.fileHandleForWriting.fileDescriptor)
        let padding = String(repeating: "x", count: 9000)

        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            let logger = Logger(label: "till.atomicity") { JSONLogHandler(label: $0, output: output) }
            for line in 0..<linesPerThread {
                logger.info("Line", metadata: ["thread": "\(thread)", "line": "\(line)", "padding": "\(padding)"])
            }
        }
        try pipe.fileHandleForWriting.close()

        let data = try await reader.value
        let lines = data.split(separator: UInt8(ascii: "\n"))
        #expect(lines.count == threads * linesPerThread)
        var seen = Set<String>()
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            #expect(object["padding"] as? String == padding)
            seen.insert("\(object["thread"] ?? "")/\(object["line"] ?? "")")
        }
        #expect(seen.count == threads * linesPerThread)
    }

    /// Reads on a thread of its own: the read blocks, and the test's writers must not wait for a
    /// cooperative-pool thread to drain the pipe.
    private static func readToEnd(_ handle: FileHandle) -> Task<Data, any Error> {
        let (stream, continuation) = AsyncStream.makeStream(of: Data.self)
        let thread = Thread {
            continuation.yield(handle.readDataToEndOfFile())
            continuation.finish()
        }
        thread.start()
        return Task {
            for await data in stream {
                return data
            }
            return Data()
        }
    }
}
