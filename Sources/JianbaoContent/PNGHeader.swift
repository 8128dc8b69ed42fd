/// What jianbao needs from a PNG's header: its size in pixels and, when it says, its physical
/// resolution (the pHYs chunk, in pixels per metre), which gives the size a seal prints at.
/// Only the chunks before the image data are read (PNG puts pHYs there).
struct PNGHeader: Equatable {
    var pixelWidth: Int
    var pixelHeight: Int
    /// Pixels per metre across and down, when the file gives them in metres (pHYs unit 1).
    var pixelsPerMetre: (x: Int, y: Int)?

    static func == (lhs: PNGHeader, rhs: PNGHeader) -> Bool {
        lhs.pixelWidth == rhs.pixelWidth && lhs.pixelHeight == rhs.pixelHeight
            && lhs.pixelsPerMetre?.x == rhs.pixelsPerMetre?.x && lhs.pixelsPerMetre?.y == rhs.pixelsPerMetre?.y
    }

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// nil when `bytes` do not start as a PNG (signature, then an IHDR chunk) does.
    init?(_ bytes: [UInt8]) {
        guard bytes.count >= 33, Array(bytes[0..<8]) == Self.signature, Self.text(bytes, 12) == "IHDR" else { return nil }
        pixelWidth = Self.number(bytes, 16)
        pixelHeight = Self.number(bytes, 20)
        guard pixelWidth > 0, pixelHeight > 0 else { return nil }
        var offset = 8
        while offset + 8 <= bytes.count {
            let length = Self.number(bytes, offset)
            let type = Self.text(bytes, offset + 4)
            if type == "IDAT" || type == "IEND" { break }
            if type == "pHYs", length == 9, offset + 17 <= bytes.count, bytes[offset + 16] == 1 {
                let x = Self.number(bytes, offset + 8), y = Self.number(bytes, offset + 12)
                if x > 0, y > 0 { pixelsPerMetre = (x, y) }
            }
            offset += 12 + length
        }
    }

    /// Printed width and height in millimetres: from the physical resolution when there is one,
    /// else `width` wide at the image's proportions.
    func millimetres(defaultWidth width: Double) -> (width: Double, height: Double) {
        if let pixelsPerMetre {
            return (Double(pixelWidth) * 1000 / Double(pixelsPerMetre.x), Double(pixelHeight) * 1000 / Double(pixelsPerMetre.y))
        }
        return (width, width * Double(pixelHeight) / Double(pixelWidth))
    }

    private static func number(_ bytes: [UInt8], _ offset: Int) -> Int {
        guard offset + 4 <= bytes.count else { return 0 }
        return bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
    }

    private static func text(_ bytes: [UInt8], _ offset: Int) -> String {
        guard offset + 4 <= bytes.count else { return "" }
        return String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
    }
}
