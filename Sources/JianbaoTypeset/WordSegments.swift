#if canImport(_FoundationICU)
import _FoundationICU
import Synchronization
#elseif canImport(CoreFoundation)
import CoreFoundation
#endif

/// Word boundaries from ICU's dictionary-based word breaking (the Chinese dictionary that ships with
/// ICU), the same segmenter browsers use for line breaking by words. On Linux it is the ICU that
/// Foundation brings with the Swift toolchain (`_FoundationICU`), so jianbao needs no library of
/// its own; on macOS, CFStringTokenizer, which is ICU too.
public enum WordSegments {
    /// `text` cut into ICU's word segments (words, punctuation marks and runs of spaces), in order;
    /// joined they give `text` back.
    public static func of(_ text: String) -> [Substring] {
        let utf16 = Array(text.utf16)
        guard !utf16.isEmpty else { return [] }
        var offsets = boundaries(utf16)
        if offsets.first != 0 { offsets.insert(0, at: 0) }
        if offsets.last != utf16.count { offsets.append(utf16.count) }
        var segments: [Substring] = []
        for (start, end) in zip(offsets, offsets.dropFirst()) where start < end {
            let lower = String.Index(utf16Offset: start, in: text)
            let upper = String.Index(utf16Offset: end, in: text)
            segments.append(text[lower..<upper])
        }
        return segments
    }

    #if canImport(_FoundationICU)
    /// An open ICU word-break iterator. Only one thread uses it at a time: it is taken from `idle`
    /// and given back when done.
    private struct Iterator: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    /// Iterators opened before, kept for the next title: opening one (finding the locale's rules,
    /// building the iterator) cost a third of breaking a title. An iterator given a new text with
    /// `ubrk_setText` starts afresh, so the boundaries are those a new one finds.
    private static let idle = Mutex<[Iterator]>([])

    private static func boundaries(_ utf16: [UInt16]) -> [Int] {
        utf16.withUnsafeBufferPointer { buffer in
            var status = U_ZERO_ERROR
            let iterator: OpaquePointer?
            if let reused = idle.withLock({ $0.popLast() }) {
                iterator = reused.pointer
                // _FoundationICU renames ICU's C functions with a swift_ prefix.
                swift_ubrk_setText(reused.pointer, buffer.baseAddress, Int32(buffer.count), &status)
            } else {
                iterator = swift_ubrk_open(UBRK_WORD, "zh", buffer.baseAddress, Int32(buffer.count), &status)
            }
            guard let iterator else { return characterBoundaries(utf16) }
            guard status.rawValue <= U_ZERO_ERROR.rawValue else {
                swift_ubrk_close(iterator)
                return characterBoundaries(utf16)
            }
            defer { idle.withLock { $0.append(Iterator(pointer: iterator)) } }
            var offsets = [Int(swift_ubrk_first(iterator))]
            while true {
                let next = swift_ubrk_next(iterator)
                if next == UBRK_DONE { break }
                offsets.append(Int(next))
            }
            return offsets
        }
    }
    #elseif canImport(CoreFoundation)
    private static func boundaries(_ utf16: [UInt16]) -> [Int] {
        let string = CFStringCreateWithCharacters(nil, utf16, utf16.count)
        let tokenizer = CFStringTokenizerCreate(nil, string, CFRange(location: 0, length: utf16.count),
                                                kCFStringTokenizerUnitWordBoundary, CFLocaleCreate(nil, "zh" as CFString))
        var offsets = [0]
        while CFStringTokenizerAdvanceToNextToken(tokenizer) != [] {
            let range = CFStringTokenizerGetCurrentTokenRange(tokenizer)
            offsets.append(range.location)
            offsets.append(range.location + range.length)
        }
        return Array(Set(offsets)).sorted()
    }
    #else
    private static func boundaries(_ utf16: [UInt16]) -> [Int] { characterBoundaries(utf16) }
    #endif

    /// Without a segmenter: every character on its own (never used on Linux or macOS).
    private static func characterBoundaries(_ utf16: [UInt16]) -> [Int] {
        var offsets = [0]
        var index = 0
        for unit in utf16 {
            index += 1
            if !UTF16.isLeadSurrogate(unit) { offsets.append(index) }
        }
        return offsets
    }
}
