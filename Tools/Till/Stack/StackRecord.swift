import Foundation

/// `stack.json`: what `till down` and `till status` need to find the running stack — its
/// processes with pids, ports, health checks and logs. No secrets (those are in `stack.env`).
///
/// Written as soon as the first process starts (phase `starting`) and after each further start,
/// so even a `till up` killed half-way leaves a record `till down` can clean up from.
struct StackRecord: Codable, Sendable, Hashable {
    /// The format version; a reader refuses a newer one rather than misreading it.
    static let currentVersion = 1

    /// How far `till up` got.
    enum Phase: String, Codable, Sendable, Hashable {
        /// Processes are being started.
        case starting
        /// Every process answered its readiness check.
        case ready
    }

    /// The `till up` process that started the stack.
    struct Supervisor: Codable, Sendable, Hashable {
        /// The process (still running while a foreground stack is up).
        var process: ProcessIdentity
        /// Whether it returned once the stack was ready (`--detach`).
        var detached: Bool
    }

    /// One process of the stack.
    struct Process: Codable, Sendable, Hashable {
        /// Its name in the stack (`payments-2`).
        var name: String
        /// What it is.
        var role: PlannedProcess.Role
        /// The process.
        var process: ProcessIdentity
        /// Whether it leads its own process group (then the whole group is signalled).
        var leadsProcessGroup: Bool
        /// Its listeners.
        var ports: [PlannedProcess.Port]
        /// How its readiness is checked.
        var health: HealthCheck
        /// Its log file.
        var log: String
    }

    /// The format version (``currentVersion`` when written).
    var version: Int = Self.currentVersion
    /// How far `till up` got.
    var phase: Phase
    /// When `till up` began.
    var startedAt: Date
    /// When every process was ready.
    var readyAt: Date?
    /// The `till up` process.
    var supervisor: Supervisor
    /// The Redis URL without credentials, for display.
    var redis: String
    /// Whether `till up` started that Redis (then it is one of ``processes``).
    var redisIsPrivate: Bool
    /// The processes in start order.
    var processes: [Process]

    /// The JSON text: sorted keys, pretty, ISO 8601 dates.
    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    /// Parses `data`.
    static func decode(_ data: Data) throws -> StackRecord {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(StackRecord.self, from: data)
    }

    /// Replaces `file` atomically.
    func write(to file: URL) throws(TillError) {
        let data: Data
        do {
            data = try self.encoded()
        } catch {
            throw TillError(.fileSystem, "cannot encode \(file.lastPathComponent): \(error)")
        }
        try PrivateFile.write(data, to: file, mode: 0o644)
    }

    /// The record in `file`, or nil when there is none.
    static func read(from file: URL) throws(TillError) -> StackRecord? {
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        let record: StackRecord
        do {
            record = try Self.decode(try Data(contentsOf: file))
        } catch {
            throw TillError(.fileSystem, "\(file.path) is not a stack record (\(StackLayout.reason(error)))")
        }
        guard record.version <= Self.currentVersion else {
            throw TillError(.fileSystem, "\(file.path) was written by a newer till (format \(record.version))")
        }
        return record
    }

    /// The processes still running, the `till up` supervisor of a foreground stack included.
    var liveProcesses: [ProcessIdentity] {
        var live = self.processes.map(\.process).filter(\.isAlive)
        if self.supervisor.process.isAlive, !self.supervisor.detached || self.phase == .starting {
            live.append(self.supervisor.process)
        }
        return live
    }
}
