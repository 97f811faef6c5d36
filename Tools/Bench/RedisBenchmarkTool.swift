import Foundation

/// Runs the reference `redis-benchmark` in the same run as Till's own measurement, so that the
/// ratio between the two is what gets reported (the machine is shared and noisy).
enum RedisBenchmarkTool {
    /// Requests per second `redis-benchmark -t <test> -c <clients>` reached against `port`.
    static func requestsPerSecond(test: String, clients: Int, requests: Int, port: Int) async throws -> Double {
        let output = try await ProcessRunner.output(
            of: "redis-benchmark",
            arguments: ["-h", "127.0.0.1", "-p", String(port), "-t", test, "-c", String(clients), "-n", String(requests), "--csv"]
        )
        // "test","rps",...  then  "SET","21819.77",...
        for line in output.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            if fields.count > 1, let rps = Double(fields[1]) { return rps }
        }
        throw BenchError("could not read redis-benchmark output: \(output.prefix(200))")
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
