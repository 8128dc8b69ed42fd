/// A 份号 as printed: the copy's serial number in six digits with leading zeros (GB/T 9704 7.2.1),
/// whether it comes from `copy_number:` or from `jianbao pdf --copies`.
public enum CopyNumber {
    public static func printed(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
