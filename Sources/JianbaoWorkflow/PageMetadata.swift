import JianbaoSupport

/// The furniture of a page saved from a website, around the document: breadcrumbs, dates of
/// publication, visit counters and the metadata table government sites print over a 公文
/// (索引号 | 发文字号 | 成文日期 …). Its values stand in for a document's when the text has none.
struct PageMetadata {
    private var values: [String: String] = [:]

    /// Labels of page furniture, without spaces (`标 题` is `标题`).
    static let labels: Set<String> = [
        "索引号", "主题分类", "发文机关", "发文机构", "发布机构", "制发机构", "成文日期", "发文日期", "生成日期", "发布日期", "发布时间",
        "标题", "名称", "发文字号", "文号", "有效性", "生效时间", "废止时间", "组配分类", "信息分类", "关键词", "内容概述", "信息来源",
        "来源", "作者", "时间", "浏览次数", "浏览量", "访问次数", "阅读", "点击数", "字号", "主题词", "文章来源", "更新时间", "归档时间",
        "发表时间", "编辑", "下载地址", "当前位置", "您的位置", "视力保护色", "分享到", "今天是", "责任编辑", "审核人", "阅读次数",
    ]

    init(_ lines: [ImportLine]) {
        for line in lines.prefix(40) where Self.isFurniture(line.text) {
            for (label, value) in Self.pairs(line.text) where values[label] == nil && !value.isEmpty {
                values[label] = value
            }
        }
    }

    /// The first value given under one of the labels.
    func value(for labels: [String]) -> String? {
        labels.lazy.compactMap { values[$0] }.first
    }

    /// A line of page furniture: it starts with a known label and a colon or `|`, is a row of a
    /// table written with `|`, or is a breadcrumb (`首页 > …`).
    static func isFurniture(_ text: String) -> Bool {
        var compact = ImportedText.halfWidth(ImportedText.compact(text))
        while let first = compact.first, "-•·*".contains(first) { compact.removeFirst() }
        if compact.contains("|") { return true }
        if compact.hasPrefix("首页>") || compact.hasPrefix("首页»") || compact.contains(">>") || compact.hasPrefix("-发布日期") { return true }
        for label in labels where compact.hasPrefix(label) {
            let after = compact.dropFirst(label.count).first
            if after == ":" || after == nil { return true }
        }
        return false
    }

    /// `label: value` pairs of a line, or of a `|` table row (label cell, value cell).
    static func pairs(_ text: String) -> [(String, String)] {
        let half = ImportedText.halfWidth(text)
        if half.contains("|") {
            let cells = half.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
            var result: [(String, String)] = []
            var index = 0
            while index + 1 < cells.count {
                let label = ImportedText.compact(cells[index])
                if labels.contains(label) {
                    result.append((label, cells[index + 1]))
                    index += 2
                } else {
                    index += 1
                }
            }
            return result
        }
        // `名称: …的通知`, or several on a line: `生成日期: 2019-01-23 文号:`.
        var result: [(String, String)] = []
        let parts = half.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { return [] }
        var label = ImportedText.compact(parts[0])
        for index in 1..<parts.count {
            var value = parts[index].trimmingSpaces
            var nextLabel = ""
            if index < parts.count - 1, let found = labels.filter({ ImportedText.compact(value).hasSuffix($0) }).max(by: { $0.count < $1.count }) {
                nextLabel = found
                // The next label ends this value: drop it, and the spaces of a spaced label (`标 题`).
                var dropped = 0
                while dropped < found.count, let last = value.last {
                    if !last.isWhitespace { dropped += 1 }
                    value.removeLast()
                }
                value = value.trimmingSpaces
            }
            if labels.contains(label) { result.append((label, value)) }
            label = nextLabel
        }
        return result
    }
}
