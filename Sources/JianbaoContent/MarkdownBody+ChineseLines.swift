import CCmark
#if canImport(Glibc)
import Glibc
#endif
import JianbaoModel
import JianbaoSupport

/// Joining lines of Chinese text: a line break between Chinese characters is no space.
extension MarkdownBody {
    /// A line break in the source between Chinese characters is no space: drop it.
    func joinIfChinese(_ node: CmarkNode) {
        let before = node.previous.map(\.plainText)?.last
        let after = node.next.map(\.plainText)?.first
        if before.map(Self.isCJK) ?? true || after.map(Self.isCJK) ?? true {
            node.delete()
        }
    }

    static func isCJK(_ character: Character) -> Bool {
        guard let value = character.unicodeScalars.first?.value else { return false }
        return (0x2E80...0x9FFF).contains(value) || (0xF900...0xFAFF).contains(value)
            || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFFEF).contains(value) || value >= 0x20000
    }
}
