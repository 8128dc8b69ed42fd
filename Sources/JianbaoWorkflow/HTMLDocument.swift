/// A forgiving HTML reader for import: a page saved from a website, or pandoc's HTML of a Word file,
/// as a tree of elements and text, built in one pass over the bytes (linear in the page's size).
///
/// It is not a browser: it closes what the HTML specification closes implicitly for the elements
/// documents use (p, li, td, th, tr, options of tables), skips script, style and the like with their
/// content, and drops comments; anything else unbalanced is closed at the next matching end tag.
struct HTMLDocument: Sendable {
    struct Element: Sendable {
        var name: String
        var parent: Int
        var id = ""
        var className = ""
        var colspan = 1
        var rowspan = 1
        /// An ordered list's first number (`<ol start="3">`).
        var start = 1
        /// Children in order: `.element(index)` or `.text(index)`.
        var children: [Child] = []
    }

    enum Child: Sendable {
        case element(Int)
        case text(Int)
    }

    /// Element 0 is the root that holds everything.
    private(set) var elements: [Element] = [Element(name: "#root", parent: -1)]
    private(set) var texts: [String] = []

    static let voidElements: Set<String> = ["br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed",
                                            "param", "source", "track", "wbr", "keygen"]
    /// Elements whose content is never text of the document.
    static let skippedElements: Set<String> = ["script", "style", "noscript", "template", "title", "textarea", "select",
                                               "svg", "math", "iframe", "object", "button", "head"]
    static let blockElements: Set<String> = ["p", "div", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6",
                                             "blockquote", "pre", "section", "article", "header", "footer", "nav",
                                             "aside", "main", "form", "center", "address", "figure", "hr", "fieldset"]

    init(_ html: String) {
        var parser = Parser(bytes: Array(html.utf8))
        parser.run(into: &self)
    }

    // MARK: Building

    private var open: [Int] = [0]

    private mutating func append(text: String) {
        guard !text.isEmpty else { return }
        texts.append(text)
        elements[open.last!].children.append(.text(texts.count - 1))
    }

    private mutating func start(_ name: String, attributes: [String: String], selfClosing: Bool) {
        closeImplied(by: name)
        var element = Element(name: name, parent: open.last!)
        element.id = attributes["id"] ?? ""
        element.className = attributes["class"] ?? ""
        element.colspan = attributes["colspan"].flatMap { Int($0.filter { $0 != " " }) }.map { min(max($0, 1), 100) } ?? 1
        element.start = attributes["start"].flatMap { Int($0.filter { $0 != " " }) }.map { min(max($0, 0), 100_000) } ?? 1
        element.rowspan = attributes["rowspan"].flatMap { Int($0.filter { $0 != " " }) }.map { min(max($0, 1), 1000) } ?? 1
        elements.append(element)
        let index = elements.count - 1
        elements[open.last!].children.append(.element(index))
        if !selfClosing && !Self.voidElements.contains(name) { open.append(index) }
    }

    /// How far up the stack an end tag or an implied end is looked for: a page nested deeper than
    /// this is read as if the stray tags were not there (linear time, whatever the nesting).
    private static let searchDepth = 256

    private func openIndex(where matches: (Int) -> Bool) -> Int? {
        var position = open.count - 1
        while position > 0, open.count - position <= Self.searchDepth {
            if matches(open[position]) { return position }
            position -= 1
        }
        return nil
    }

    private mutating func end(_ name: String) {
        guard let position = openIndex(where: { elements[$0].name == name }), position > 0 else { return }
        // A table's end closes only within that table; a cell's end never climbs out of its table.
        if ["td", "th", "tr", "tbody", "thead", "tfoot"].contains(name),
           let table = openIndex(where: { elements[$0].name == "table" }), table > position { return }
        open.removeSubrange(position...)
    }

    /// Ends that HTML leaves out: a new paragraph, block or heading ends an open p; a new item ends the
    /// open item; a new cell or row ends the open cell or row of the same table.
    private mutating func closeImplied(by name: String) {
        func closeInnermost(_ names: Set<String>, stoppingAt barriers: Set<String>) {
            guard let position = openIndex(where: { names.contains(elements[$0].name) || barriers.contains(elements[$0].name) }),
                  position > 0, names.contains(elements[open[position]].name) else { return }
            open.removeSubrange(position...)
        }
        if Self.blockElements.contains(name) || name == "li" || name == "dt" || name == "dd" {
            closeInnermost(["p"], stoppingAt: ["div", "td", "th", "li", "table", "blockquote", "section", "article"])
        }
        switch name {
        case "li": closeInnermost(["li"], stoppingAt: ["ul", "ol", "table"])
        case "dt", "dd": closeInnermost(["dt", "dd"], stoppingAt: ["dl", "table"])
        case "td", "th": closeInnermost(["td", "th"], stoppingAt: ["tr", "table"])
        case "tr": closeInnermost(["td", "th", "tr"], stoppingAt: ["table", "tbody", "thead", "tfoot"])
        case "tbody", "thead", "tfoot": closeInnermost(["td", "th", "tr", "tbody", "thead", "tfoot"], stoppingAt: ["table"])
        default: break
        }
    }

