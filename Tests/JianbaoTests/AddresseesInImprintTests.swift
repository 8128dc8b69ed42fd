import JianbaoModel
@testable import JianbaoRender
import Testing

/// When the 主送 goes into the 版记 (GB/T 9704 7.3.2, 7.4): counted by hand on page 1's grid of 22 rows
/// of 28 characters. 文件格式 with a one-line title: 3 blank rows, the 标志 (2), 2 blank rows, the
/// 发文字号, 2 blank rows, the title, 1 blank row = 12 rows, which leaves 10 for 主送 and 正文; the 主送
/// moves when it leaves fewer than three of them, so at eight rows (197 to 224 characters with the colon).
@Suite struct AddresseesInImprintTests {
    func fields(_ addressees: String, title: String = "关于做好防汛准备工作的通知", joint: [String] = []) -> OfficialFields {
        OfficialFields(issuer: "样例县人民政府办公室", title: title, addressees: addressees, jointIssuers: joint)
    }

    @Test func sevenRowsStayEightRowsMove() {
        // 195 characters + the colon: exactly 7 rows, three rows of 正文 left
        #expect(!PrintTypesetting.addresseesInImprint(fields(String(repeating: "县", count: 195)), format: .general, signerRows: 0))
        // one more: 8 rows, two rows left
        #expect(PrintTypesetting.addresseesInImprint(fields(String(repeating: "县", count: 196)), format: .general, signerRows: 0))
        // half-width characters count half
        #expect(!PrintTypesetting.addresseesInImprint(fields(String(repeating: "县", count: 194) + "12"), format: .general, signerRows: 0))
        #expect(!PrintTypesetting.addresseesInImprint(fields("各乡（镇）人民政府，县直各单位"), format: .general, signerRows: 0))
    }

    @Test func theHeadAndTitleDecideTheRoomLeft() {
        let six = String(repeating: "县", count: 167)   // + the colon: 168, 6 rows
        #expect(!PrintTypesetting.addresseesInImprint(fields(six), format: .general, signerRows: 0))
        // 签发人 lines (two names a line) in the 版头, the 发文字号 on the last: two lines, one more row,
        // 10 - 1 - 6 = 3 left; three lines, 10 - 2 - 6 = 2 left
        #expect(!PrintTypesetting.addresseesInImprint(fields(six), format: .general, signerRows: 2))
        #expect(PrintTypesetting.addresseesInImprint(fields(six), format: .general, signerRows: 3))
        // a two-line title (more than 20 characters of 二号): 9 - 6 = 3 left
        #expect(!PrintTypesetting.addresseesInImprint(fields(six, title: "关于做好二〇二四年度防汛抗旱和地质灾害防治准备工作的通知"), format: .general, signerRows: 0))
        // three joint issuers: 4.5 rows of 标志, 5 whole: 10 - 3 - 6 = 1 left
        #expect(PrintTypesetting.addresseesInImprint(fields(six, joint: ["甲县人民政府", "乙县人民政府", "丙县人民政府"]), format: .general, signerRows: 0))
        // 信函格式: the title from row 6, 5 + 1 + 1 = 7 rows before the 主送, 15 left: 12 rows stay, 13 move
        #expect(!PrintTypesetting.addresseesInImprint(fields(String(repeating: "县", count: 335)), format: .letter, signerRows: 0))
        #expect(PrintTypesetting.addresseesInImprint(fields(String(repeating: "县", count: 336)), format: .letter, signerRows: 0))
        #expect(!PrintTypesetting.addresseesInImprint(fields(""), format: .general, signerRows: 0))
    }
}
