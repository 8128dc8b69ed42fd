import JianbaoSupport

/// The names of folders and files in `Content/` become parts of addresses (a series' folder, a
/// 公文's file name) and of paths jianbao writes, and are printed in messages. Most names are fine:
/// addresses percent-encode every character that means something in a URL (`#`, `?`, `%`, `:`).
/// These cannot be used at all.
enum ContentNames {
    /// What is wrong with one name (no `/` in it), or nil when it can be used.
    static func problem(_ name: String) -> String? {
        if let control = ControlCharacters.firstForbidden(in: name) {
            return "the name holds the control character \(ControlCharacters.describe(control.scalar))"
        }
        if name.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\t" }) {
            return "the name holds a line break or a tab"
        }
        if name.contains("\\") {
            return "the name holds a `\\`, which browsers, Windows and some web servers read as a folder separator"
        }
        if let first = name.unicodeScalars.first, isCombiningMark(first) {
            return "the name starts with the combining mark \(code(first)), which has no letter to go with"
        }
        // Paths are split on `/` as a character: a name must not join with the `/` before or after it
        // into one (a zero-width joiner first, an Arabic number sign last).
        let wrapped = "/" + name + "/"
        if wrapped.first != "/", let first = name.unicodeScalars.first {
            return "the name starts with \(code(first)), which joins with the `/` before it"
        }
        if wrapped.last != "/", let last = name.unicodeScalars.last {
            return "the name ends with \(code(last)), which joins with the `/` after it"
        }
        return nil
    }

    private static func code(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The problem of the first name on a relative path that has one.
    static func pathProblem(_ relative: String) -> String? {
        for component in relative.split(separator: "/") {
            if let problem = problem(String(component)) { return problem }
        }
        return nil
    }

    private static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}
