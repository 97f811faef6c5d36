/// The four Till services, in the order `till up` starts them (the orchestrator, which calls
/// the others, last).
enum ServiceKind: String, CaseIterable, Codable, Sendable, Hashable {
    case inventory
    case payments
    case shipping
    case orchestrator

    /// The executable's name: `till-inventory`, ….
    var executableName: String { "till-\(self.rawValue)" }

    /// The variable clients read the service's replica addresses from: `TILL_INVENTORY_ADDR`, ….
    var addressVariable: String { "TILL_\(self.rawValue.uppercased())_ADDR" }

    /// The name of replica `number` (from 1): `payments-2`; also its `TILL_INSTANCE`.
    func replicaName(_ number: Int) -> String { "\(self.rawValue)-\(number)" }
}
