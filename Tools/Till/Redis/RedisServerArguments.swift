/// The command line of the private `redis-server` `till up` starts.
///
/// Till keeps its ledger, saga logs and idempotency records in Redis, so the server persists
/// with AOF (`everysec`) and refuses writes rather than evicting keys when memory runs out
/// (DESIGN.md, "Redis as the system of record"). RDB snapshots are off: the AOF is the record.
/// It listens on loopback only and logs to standard output, which `till` sends to the log file.
enum RedisServerArguments {
    /// The arguments for a server on `127.0.0.1:port` keeping its data in `directory`.
    static func make(port: Int, directory: String) -> [String] {
        [
            "--port", String(port),
            "--bind", "127.0.0.1",
            "--dir", directory,
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--maxmemory-policy", "noeviction",
            "--save", "",
            "--daemonize", "no",
        ]
    }
}
