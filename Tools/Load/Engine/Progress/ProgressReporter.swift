import Foundation
import Synchronization

/// Prints one progress line per second while a run goes on: rewritten in place on a terminal,
/// plain lines every few seconds otherwise (logs, CI).
public final class ProgressReporter: Sendable {
    private struct Current {
        var recorder: LoadRecorder
        var phase: String
        /// The run's second at which the recorder's second 0 starts.
        var firstSecond: Int
    }

    private let current: Mutex<Current>
    private let runStart: ContinuousClock.Instant
    private let isTerminal: Bool
    private let plainEvery: Int
    private let write: @Sendable (String) -> Void

    /// A reporter of a run that started at `runStart`, writing to standard error.
    /// - Parameters:
    ///   - isTerminal: rewrite one line in place (standard error is a TTY) instead of printing lines.
    ///   - plainEvery: without a terminal, print every this many seconds.
    public init(
        runStart: ContinuousClock.Instant,
        recorder: LoadRecorder,
        isTerminal: Bool = isatty(STDERR_FILENO) != 0,
        plainEvery: Int = 5,
        write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) {
        self.current = Mutex(Current(recorder: recorder, phase: "load", firstSecond: 0))
        self.runStart = runStart
        self.isTerminal = isTerminal
        self.plainEvery = max(1, plainEvery)
        self.write = write
    }

    /// From now on, report from `recorder`, whose times count from `start`, under `phase` (`warmup`, `rate 500/s`).
    public func follow(_ recorder: LoadRecorder, phase: String, start: ContinuousClock.Instant) {
        let firstSecond = Int((start - self.runStart).secondsValue.rounded())
        self.current.withLock { $0 = Current(recorder: recorder, phase: phase, firstSecond: firstSecond) }
    }

    /// Prints until cancelled, then ends the in-place line.
    public func run() async {
        let clock = ContinuousClock()
        var second = 1
        while !Task.isCancelled {
            // A little after the second ends, so that most of its answers are in.
            do { try await clock.sleep(until: self.runStart + .seconds(second) + .milliseconds(50), tolerance: nil) } catch { break }
            let (recorder, phase, firstSecond) = self.current.withLock { ($0.recorder, $0.phase, $0.firstSecond) }
            var summary = recorder.second(second - 1 - firstSecond) ?? SecondSummary.empty(second - 1)
            summary.second = second - 1
            if self.isTerminal {
                self.write("\r\u{1B}[2K" + ProgressLine.render(summary, phase: phase))
            } else if second % self.plainEvery == 0 {
                self.write(ProgressLine.render(summary, phase: phase) + "\n")
            }
            second += 1
        }
        if self.isTerminal { self.write("\n") }
    }
}

extension SecondSummary {
    /// A second in which nothing happened.
    static func empty(_ second: Int) -> SecondSummary {
        SecondSummary(second: second, bucket: SecondBucket())
    }
}
