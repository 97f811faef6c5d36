import Foundation

/// Files of this repository, found from this source file's location.
enum Repository {
    static let root: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/", !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            folder.deleteLastPathComponent()
        }
        return folder
    }()

    static func file(_ path: String) -> URL { root.appendingPathComponent(path) }

    static func text(_ path: String) throws -> String {
        try String(contentsOf: file(path), encoding: .utf8)
    }

    /// The executables `Package.swift` declares (`.executable(name: "till-x", …)`).
    static func declaredExecutables() throws -> Set<String> {
        let manifest = try text("Package.swift")
        let pattern = try NSRegularExpression(pattern: #"\.executable\(name:\s*"([^"]+)""#)
        let range = NSRange(manifest.startIndex..., in: manifest)
        return Set(pattern.matches(in: manifest, range: range).compactMap { match in
            Range(match.range(at: 1), in: manifest).map { String(manifest[$0]) }
        })
    }
}

/// Every `TILL_*` name in `text`.
func tillVariables(in text: String) -> Set<String> {
    guard let pattern = try? NSRegularExpression(pattern: #"TILL_[A-Z0-9_]*[A-Z0-9]"#) else { return [] }
    let range = NSRange(text.startIndex..., in: text)
    return Set(pattern.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } })
}

/// Every `${NAME…}` interpolation in `text`, by name.
func interpolatedVariables(in text: String) -> Set<String> {
    guard let pattern = try? NSRegularExpression(pattern: #"\$\{([A-Za-z_][A-Za-z0-9_]*)"#) else { return [] }
    let range = NSRange(text.startIndex..., in: text)
    return Set(pattern.matches(in: text, range: range).compactMap { match in
        Range(match.range(at: 1), in: text).map { String(text[$0]) }
    })
}
