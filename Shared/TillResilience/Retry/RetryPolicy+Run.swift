extension RetryPolicy {
    /// Runs `operation` until it succeeds, fails with an error that is not retriable, runs out of
    /// attempts, or would have to sleep past `deadline`.
    ///
    /// - The first attempt always runs; the deadline only bounds the sleeps between attempts.
    /// - When the next sleep would end at or after `deadline`, the policy gives up at once with the
    ///   last error instead of sleeping: nobody waits for an answer after the deadline.
    /// - When the task is cancelled during a sleep, the last error is thrown.
    ///
    /// - Parameters:
    ///   - clock: The clock to read and sleep on; tests pass a manual clock.
    ///   - deadline: The caller's deadline on `clock`, or `nil` for none.
    ///   - isRetriable: Which failures are worth another attempt; by default those whose
    ///     ``RetriableError/isRetriable`` is `true`.
    ///   - operation: The work; receives the attempt number, starting at 1.
    /// - Returns: The first successful result.
    /// - Throws: The last failure of `operation`.
    public func run<Result, Failure: Error, C: Clock<Duration>>(
        clock: C,
        deadline: C.Instant? = nil,
        isRetriable: (Failure) -> Bool = { RetryClassification.isRetriable($0) },
        operation: (_ attempt: Int) async throws(Failure) -> Result
    ) async throws(Failure) -> Result {
        var attempt = 1
        while true {
            let failure: Failure
            do throws(Failure) {
                return try await operation(attempt)
            } catch {
                failure = error
            }
            guard attempt < maxAttempts, isRetriable(failure) else { throw failure }
            let delay = delay(beforeRetry: attempt)
            if let deadline, clock.now.advanced(by: delay) >= deadline { throw failure }
            do {
                try await clock.sleep(for: delay)
            } catch {
                throw failure
            }
            attempt += 1
        }
    }

    /// ``run(clock:deadline:isRetriable:operation:)`` on the continuous clock.
    public func run<Result, Failure: Error>(
        deadline: ContinuousClock.Instant? = nil,
        isRetriable: (Failure) -> Bool = { RetryClassification.isRetriable($0) },
        operation: (_ attempt: Int) async throws(Failure) -> Result
    ) async throws(Failure) -> Result {
        try await run(clock: ContinuousClock(), deadline: deadline, isRetriable: isRetriable, operation: operation)
    }
}
