/// How many replicas of each service `till up` runs: one each unless `--replicas` says otherwise.
struct ReplicaCounts: Sendable, Hashable {
    /// The most replicas of one service on one machine.
    static let maximum = 8

    private var counts: [ServiceKind: Int] = [:]

    /// One replica of every service.
    init() {}

    /// The number of replicas of `service`.
    subscript(service: ServiceKind) -> Int {
        get { self.counts[service] ?? 1 }
        set { self.counts[service] = newValue }
    }

    /// Why a `--replicas` value was rejected: one line naming the offending part.
    struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        let description: String
    }

    /// Parses `payments=2,orchestrator=2`; services not named keep one replica.
    static func parse(_ text: String) throws(ParseError) -> ReplicaCounts {
        var result = ReplicaCounts()
        var seen: Set<ServiceKind> = []
        let services = ServiceKind.allCases.map(\.rawValue).joined(separator: ", ")
        for rawEntry in text.split(separator: ",", omittingEmptySubsequences: false) {
            let entry = rawEntry.trimmingWhitespace
            guard let equals = entry.firstIndex(of: "=") else {
                throw ParseError(description: "expected service=count, got \(String(entry).debugDescription)")
            }
            let name = entry[..<equals].trimmingWhitespace
            let countText = entry[entry.index(after: equals)...].trimmingWhitespace
            guard let service = ServiceKind(rawValue: String(name)) else {
                throw ParseError(description: "unknown service \(String(name).debugDescription) (one of \(services))")
            }
            guard let count = Int(countText), (1...Self.maximum).contains(count) else {
                throw ParseError(
                    description: "\(service.rawValue): expected a count from 1 to \(Self.maximum), "
                        + "got \(String(countText).debugDescription)"
                )
            }
            guard seen.insert(service).inserted else {
                throw ParseError(description: "\(service.rawValue) given twice")
            }
            result[service] = count
        }
        return result
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingWhitespace: Substring {
        let isText: (Character) -> Bool = { $0 != " " && $0 != "\t" }
        guard let first = self.firstIndex(where: isText), let last = self.lastIndex(where: isText) else { return "" }
        return self[first...last]
    }
}
