import Testing
@testable import TillRedis

@Suite struct RedisErrorTests {
    @Test(arguments: [
        (RedisError.connectionFailed("refused"), true),
        (.connectionClosed("gone"), true),
        (.timeout("slow"), true),
        (.server("LOADING Redis is loading the dataset in memory"), true),
        (.server("BUSY Redis is busy running a script"), true),
        (.server("TRYAGAIN Multiple keys request during rehashing of slot"), true),
        (.server("MASTERDOWN Link with MASTER is down"), true),
        (.server("CLUSTERDOWN The cluster is down"), true),
        (.server("BUSYKEY Target key name already exists."), false),
        (.server("BUSYGROUP Consumer Group name already exists"), false),
        (.server("ERR unknown command"), false),
        (.server("WRONGTYPE Operation against a key holding the wrong kind of value"), false),
        (.server("NOSCRIPT No matching script"), false),
        (.protocolError("garbage"), false),
        (.invalidURL("missing host"), false),
        (.invalidArgument("nothing to subscribe to"), false),
        (.clientShutdown(), false),
        (RedisError(.authenticationFailed, "WRONGPASS"), false),
    ])
    func retriability(error: RedisError, retriable: Bool) {
        #expect(error.isRetriable == retriable, "\(error)")
    }

    @Test func serverErrorPrefixIsTheFirstWordOfServerErrorsOnly() {
        #expect(RedisError.server("WRONGTYPE Operation").serverErrorPrefix == "WRONGTYPE")
        #expect(RedisError.server("ERR").serverErrorPrefix == "ERR")
        #expect(RedisError.timeout("ERR lookalike").serverErrorPrefix == nil)
    }

    @Test func descriptionNamesTheCode() {
        #expect(RedisError.timeout("no reply").description == "RedisError.timeout: no reply")
    }
}
