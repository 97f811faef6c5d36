import Histogram

/// What happened during one second of a run.
struct SecondBucket: Sendable {
    /// Requests whose intended send time fell in this second: the offered load.
    var offered = 0
    /// Answers (of any outcome) that arrived in this second.
    var completed = 0
    /// Failures that arrived in this second, by error code.
    var errors: [String: Int] = [:]
    /// Latencies of the answers that arrived in this second.
    var latencies = LatencyHistogram.makeCoarse()
}
