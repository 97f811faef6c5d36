/// Which scenarios a run's orders follow, by weight: `visa=90,declined=3,flaky=3,3ds=1,bad_address=1,fraud=2`.
public struct WorkloadMix: Sendable, Hashable {
    /// The scenarios and their weights, in the order given.
    public let entries: [(scenario: Scenario, weight: Int)]
    private let cumulative: [Int]

    /// Every order pays with `tok_visa`: the mix of the max-throughput figure and the SLO.
    public static let visaOnly = WorkloadMix(validated: [(.visa, 100)])
    /// Mostly good orders with a few of every documented failure.
    public static let realistic = WorkloadMix(validated: [
        (.visa, 90), (.declined, 3), (.flaky, 3), (.threeDS, 1), (.badAddress, 1), (.fraud, 2),
    ])

    /// Why a mix did not parse.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public let description: String
    }

    private init(validated entries: [(scenario: Scenario, weight: Int)]) {
        self.entries = entries
        var running = 0
        self.cumulative = entries.map { entry in
            running += entry.weight
            return running
        }
    }

    /// Parses `realistic`, `visa` or `name=weight,…` with the scenario names of ``Scenario``.
    public static func parse(_ text: String) throws(ParseError) -> WorkloadMix {
        switch text {
        case "realistic": return .realistic
        case "visa", "default": return .visaOnly
        default: break
        }
        var entries: [(scenario: Scenario, weight: Int)] = []
        let names = Scenario.allCases.map(\.rawValue).joined(separator: ", ")
        for part in text.split(separator: ",") {
            let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: " ") }
            guard let scenario = Scenario(rawValue: pieces[0]) else {
                throw ParseError(description: "unknown scenario \(pieces[0].debugDescription) (one of \(names), or the mix realistic)")
            }
            let weight = pieces.count == 2 ? Int(pieces[1]) : 1
            guard let weight, weight >= 0 else {
                throw ParseError(description: "the weight of \(scenario.rawValue) must be a whole number ≥ 0")
            }
            guard !entries.contains(where: { $0.scenario == scenario }) else {
                throw ParseError(description: "\(scenario.rawValue) is named twice")
            }
            entries.append((scenario, weight))
        }
        guard entries.contains(where: { $0.weight > 0 }) else {
            throw ParseError(description: "a mix needs at least one scenario with a positive weight")
        }
        return WorkloadMix(validated: entries)
    }

    /// The scenario of a uniform draw `roll` in `0..<totalWeight`.
    public func scenario(forRoll roll: Int) -> Scenario {
        let index = self.cumulative.firstIndex { roll < $0 } ?? (self.entries.count - 1)
        return self.entries[index].scenario
    }

    /// The sum of the weights.
    public var totalWeight: Int { self.cumulative.last ?? 0 }

    /// `visa=90,declined=3,…`.
    public var description: String {
        self.entries.map { "\($0.scenario.rawValue)=\($0.weight)" }.joined(separator: ",")
    }

    public static func == (lhs: WorkloadMix, rhs: WorkloadMix) -> Bool {
        lhs.description == rhs.description
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.description)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var text = self
        while text.first == set { text.removeFirst() }
        while text.last == set { text.removeLast() }
        return String(text)
    }
}
