import Foundation

/// Output: results to standard output, status to standard error (so `> results.txt` keeps the numbers).
enum Console {
    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func status(_ text: String) {
        FileHandle.standardError.write(Data(("till-load: " + text + "\n").utf8))
    }
}
