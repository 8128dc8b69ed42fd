/// How a path below the site's root is written in an address.
public enum WebAddress {
    /// `wj/2024/关于#1` → `wj/2024/%E5%85%B3%E4%BA%8E%231`: every byte but ASCII letters, digits,
    /// `-._~` and the `/` between names percent-encoded, so that no series or file name can start a
    /// scheme (`javascript:`), end the path (`#`, `?`), climb (`%2e%2e`) or break the markup around
    /// it. Every address made from a series' folder name or a file name goes through this.
    public static func path(_ folder: String) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(folder.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in folder.utf8 {
            let isSafe = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/")
                || byte == UInt8(ascii: "~")
            if isSafe {
                result.append(byte)
            } else {
                result += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}
