import Foundation

/// Child processes the benchmark starts: `redis-server`, `redis-benchmark` and Till's services.
enum ProcessRunner {
    /// Runs a program to completion and returns its standard output.
    ///
    /// Waits by polling: `Process.waitUntilExit()` can hang when called from a Swift concurrency
    /// thread on Linux.
    static func output(of program: String, arguments: [String]) async throws -> String {
        let process = Process()
        process.executableURL = try locate(program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var data = Data()
        while true {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            data.append(chunk)
        }
        while process.isRunning {
            try await Task.sleep(for: .milliseconds(10))
        }
        guard process.terminationStatus == 0 else {
            throw BenchError("\(program) exited with status \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Finds `program` next to this executable (Till's own products) or on `PATH`.
    static func locate(_ program: String) throws -> URL {
        let own = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let folders = [own.path] + path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/local/sbin"]
        for folder in folders {
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent(program)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw BenchError("\(program) not found (build Till in release first; apt-get install redis-tools redis-server)")
    }

    /// Resident set size of a process in bytes, from `/proc/<pid>/status`.
    static func residentBytes(pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }
}