    // MARK: Reading

    /// The visible text below an element, links included or not; counts letters and digits only.
    func letterCounts() -> (text: [Int], links: [Int]) {
        var text = [Int](repeating: 0, count: elements.count)
        var links = [Int](repeating: 0, count: elements.count)
        // Children always come after their parent: one backward pass sums the subtrees.
        for index in stride(from: elements.count - 1, through: 0, by: -1) {
            for child in elements[index].children {
                switch child {
                case .text(let t):
                    let count = texts[t].unicodeScalars.count { $0.properties.isAlphabetic || $0.properties.numericType != nil }
                    text[index] += count
                    if elements[index].name == "a" { links[index] += count }
                case .element(let e):
                    text[index] += text[e]
                    links[index] += elements[e].name == "a" ? text[e] : links[e]
                }
            }
        }
        return (text, links)
    }

    /// The element that holds the document on a web page: the one with the most text that is not
    /// link text (navigation is mostly links), with a bonus for the names content areas go by.
    func contentArea() -> Int {
        let (text, links) = letterCounts()
        var best = 0
        var bestScore = Double(-Int.max)
        for index in 1..<elements.count {
            let element = elements[index]
            guard !Self.neverContentAreas.contains(element.name) else { continue }
            guard text[index] > 0 else { continue }
            let names = (element.id + " " + element.className).lowercased()
            let marked = Self.contentMarkers.contains { names.contains($0) }
            var score = Double(text[index]) - 3 * Double(links[index])
            if marked { score *= 1.25 }
            if score > bestScore {
                bestScore = score
                best = index
            }
        }
        // A page with no text outside the root (pandoc's fragment, a bare page) is read whole.
        return bestScore <= 0 ? 0 : best
    }

    /// Inline elements, single paragraphs and rows: parts of a content area, never one.
    static let neverContentAreas: Set<String> = ["a", "span", "font", "b", "strong", "em", "i", "u", "p", "li", "tr", "tbody",
                                                 "thead", "tfoot", "h1", "h2", "h3", "h4", "h5", "h6", "label", "small", "big"]

    /// Ids and classes that content areas of Chinese government sites and common CMSs use.
    static let contentMarkers = ["ucap-content", "trs_editor", "trs_paper", "zoom", "article-content", "article_content",
                                 "pages_content", "content", "article", "main-text", "maintext", "detail", "zwnr", "wzzw", "con_text"]
}

