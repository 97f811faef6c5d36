import Testing

@testable import TillCLI

@Suite("till up --replicas")
struct TillUpReplicaTests {
    @Test func defaultsToOneReplicaOfEachService() {
        let counts = ReplicaCounts()
        for service in ServiceKind.allCases {
            #expect(counts[service] == 1)
        }
    }

    @Test func parsesTheIssueExample() throws {
        let counts = try ReplicaCounts.parse("payments=2,orchestrator=2")
        #expect(counts[.payments] == 2)
        #expect(counts[.orchestrator] == 2)
        #expect(counts[.inventory] == 1)
        #expect(counts[.shipping] == 1)
    }

    @Test func toleratesSpacesAroundParts() throws {
        let counts = try ReplicaCounts.parse(" inventory = 3 , shipping=1")
        #expect(counts[.inventory] == 3)
        #expect(counts[.shipping] == 1)
    }

    @Test(arguments: [
        ("", #"expected service=count, got """#),
        ("payments", #"expected service=count, got "payments""#),
        ("payments=2,", #"expected service=count, got """#),
        ("billing=2", #"unknown service "billing" (one of inventory, payments, shipping, orchestrator)"#),
        ("payments=0", #"payments: expected a count from 1 to 8, got "0""#),
        ("payments=9", #"payments: expected a count from 1 to 8, got "9""#),
        ("payments=two", #"payments: expected a count from 1 to 8, got "two""#),
        ("payments=-1", #"payments: expected a count from 1 to 8, got "-1""#),
        ("payments=2,payments=3", "payments given twice"),
    ])
    func rejectsWithOneLine(text: String, message: String) {
        #expect(throws: ReplicaCounts.ParseError(description: message)) {
            try ReplicaCounts.parse(text)
        }
    }
}
