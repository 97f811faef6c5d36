import Foundation
import Testing
import TillProcess
import TillTestSupport

/// `compose/Dockerfile` (not built here: no Docker engine) and, where a compose CLI exists,
/// compose's own reading of the stack file.
@Suite("compose image")
struct DockerfileTests {
    @Test func buildsInSwiftAndRunsSlimAsNonRoot() throws {
        let lines = try Repository.text("compose/Dockerfile").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let stages = lines.filter { $0.hasPrefix("FROM ") }
        #expect(stages.count == 2)
        #expect(stages.first?.hasPrefix("FROM swift:6.3") == true)
        #expect(stages.last?.contains("-slim") == true)
        let runtime = lines.drop { !$0.hasPrefix("FROM debian") }
        #expect(runtime.contains { $0.contains("libhiredis") && $0.contains("libssl") })
        #expect(runtime.contains { $0.hasPrefix("COPY --from=build") })
        let user = try #require(runtime.last { $0.hasPrefix("USER ") })
        #expect(user != "USER root" && user != "USER 0")
        #expect(lines.contains { $0.contains("--static-swift-stdlib") })
        #expect(try Repository.text(".dockerignore").contains(".build"))
    }

    /// `docker compose config` (or `docker-compose config`) when a compose CLI is installed: the
    /// file is what compose itself accepts, with `.env.example` as the `.env`.
    @Test(.enabled(if: ComposeCLI.command != nil, "no docker compose CLI installed: checked by ComposeFileTests only"))
    func composeAcceptsTheFile() async throws {
        let command = try #require(ComposeCLI.command)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("compose-config-\(UUID().uuidString.prefix(8)).txt")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = try SpawnedProcess(
            executable: command[0].path,
            arguments: command.dropFirst().map(\.lastPathComponent) + [
                "--env-file", Repository.file("compose/.env.example").path,
                "-f", Repository.file("compose/docker-compose.yml").path, "--profile", "load", "config", "--quiet",
            ],
            environment: ProcessInfo.processInfo.environment,
            output: output.path
        )
        let status = try await process.waitForExit(timeout: .seconds(60))
        let printed = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(status == 0, "\(printed)")
    }
}

/// The compose CLI, if any: `docker compose` (plugin) or `docker-compose`.
enum ComposeCLI {
    static let command: [URL]? = {
        let locator = ExecutableLocator.current(environment: ProcessInfo.processInfo.environment)
        if let standalone = try? locator.system("docker-compose", hint: "") { return [standalone] }
        guard let docker = try? locator.system("docker", hint: "") else { return nil }
        let plugins = ["/usr/local/lib/docker/cli-plugins", "/usr/lib/docker/cli-plugins", "/usr/libexec/docker/cli-plugins"]
        let home = ProcessInfo.processInfo.environment["HOME"].map { ["\($0)/.docker/cli-plugins"] } ?? []
        for folder in home + plugins where FileManager.default.isExecutableFile(atPath: "\(folder)/docker-compose") {
            return [docker, URL(fileURLWithPath: "compose")]
        }
        return nil
    }()
}
