import Testing

@testable import TillCLI

@Suite("till up secrets")
struct TillUpSecretsTests {
    @Test func generatesDistinct256BitHexSecrets() throws {
        var random = SystemRandomNumberGenerator()
        let first = try StackSecrets.resolve(environment: [:], using: &random)
        let second = try StackSecrets.resolve(environment: [:], using: &random)
        for secret in [first.clusterKey, first.webhookSecrets, second.clusterKey] {
            #expect(secret.count == 64)
            #expect(secret.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        }
        #expect(first.clusterKey != first.webhookSecrets)
        #expect(first.clusterKey != second.clusterKey)
    }

    @Test func keepsSecretsTheEnvironmentGives() throws {
        var random = SystemRandomNumberGenerator()
        let key = "operator-chosen-cluster-key"
        let rotation = "\(key),previous-cluster-key-1"
        let secrets = try StackSecrets.resolve(
            environment: ["TILL_CLUSTER_KEY": rotation, "TILL_WEBHOOK_SECRETS": "whsec_0123456789abcdef"],
            using: &random
        )
        #expect(secrets.clusterKey == rotation)
        #expect(secrets.webhookSecrets == "whsec_0123456789abcdef")
        // Blank counts as not given.
        #expect(try StackSecrets.resolve(environment: ["TILL_CLUSTER_KEY": "  "], using: &random).clusterKey.count == 64)
    }

    @Test(arguments: [
        (["TILL_CLUSTER_KEY": "short-key"], "TILL_CLUSTER_KEY: must be at least 16 characters"),
        (["TILL_WEBHOOK_SECRETS": "tiny"], "TILL_WEBHOOK_SECRETS: must be at least 16 characters"),
    ])
    func rejectsWeakSecretsWithoutShowingThem(environment: [String: String], message: String) {
        var random = SystemRandomNumberGenerator()
        do {
            _ = try StackSecrets.resolve(environment: environment, using: &random)
            Issue.record("a weak secret was accepted")
        } catch {
            #expect(error.code == .secretMissing)
            #expect(error.message == message)
            for value in environment.values {
                #expect(!error.message.contains(value))
            }
        }
    }
}
