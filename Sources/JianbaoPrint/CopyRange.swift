/// Which numbered copies `jianbao pdf --copies` prints: `80` is copies 1 to 80, `81-120` copies 81
/// to 120. Each copy carries its 份号 (six digits, GB/T 9704 7.2.1), so the last copy is at most
/// 999999; one PDF holds at most `maximumCount` copies.
public struct CopyRange: Sendable, Equatable {
    public let first: Int
    public let last: Int

    /// More than a print room runs from one file; beyond it a typo (`--copies 8000` for 80) is likelier.
    public static let maximumCount = 999
    /// A 份号 has six digits.
    public static let maximumNumber = 999_999

    public var count: Int { last - first + 1 }
    public var numbers: ClosedRange<Int> { first...last }


    /// Why a `--copies` value is refused; `message` says what to write instead.
    public struct Refusal: Error, Sendable, Equatable {
        public let message: String
    }

    public init(first: Int, last: Int) throws(Refusal) {
        guard first >= 1 else {
            throw Refusal(message: "copies are numbered from 1 (份号 000001): write e.g. `--copies 80` or `--copies 1-80`")
        }
        guard last <= Self.maximumNumber else {
            throw Refusal(message: "a 份号 has six digits: the last copy is at most \(Self.maximumNumber)")
        }
        guard first <= last else {
            throw Refusal(message: "`\(first)-\(last)` runs backwards: write the lower number first, e.g. `--copies \(last)-\(first)`")
        }
        guard last - first + 1 <= Self.maximumCount else {
            throw Refusal(message: "\(last - first + 1) copies in one PDF is more than \(Self.maximumCount): "
                          + "print them in parts, e.g. `--copies \(first)-\(first + Self.maximumCount - 1)`")
        }
        self.first = first
        self.last = last
    }

    /// `N` (copies 1 to N) or `A-B` (copies A to B), ASCII digits only.
    public init(parsing text: String) throws(Refusal) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let numbers = parts.map { part -> Int? in
            guard !part.isEmpty, part.count <= 9, part.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(part)
        }
        guard (1...2).contains(parts.count), let first = numbers.first ?? nil else {
            throw Refusal(message: "`\(text)` is not a number of copies: write `N` (copies 1 to N, e.g. `--copies 80`) "
                          + "or `A-B` (copies A to B, e.g. `--copies 81-120`)")
        }
        if parts.count == 1 {
            guard first >= 1 else { throw Refusal(message: "`--copies 0` prints nothing: write how many copies, e.g. `--copies 80`") }
            try self.init(first: 1, last: first)
        } else {
            guard let last = numbers[1] else {
                throw Refusal(message: "`\(text)` is not a range of copies: write `A-B`, e.g. `--copies 81-120`")
            }
            try self.init(first: first, last: last)
        }
    }

    /// How the PDF's name says which copies it holds: `.copies-1-80`.
    public var fileSuffix: String { ".copies-\(first)-\(last)" }
}
