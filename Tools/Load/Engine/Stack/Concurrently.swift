/// Runs `body` over `items` with at most `width` calls at a time, collecting the results in order.
enum Concurrently {
    static func map<Item: Sendable, Result: Sendable, Failure: Error>(
        _ items: [Item],
        width: Int,
        _ body: @escaping @Sendable (Item) async throws(Failure) -> Result
    ) async throws(Failure) -> [Result] {
        let outcome = await withTaskGroup(of: (Int, Swift.Result<Result, Failure>).self, returning: Swift.Result<[Result], Failure>.self) { group in
            var results = [Swift.Result<Result, Failure>?](repeating: nil, count: items.count)
            var next = 0
            func launch() {
                let index = next
                let item = items[index]
                group.addTask {
                    do throws(Failure) {
                        return (index, .success(try await body(item)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
                next += 1
            }
            while next < min(width, items.count) { launch() }
            while let (index, result) = await group.next() {
                results[index] = result
                if case .failure = result {
                    group.cancelAll()
                    return Swift.Result<[Result], Failure>.failure(result.failureValue)
                }
                if next < items.count { launch() }
            }
            // Every slot is filled by now: each index was launched once and answered successfully.
            return .success(results.compactMap { $0?.successValue })
        }
        return try outcome.get()
    }
}

extension Result {
    fileprivate var failureValue: Failure {
        guard case .failure(let error) = self else { preconditionFailure("not a failure") }
        return error
    }

    fileprivate var successValue: Success? {
        guard case .success(let value) = self else { return nil }
        return value
    }
}
