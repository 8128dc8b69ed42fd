import JianbaoModel
#if canImport(Glibc)
import Glibc
#endif

extension SimpleDate {
    /// Today's date in China (UTC+8, no daylight saving), whatever the machine's time zone:
    /// the offices publish by Beijing time.
    public static func todayInChina(now: Int = Int(time(nil))) -> SimpleDate {
        var seconds = time_t(now + 8 * 3600)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return SimpleDate(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))!
    }
}