extension HTMLDocument {
    /// A tolerant tokenizer over UTF-8 bytes.
    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        mutating func run(into document: inout HTMLDocument) {
            var text: [UInt8] = []
            func flush() {
                if !text.isEmpty {
                    document.append(text: HTMLDocument.decodeEntities(String(decoding: text, as: UTF8.self)))
                    text.removeAll(keepingCapacity: true)
                }
            }
            while index < bytes.count {
                let byte = bytes[index]
                guard byte == UInt8(ascii: "<") else {
                    text.append(byte)
                    index += 1
                    continue
                }
                if starts(with: "<!--") {
                    flush()
                    index = find("-->", from: index + 4).map { $0 + 3 } ?? bytes.count
                    continue
                }
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "!") || bytes[index + 1] == UInt8(ascii: "?") {
                    flush()
                    index = find(">", from: index).map { $0 + 1 } ?? bytes.count
                    continue
                }
                guard let tag = readTag() else {
                    text.append(byte)
                    index += 1
                    continue
                }
                flush()
                if tag.closing {
                    document.end(tag.name)
                } else if HTMLDocument.skippedElements.contains(tag.name) && !tag.selfClosing {
                    skipRawText(until: tag.name)
                } else {
                    document.start(tag.name, attributes: tag.attributes, selfClosing: tag.selfClosing)
                }
            }
            flush()
        }

        func starts(with literal: String) -> Bool {
            let pattern = Array(literal.utf8)
            guard index + pattern.count <= bytes.count else { return false }
            for (offset, byte) in pattern.enumerated() where bytes[index + offset] != byte { return false }
            return true
        }

        func find(_ literal: String, from start: Int) -> Int? {
            let pattern = Array(literal.utf8)
            var position = start
            while position + pattern.count <= bytes.count {
                if bytes[position] == pattern[0] {
                    var matched = true
                    for offset in 1..<pattern.count where bytes[position + offset] != pattern[offset] {
                        matched = false
                        break
                    }
                    if matched { return position }
                }
                position += 1
            }
            return nil
        }

        /// Skips to the end tag of a raw-text element (`</script`), case-insensitively.
        mutating func skipRawText(until name: String) {
            let closing = Array(("</" + name).utf8)
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "<"), index + closing.count <= bytes.count {
                    var matched = true
                    for offset in 1..<closing.count where Self.lower(bytes[index + offset]) != closing[offset] {
                        matched = false
                        break
                    }
                    if matched {
                        index = find(">", from: index).map { $0 + 1 } ?? bytes.count
                        return
                    }
                }
                index += 1
            }
        }

        static func lower(_ byte: UInt8) -> UInt8 {
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
        }

        struct Tag {
            var name: String
            var closing: Bool
            var selfClosing: Bool
            var attributes: [String: String]
        }

        /// A tag at `index` (`<name attr="v">`, `</name>`); nil when `<` starts no tag, as in `a < b`.
        mutating func readTag() -> Tag? {
            var position = index + 1
            var closing = false
            if position < bytes.count, bytes[position] == UInt8(ascii: "/") {
                closing = true
                position += 1
            }
            let nameStart = position
            while position < bytes.count, Self.isNameByte(bytes[position]) { position += 1 }
            guard position > nameStart, Self.isLetter(bytes[nameStart]) else { return nil }
            let name = String(decoding: bytes[nameStart..<position].map(Self.lower), as: UTF8.self)
            var attributes: [String: String] = [:]
            var selfClosing = false
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: ">") {
                    index = position + 1
                    return Tag(name: name, closing: closing, selfClosing: selfClosing, attributes: attributes)
                }
                if byte == UInt8(ascii: "/") {
                    selfClosing = true
                    position += 1
                    continue
                }
                if Self.isSpace(byte) {
                    position += 1
                    continue
                }
                selfClosing = false
                let keyStart = position
                while position < bytes.count, !Self.isSpace(bytes[position]), ![UInt8(ascii: "="), UInt8(ascii: ">"), UInt8(ascii: "/")].contains(bytes[position]) {
                    position += 1
                }
                let key = String(decoding: bytes[keyStart..<position].map(Self.lower), as: UTF8.self)
                while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
                var value = ""
                if position < bytes.count, bytes[position] == UInt8(ascii: "=") {
                    position += 1
                    while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
                    if position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") {
                        let quote = bytes[position]
                        let valueStart = position + 1
                        var valueEnd = valueStart
                        while valueEnd < bytes.count, bytes[valueEnd] != quote { valueEnd += 1 }
                        value = String(decoding: bytes[valueStart..<min(valueEnd, bytes.count)], as: UTF8.self)
                        position = min(valueEnd + 1, bytes.count)
                    } else {
                        let valueStart = position
                        while position < bytes.count, !Self.isSpace(bytes[position]), bytes[position] != UInt8(ascii: ">") { position += 1 }
                        value = String(decoding: bytes[valueStart..<position], as: UTF8.self)
                    }
                }
                if !key.isEmpty && attributes[key] == nil { attributes[key] = HTMLDocument.decodeEntities(value) }
            }
            return nil
        }

        static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C }
        static func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        static func isNameByte(_ byte: UInt8) -> Bool { isLetter(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":") }
    }

    /// `&nbsp;`, `&amp;`, `&#12288;`, `&#x3000;` and the other named entities Chinese pages use.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semicolon = after.prefix(12).firstIndex(of: ";") {
                let name = String(after[..<semicolon])
                if let scalar = Self.entityScalar(name) {
                    result.unicodeScalars.append(scalar)
                    rest = after[after.index(after: semicolon)...]
                    continue
                }
            }
            result += "&"
            rest = after
        }
        return result + rest
    }

    private static func entityScalar(_ name: String) -> Unicode.Scalar? {
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            return UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
        }
        if name.hasPrefix("#") { return UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init) }
        let named: [String: UInt32] = [
            "nbsp": 0xA0, "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27, "ensp": 0x2002,
            "emsp": 0x2003, "thinsp": 0x2009, "ldquo": 0x201C, "rdquo": 0x201D, "lsquo": 0x2018, "rsquo": 0x2019,
            "mdash": 0x2014, "ndash": 0x2013, "hellip": 0x2026, "middot": 0xB7, "times": 0xD7, "divide": 0xF7,
            "copy": 0xA9, "reg": 0xAE, "deg": 0xB0, "plusmn": 0xB1, "bull": 0x2022, "laquo": 0xAB, "raquo": 0xBB,
            "yen": 0xA5, "shy": 0xAD, "zwnj": 0x200C, "zwj": 0x200D, "permil": 0x2030, "sect": 0xA7, "para": 0xB6,
        ]
        return named[name.lowercased()].flatMap(Unicode.Scalar.init)
    }
}
