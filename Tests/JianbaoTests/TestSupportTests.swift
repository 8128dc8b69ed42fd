import Foundation
import Testing

/// The helpers the other tests stand on.
@Suite struct TestSupportTests {
    /// A program that writes far more than a pipe holds (64 KiB) to its error output before it ends
    /// is read whole; reading its output to the end first would wait for ever. `timeout` (outside this
    /// process, so a busy test pool cannot starve it) ends such a wait after 60 s with status 124.
    @Test func aProgramThatWritesMuchToStandardErrorIsReadWhole() throws {
        let folder = try TestSupport.makeTemporaryFolder("jianbao-support")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try TestSupport.run("/usr/bin/timeout", ["60", "/bin/sh", "-c", "head -c 300000 /dev/zero | tr '\\0' x >&2; echo 完成"], in: folder)
        #expect(run.status == 0)
        #expect(run.standardOutput == "完成\n")
        #expect(run.standardError.utf8.count == 300_000 && run.standardError.allSatisfy { $0 == "x" })
    }
}
