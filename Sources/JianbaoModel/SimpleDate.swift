import JianbaoSupport

/// A calendar date without time or zone, as printed on a document: 2024年1月12日.
public struct SimpleDate: Sendable, Hashable, Codable, Comparable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// nil when the day does not exist (2024-13-45, 2023-02-29).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Self.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `2024-01-12` (also `2024-1-12`); nil for anything else.
    public init?(iso text: String) {
        let parts = text.trimmingSpaces.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Parses a Chinese date such as `2024年1月12日` or `2024 年 1 月 12 日`; nil for anything else.
    public init?(chinese text: String) {
        let compact = text.filter { !$0.isWhitespace }
        guard compact.hasSuffix("日"),
              let yearEnd = compact.firstIndex(of: "年"),
              let monthEnd = compact.firstIndex(of: "月"), yearEnd < monthEnd else { return nil }
        let yearText = compact[..<yearEnd]
        let monthText = compact[compact.index(after: yearEnd)..<monthEnd]
        let dayText = compact[compact.index(after: monthEnd)..<compact.index(before: compact.endIndex)]
        guard yearText.count == 4, [yearText, monthText, dayText].allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
              let year = Int(yearText), let month = Int(monthText), let day = Int(dayText) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// `2024-01-12`.
    public var iso: String {
        "\(year)-\(Self.twoDigits(month))-\(Self.twoDigits(day))"
    }

    /// `2024年1月12日`: Arabic numerals, year in full, no leading zeros (GB/T 9704 7.3.5.2).
    public var chinese: String { "\(year)年\(month)月\(day)日" }

    /// Midnight in China (UTC+8), as RFC 3339, for feeds.
    public var rfc3339: String { "\(iso)T00:00:00+08:00" }

    public static func < (lhs: SimpleDate, rhs: SimpleDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
