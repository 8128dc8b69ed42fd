/// Column widths for the tables of a page, chosen at build time so that both print engines lay a
/// table out alike. Left to themselves, WeasyPrint and Chromium size the columns of an automatic
/// table each their own way, wrap the cells differently and end a long table (a score table of 19
/// pages) on different pages. Given the widths (`<colgroup>`, read by print.css with a fixed table
/// layout), they wrap the cells alike.
///
/// Each column gets at least its narrowest content (a header's words, a run of digits), the
/// cells that span only it counted; the rest of the table's width goes to the columns by how much
/// text they hold, so that the table is as short as it can be; a table whose text fits on one line
/// a cell gets its widest content.
public enum TableColumns {
    /// `html` with a `<colgroup>` of widths in percent, as the custom property `--print-width` of
    /// each `<col>` (only print.css reads it), after the start tag of every table that has none.
    /// `width` is the table's width in ems of its text; `padding` the ems a cell adds.
    ///
    /// With `landscape`, a table marked before it (`landscape.mark`) or of `landscape.columns`
    /// columns or more is set 横排: its widths are shares of `landscape.width`, and it comes
    /// wrapped in `<div class="table-wrap landscape-table" tabindex="0">`, which print.css puts on pages of
    /// their own, turned on the sheet.
    public static func adding(to html: String, width: Double, padding: Double, landscape: Landscape? = nil) -> String {
        guard mayHoldTable(html) else { return html }
        var result = ""
        var rest = html[...]
        while let start = rest.firstRange(of: "<table") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstRange(of: "</table>"),
                  let tagEnd = rest[start.upperBound...].firstIndex(of: ">") else { break }
            let table = rest[start.lowerBound..<end.upperBound]
            let tag = rest[start.lowerBound...tagEnd]
            let body = rest[rest.index(after: tagEnd)..<end.lowerBound]
            let own = body.contains("<colgroup") || body.contains("<table")
            let measured = own ? nil : measure(body)
            let turned = landscape.map { landscape in
                endsWithMark(rest[..<start.lowerBound], landscape.mark) || (measured?.columns ?? 0) >= landscape.columns
            } ?? false
            // tabindex: on a screen the wide table scrolls in this box (style.css), which the keyboard must reach.
            if turned { result += "<div class=\"table-wrap landscape-table\" tabindex=\"0\">" }
            if own {
                result += table
            } else if let measured {
                let widths = turned ? measured.shares(of: landscape?.width ?? width, padding: landscape?.padding ?? padding, shortFirst: true)
                    : measured.shares(of: width, padding: padding, shortFirst: false)
                let columns = widths.map { "<col style=\"--print-width: \(percent($0))\">" }.joined()
                // after a caption, which must come first
                let caption = body.hasPrefix("<caption") ? body.firstRange(of: "</caption>")?.upperBound : nil
                result += tag
                if let caption { result += body[..<caption] }
                result += "<colgroup>" + columns + "</colgroup>"
                result += caption.map { body[$0...] } ?? body
                result += "</table>"
            } else {
                result += table
            }
            if turned { result += "</div>" }
            rest = rest[end.upperBound...]
        }
        return result + rest
    }

    /// False when `html` has no `<table` in its bytes: most sections have no table. `contains` on a
    /// string goes through the string-processing library's generic searcher, which made this one test
    /// on every section a fourteenth of a full build's CPU time. (A table the bytes show but the
    /// characters do not, `<table` before a combining mark, is left as it is by the search below.)
    static func mayHoldTable(_ html: String) -> Bool {
        let tag = Array("<table".utf8)
        var html = html
        return html.withUTF8 { bytes in
            guard bytes.count >= tag.count else { return false }
            for start in 0...(bytes.count - tag.count) where bytes[start] == tag[0] {
                if (1..<tag.count).allSatisfy({ bytes[start + $0] == tag[$0] }) { return true }
            }
            return false
        }
    }

    /// When a table is set 横排 (see `adding`).
    public struct Landscape: Sendable {
        /// The turned line's width in ems of the table's text, and the ems a cell adds.
        public var width: Double
        public var padding: Double
        /// The HTML just before a table that asks for it.
        public var mark: String
        /// A table of this many columns or more is turned without the mark.
        public var columns: Int

        public init(width: Double, padding: Double, mark: String, columns: Int) {
            (self.width, self.padding, self.mark, self.columns) = (width, padding, mark, columns)
        }
    }

    /// Whether `html` ends with `mark`, spaces and line ends after it left out.
    static func endsWithMark(_ html: Substring, _ mark: String) -> Bool {
        let last = html.lastIndex(where: { !$0.isWhitespace }).map { html.index(after: $0) } ?? html.startIndex
        return html[..<last].hasSuffix(mark)
    }

    struct Cell {
        var column: Int
        var span: Int
        var narrowest: Double
        var widest: Double
    }

    /// What the columns of a table hold, in ems without the padding: each column's narrowest and
    /// widest content and all its text (the cells that span only it counted).
    struct Measured {
        var narrowest: [Double]
        var widest: [Double]
        var text: [Double]
        var columns: Int { narrowest.count }

        /// The shares of the table's width. With `shortFirst` (a 横排 table), the columns whose widest
        /// content is shortest get it first, each while it is no wider than an even share of the width
        /// still left: a date, a number or 已完成 stays on one line; the long columns share the rest.
        func shares(of width: Double, padding: Double, shortFirst: Bool) -> [Double] {
            let narrowest = narrowest.map { $0 + padding }, widest = widest.map { $0 + padding }
            let least = narrowest.reduce(0, +), most = widest.reduce(0, +)
            if most <= width {
                return widest.map { $0 / most }
            } else if least >= width {
                return narrowest.map { $0 / least }
            }
            var given = [Double?](repeating: nil, count: columns)
            var left = width, free = columns, openNarrowest = least
            for column in shortFirst ? widest.indices.sorted(by: { widest[$0] < widest[$1] }) : [] {
                guard widest[column] <= left / Double(free), left - widest[column] >= openNarrowest - narrowest[column] else { break }
                given[column] = widest[column]
                left -= widest[column]
                free -= 1
                openNarrowest -= narrowest[column]
            }
            let room = left - openNarrowest
            let total = given.indices.filter { given[$0] == nil }.map { text[$0] }.reduce(0, +)
            return given.indices.map { column in
                (given[column] ?? narrowest[column] + room * (total > 0 ? text[column] / total : 1 / Double(free))) / width
            }
        }
    }

    /// The columns of a table's body, or nil for a table with no cells.
    static func measure(_ body: Substring) -> Measured? {
        var cells: [Cell] = []
        var taken: [Int: Int] = [:]   // column → rows (this one included) a rowspan from above holds it
        var columns = 0
        for row in elements(named: "tr", in: body) {
            var column = 0
            var next = taken.mapValues { $0 - 1 }.filter { $0.value > 0 }
            for (name, attributes, content) in cellElements(in: row) {
                while (taken[column] ?? 0) > 0 { column += 1 }
                let span = max(1, integer("colspan", in: attributes) ?? 1)
                let rows = max(1, integer("rowspan", in: attributes) ?? 1)
                let text = plainText(content)
                let widest = text.split(separator: "\n").map { TypeMeasure.ems(of: $0) }.max() ?? 0
                // a header keeps its words whole (print.css: keep-all); Chinese text breaks between
                // any two characters, a run of digits or Latin letters does not
                let narrowest = name == "th" ? longestWord(text) : longestUnbreakable(text)
                cells.append(Cell(column: column, span: span, narrowest: narrowest, widest: widest))
                for covered in column..<(column + span) where rows > 1 { next[covered] = rows - 1 }
                column += span
            }
            columns = max(columns, column, (taken.keys.max() ?? -1) + 1)
            taken = next
        }
        guard columns > 0 else { return nil }
        var measured = Measured(narrowest: Array(repeating: 1, count: columns), widest: Array(repeating: 1, count: columns),
                                text: Array(repeating: 0, count: columns))
        for cell in cells where cell.span == 1 && cell.column < columns {
            measured.narrowest[cell.column] = max(measured.narrowest[cell.column], cell.narrowest)
            measured.widest[cell.column] = max(measured.widest[cell.column], cell.widest)
            measured.text[cell.column] += cell.widest
        }
        return measured
    }

    static func percent(_ share: Double) -> String {
        "\((share * 10_000).rounded() / 100)%"
    }

    /// The contents of every `<name …>…</name>` in `text`, in order (not nested).
    static func elements(named name: String, in text: Substring) -> [Substring] {
        var found: [Substring] = []
        var rest = text
        while let open = rest.firstRange(of: "<\(name)"), let close = rest[open.upperBound...].firstRange(of: "</\(name)>"),
              let tagEnd = rest[open.upperBound...].firstIndex(of: ">") {
            let after = rest[open.upperBound...].first
            if after == ">" || after == " " {
                found.append(rest[rest.index(after: tagEnd)..<close.lowerBound])
            }
            rest = rest[close.upperBound...]
        }
        return found
    }

    /// The `th` and `td` cells of a row: name, attributes, content.
    static func cellElements(in row: Substring) -> [(String, Substring, Substring)] {
        var found: [(String, Substring, Substring)] = []
        var rest = row
        while let open = rest.firstRange(of: "<t") {
            let nameStart = rest.index(open.lowerBound, offsetBy: 1)
            guard rest.distance(from: nameStart, to: rest.endIndex) > 2 else { break }
            let name = String(rest[nameStart..<rest.index(nameStart, offsetBy: 2)])
            guard name == "td" || name == "th", let tagEnd = rest[open.upperBound...].firstIndex(of: ">"),
                  let close = rest[tagEnd...].firstRange(of: "</\(name)>") else {
                rest = rest[open.upperBound...]
                continue
            }
            let attributes = rest[rest.index(nameStart, offsetBy: 2)..<tagEnd]
            found.append((name, attributes, rest[rest.index(after: tagEnd)..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return found
    }

    static func integer(_ attribute: String, in attributes: Substring) -> Int? {
        guard let range = attributes.firstRange(of: "\(attribute)=\"") else { return nil }
        return Int(attributes[range.upperBound...].prefix { $0.isNumber })
    }

    /// The cell's text: tags dropped (a `<br>` or `<p>` starts a line), an entity one character.
    static func plainText(_ html: Substring) -> String {
        var text = ""
        var inTag = false, tag = "", inEntity = false
        for character in html {
            if inTag {
                if character == ">" {
                    inTag = false
                    if tag.hasPrefix("br") || tag.hasPrefix("p") || tag.hasPrefix("/p") { text += "\n" }
                } else { tag.append(character) }
            } else if character == "<" {
                inTag = true
                tag = ""
            } else if inEntity {
                if character == ";" { inEntity = false }
            } else if character == "&" {
                inEntity = true
                text += "x"
            } else {
                text.append(character)
            }
        }
        return text
    }

    /// The widest piece of a header between spaces (print.css keeps a header's words whole).
    static func longestWord(_ text: String) -> Double {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { TypeMeasure.ems(of: $0) }.max() ?? 1
    }

    /// The widest piece of `text` that a line cannot break inside: a run of digits and Latin
    /// letters, or one Chinese character.
    static func longestUnbreakable(_ text: String) -> Double {
        var longest = 1.0, run = 0.0
        for scalar in text.unicodeScalars {
            if TypeMeasure.isWide(scalar) || scalar == " " || scalar == "\n" {
                run = 0
            } else {
                run += 0.5
                longest = max(longest, run)
            }
        }
        return longest
    }
}
