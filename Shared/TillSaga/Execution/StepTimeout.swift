import TillWire

/// Bounds one attempt of a step by its deadline, whether or not the work honours it.
enum StepTimeout {
    /// - Parameter trusted: the work ends by `deadline` itself (``SagaStep/honoursDeadline``): it
    ///   runs in this task, without the racing timer.
    static func run(
        until deadline: ContinuousClock.Instant,
        trusted: Bool = false,
        _ work: @escaping @Sendable () async throws(SagaStepFailure) -> JSONValue
    ) async -> Result<JSONValue, SagaStepFailure> {
        if trusted {
            do throws(SagaStepFailure) {
                return .success(try await work())
            } catch {
                return .failure(error)
            }
        }
        return await withTaskGroup(of: Result<JSONValue, SagaStepFailure>?.self) { group in
            group.addTask {
                do throws(SagaStepFailure) {
                    return .success(try await work())
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                do {
                    try await Task.sleep(until: deadline)
                } catch {
                    return nil
                }
                return .failure(.timedOut)
            }
            var result: Result<JSONValue, SagaStepFailure> = .failure(.timedOut)
            if let first = await group.next(), let value = first {
                result = value
            }
            group.cancelAll()
            return result
        }
    }
}
