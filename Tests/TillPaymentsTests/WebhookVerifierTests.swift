import Testing
import TillPayments

@Suite("WebhookVerifier")
struct WebhookVerifierTests {
    static let body = Array(
        #"{"id":"evt_1","type":"charge.captured","created":1764000000,"data":{"object":{"payment_id":"pay_1","amount":4999,"currency":"USD"}}}"#
            .utf8
    )
    static let timestamp: Int64 = 1_764_000_000

    // Computed independently of Till:
    //   B='{"id":"evt_1","type":"charge.captured","created":1764000000,"data":{"object":{"payment_id":"pay_1","amount":4999,"currency":"USD"}}}'
    //   printf '%s' "1764000000.$B" | openssl dgst -sha256 -hmac 'whsec_test_secret_1'
    //   printf '%s' "1764000000.$B" | openssl dgst -sha256 -hmac 'whsec_test_secret_2'
    static let signatureUnderSecret1 = "f08735c00279fbfeabc77b59783905e74c82f86b639ea7e4cd2126260c1b7992"
    static let signatureUnderSecret2 = "0871437f19c7f792bf74d337f9a307c0c0ed794b49cf9924b77311995b0bc02a"
    static let wrongSignature = String(repeating: "ab", count: 32)

    let verifier = WebhookVerifier(secrets: ["whsec_test_secret_1"])

