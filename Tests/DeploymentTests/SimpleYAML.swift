/// A reader for the plain subset of YAML that `compose/docker-compose.yml` keeps to, since
/// Foundation has no YAML parser: block mappings (`key: value`, `key:` + indented block), block
/// lists (`- "item"`, scalars only), double-quoted or plain scalars, flow lists (`["a", "b"]`),
/// `{}`, and whole-line comments. Anything else (anchors, multi-line strings, list items that
/// are mappings) is refused with its line number, so the file cannot drift out of what is checked.
indirect enum YAMLNode: Equatable {
    case scalar(String)
    case list([YAMLNode])
    case mapping([(String, YAMLNode)])

    static func == (lhs: YAMLNode, rhs: YAMLNode) -> Bool {
        switch (lhs, rhs) {
        case (.scalar(let a), .scalar(let b)): a == b
        case (.list(let a), .list(let b)): a == b
        case (.mapping(let a), .mapping(let b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
        default: false
        }
    }

    subscript(key: String) -> YAMLNode? {
        guard case .mapping(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    var string: String? {
        if case .scalar(let value) = self { return value }
        return nil
    }

    var strings: [String]? {
        guard case .list(let items) = self else { return nil }
        let values = items.compactMap(\.string)
        return values.count == items.count ? values : nil
    }

    var keys: [String] {
        guard case .mapping(let members) = self else { return [] }
        return members.map(\.0)
    }

    /// A mapping's members as `[key: scalar]` (non-scalar values left out).
    var scalarMembers: [String: String] {
        guard case .mapping(let members) = self else { return [:] }
        var result: [String: String] = [:]
        for (key, value) in members { if let text = value.string { result[key] = text } }
        return result
    }
}

struct YAMLError: Error, CustomStringConvertible {
    var line: Int
    var reason: String
    var description: String { "line \(line): \(reason)" }
}

enum SimpleYAML {
    static func parse(_ text: String) throws -> YAMLNode {
        var lines: [(number: Int, indent: Int, text: Substring)] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = raw.drop { $0 == " " }
            if content.isEmpty || content.hasPrefix("#") { continue }
            guard !raw.contains("\t") else { throw YAMLError(line: index + 1, reason: "tab") }
            lines.append((index + 1, raw.count - content.count, content))
        }
        var position = 0
        let node = try block(&position, lines, indent: 0)
        guard position == lines.count else { throw YAMLError(line: lines[position].number, reason: "unexpected indentation") }
        return node
    }

    private static func block(_ position: inout Int, _ lines: [(number: Int, indent: Int, text: Substring)], indent: Int) throws -> YAMLNode {
        guard position < lines.count, lines[position].indent == indent else { return .mapping([]) }
        if lines[position].text.hasPrefix("- ") {
            var items: [YAMLNode] = []
            while position < lines.count, lines[position].indent == indent, lines[position].text.hasPrefix("- ") {
                let line = lines[position]
                let item = line.text.dropFirst(2)
                guard !item.contains(": ") else { throw YAMLError(line: line.number, reason: "list items must be scalars") }
                items.append(try value(item, line: line.number))
                position += 1
            }
            return .list(items)
        }
        var members: [(String, YAMLNode)] = []
        while position < lines.count, lines[position].indent == indent {
            let line = lines[position]
            guard let colon = line.text.firstIndex(of: ":") else { throw YAMLError(line: line.number, reason: "expected key: value") }
            let key = String(line.text[..<colon])
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || "_-.".contains($0) }) else {
                throw YAMLError(line: line.number, reason: "unsupported key \(key)")
            }
            guard !members.contains(where: { $0.0 == key }) else { throw YAMLError(line: line.number, reason: "duplicate key \(key)") }
            let rest = line.text[line.text.index(after: colon)...].drop { $0 == " " }
            position += 1
            if rest.isEmpty {
                guard position < lines.count, lines[position].indent > indent else {
                    throw YAMLError(line: line.number, reason: "\(key) has no value")
                }
                members.append((key, try block(&position, lines, indent: lines[position].indent)))
            } else {
                members.append((key, try value(rest, line: line.number)))
            }
        }
        return .mapping(members)
    }

    private static func value(_ text: Substring, line: Int) throws -> YAMLNode {
        if text == "{}" { return .mapping([]) }
        if text.hasPrefix("[") {
            guard text.hasSuffix("]") else { throw YAMLError(line: line, reason: "unterminated flow list") }
            var items: [YAMLNode] = []
            var rest = text.dropFirst().dropLast().drop { $0 == " " }
            while !rest.isEmpty {
                let item: Substring
                if rest.hasPrefix("\"") {
                    guard let close = rest.dropFirst().firstIndex(of: "\"") else { throw YAMLError(line: line, reason: "unterminated string") }
                    item = rest[...close]
                    rest = rest[rest.index(after: close)...]
                } else {
                    let end = rest.firstIndex(of: ",") ?? rest.endIndex
                    item = rest[..<end]
                    rest = rest[end...]
                }
                items.append(try value(item.trimmingSuffix(), line: line))
                rest = rest.drop { $0 == " " }
                if rest.hasPrefix(",") { rest = rest.dropFirst().drop { $0 == " " } } else if !rest.isEmpty {
                    throw YAMLError(line: line, reason: "expected , in flow list")
                }
            }
            return .list(items)
        }
        if text.hasPrefix("\"") {
            guard text.count >= 2, text.hasSuffix("\""), !text.dropFirst().dropLast().contains("\"") else {
                throw YAMLError(line: line, reason: "unsupported string \(text)")
            }
            return .scalar(String(text.dropFirst().dropLast()))
        }
        guard !text.contains(" #"), !text.hasPrefix("&"), !text.hasPrefix("*"), !text.hasPrefix("|"), !text.hasPrefix(">"), !text.hasPrefix("'") else {
            throw YAMLError(line: line, reason: "unsupported value \(text)")
        }
        return .scalar(String(text))
    }
}

extension Substring {
    fileprivate func trimmingSuffix() -> Substring {
        var result = self
        while result.last == " " { result = result.dropLast() }
        return result
    }
}
