import Foundation
import Synchronization
import TillObservability

/// Collects rendered log lines in memory.
final class CapturingLogOutput: LogOutput {
    private let lines = Mutex<[String]>([])

    func write(line: String) {
        self.lines.withLock { $0.append(line) }
    }

    /// Every line written so far, newline included.
    var captured: [String] {
        self.lines.withLock { $0 }
    }

    /// Every line parsed as a JSON object.
    func jsonObjects() throws -> [[String: Any]] {
        try self.captured.map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            guard let dictionary = object as? [String: Any] else {
                throw CapturedLineError(line: line)
            }
            return dictionary
        }
    }

    struct CapturedLineError: Error {
        var line: String
    }
}