    @Test("a signature computed with openssl verifies")
    func fixedVector() throws {
        let header = try verifier.verify(body: Self.body, header: "t=1764000000,v1=\(Self.signatureUnderSecret1)", now: Self.timestamp)
        #expect(header.timestamp == Self.timestamp)
        #expect(
            WebhookVerifier.signature(body: Self.body, timestamp: Self.timestamp, secret: "whsec_test_secret_1")
                == Self.signatureUnderSecret1)
    }

    @Test("one tampered byte anywhere in the body fails", arguments: [0, 10, 60, body.count - 1])
    func tamperedBody(position: Int) {
        var tampered = Self.body
        tampered[position] ^= 0x01
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try verifier.verify(body: tampered, header: "t=1764000000,v1=\(Self.signatureUnderSecret1)", now: Self.timestamp)
        }
    }

    @Test("a tampered timestamp fails even within the tolerance")
    func tamperedTimestamp() {
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try verifier.verify(body: Self.body, header: "t=1764000001,v1=\(Self.signatureUnderSecret1)", now: Self.timestamp)
        }
    }

    @Test("timestamps up to 300 s away in either direction are accepted", arguments: [-300, -1, 0, 1, 300])
    func withinTolerance(skew: Int64) throws {
        try verifier.verify(body: Self.body, header: "t=1764000000,v1=\(Self.signatureUnderSecret1)", now: Self.timestamp + skew)
    }

    @Test("stale and future timestamps are refused", arguments: [-301, -86_400, 301, 86_400, Int64.max / 2])
    func outsideTolerance(skew: Int64) {
        #expect(throws: WebhookVerificationError.timestampOutsideTolerance) {
            try verifier.verify(body: Self.body, header: "t=1764000000,v1=\(Self.signatureUnderSecret1)", now: Self.timestamp + skew)
        }
    }

    @Test("during rotation a signature under either secret verifies")
    func rotation() throws {
        let rotating = WebhookVerifier(secrets: ["whsec_test_secret_1", "whsec_test_secret_2"])
        try rotating.verify(body: Self.body, header: "t=1764000000,v1=\(Self.signatureUnderSecret2)", now: Self.timestamp)
        try rotating.verify(body: Self.body, header: "t=1764000000,v1=\(Self.signatureUnderSecret1)", now: Self.timestamp)
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try verifier.verify(body: Self.body, header: "t=1764000000,v1=\(Self.signatureUnderSecret2)", now: Self.timestamp)
        }
    }

    @Test("any of several v1 values may match; unknown schemes and whitespace are ignored")
    func severalValues() throws {
        let header = " t=1764000000 , v0=deadbeef,v1=\(Self.wrongSignature),\tv1=\(Self.signatureUnderSecret1) ,v2=xyz,, "
        try verifier.verify(body: Self.body, header: header, now: Self.timestamp)
        try verifier.verify(body: Self.body, header: "v1=\(Self.signatureUnderSecret1.uppercased()),t=1764000000", now: Self.timestamp)
    }

    @Test("no header is refused")
    func missingHeader() {
        #expect(throws: WebhookVerificationError.missingHeader) {
            try verifier.verify(body: Self.body, header: nil, now: Self.timestamp)
        }
    }

    @Test(
        "malformed headers are refused",
        arguments: [
            "", "v1=\(signatureUnderSecret1)", "t=1764000000", "t=1764000000,v0=abc",
            "t=abc,v1=\(signatureUnderSecret1)", "t=-5,v1=\(signatureUnderSecret1)", "t=,v1=\(signatureUnderSecret1)",
            "t=1,t=1764000000,v1=\(signatureUnderSecret1)", "t=1764000000,garbage,v1=\(signatureUnderSecret1)",
            "t=99999999999999999999,v1=\(signatureUnderSecret1)",
        ]
    )
    func malformed(header: String) {
        #expect(throws: WebhookVerificationError.malformedHeader("")) {
            try verifier.verify(body: Self.body, header: header, now: Self.timestamp)
        }
    }

    @Test("values that are not 64 hex digits cannot match")
    func nonHexValues() {
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try verifier.verify(
                body: Self.body, header: "t=1764000000,v1=zz\(Self.signatureUnderSecret1.dropFirst(2)),v1=abc", now: Self.timestamp)
        }
    }

    @Test("at most 8 v1 values are examined; more is refused before any HMAC")
    func signatureCap() throws {
        let seven = Array(repeating: "v1=\(Self.wrongSignature)", count: 7).joined(separator: ",")
        try verifier.verify(body: Self.body, header: "t=1764000000,\(seven),v1=\(Self.signatureUnderSecret1)", now: Self.timestamp)

        let hundred = Array(repeating: "v1=\(Self.wrongSignature)", count: 99).joined(separator: ",")
        #expect(throws: WebhookVerificationError.malformedHeader("")) {
            try verifier.verify(body: Self.body, header: "t=1764000000,v1=\(Self.signatureUnderSecret1),\(hundred)", now: Self.timestamp)
        }
    }

    @Test("over-long headers are refused")
    func lengthCap() {
        let padding = String(repeating: " ", count: WebhookSignatureHeader.maximumLength)
        #expect(throws: WebhookVerificationError.malformedHeader("")) {
            try verifier.verify(body: Self.body, header: "t=1764000000,v1=\(Self.signatureUnderSecret1)\(padding)", now: Self.timestamp)
        }
    }

    @Test("error messages never contain the secret or the expected signature")
    func messagesAreSafe() {
        do {
            try verifier.verify(body: Self.body, header: "t=1764000000,v1=\(Self.wrongSignature)", now: Self.timestamp)
            Issue.record("a wrong signature verified")
        } catch {
            #expect(!error.description.contains("whsec"))
            #expect(!error.description.contains(Self.signatureUnderSecret1))
            #expect(error.reason == "no_matching_signature")
        }
    }

    @Test("dedup claims map to the documented responses")
    func responses() {
        #expect(WebhookResponse(claim: .claimed) == nil)
        #expect(WebhookResponse(claim: .processing) == .inProgress)
        #expect(WebhookResponse(claim: .done) == .duplicate)
        #expect(WebhookResponse.inProgress.statusCode == 409)
        #expect(WebhookResponse.duplicate.statusCode == 200 && WebhookResponse.duplicate.status == "duplicate")
        #expect(WebhookResponse.processed.statusCode == 200 && WebhookResponse.processed.status == "processed")
        #expect(WebhookResponse.failed.statusCode == 500)
        #expect(WebhookResponse.rejected(.missingHeader).statusCode == 400)
    }
}
