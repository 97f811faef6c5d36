/// The command line of the private `redis-server` `till up` starts.
///
/// Till keeps its ledger, saga logs and idempotency records in Redis, so the server persists
/// with AOF (`everysec`) and refuses writes rather than evicting keys when memory runs out
/// (DESIGN.md, "Redis as the system of record"). RDB snapshots are off: the AOF is the record.
/// It listens on loopback only and logs to standard output, which `till` sends to the log file.
///
/// AOF rewrites: a checkout appends ~13 KB to the AOF but adds only ~3.5 KB to the data set
/// (docs/BENCHMARKS.md, "Saga throughput decay and stalls"), so with Redis' defaults (rewrite at
/// 64 MB, then whenever the file doubled) a stack under load forks a rewrite every ~13 s at
/// 280 checkouts/s, and each rewrite serialises every record ever written (saga records and
/// payments never expire), a forked child competing for the same two cores as the services.
/// The steady-state cost is (AOF bytes/s) × (rewrite cost per byte) / percentage, so doubling the
/// percentage halves it; the larger minimum keeps rewrites out of small data sets entirely. The
/// price is disk: the AOF may grow to 3× the data set (and at least 256 MB) before compaction,
/// and a restart replays that much. The RDB preamble (Redis' default, stated so it stays) keeps
/// the rewritten base compact and quick to load.
enum RedisServerArguments {
    /// The arguments for a server on `127.0.0.1:port` keeping its data in `directory`.
    static func make(port: Int, directory: String) -> [String] {
        [
            "--port", String(port),
            "--bind", "127.0.0.1",
            "--dir", directory,
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--aof-use-rdb-preamble", "yes",
            "--auto-aof-rewrite-percentage", "200",
            "--auto-aof-rewrite-min-size", "256mb",
            "--maxmemory-policy", "noeviction",
            "--save", "",
            "--daemonize", "no",
        ]
    }
}
