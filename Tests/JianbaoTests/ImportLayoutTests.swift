import Foundation
import JianbaoModel
import JianbaoSupport
@testable import JianbaoWorkflow
import Testing

/// The layouts GB/T 9704-2012 prescribes (../shared/domain/print-layout.md, "A 公文" and "More
/// elements") and common 简报 practice (briefing-anatomy.md), as text comes out of Word or a PDF,
/// for the elements the public corpus has no example of: 签发人, joint 版头, a 简报 masthead with
/// 内部资料, 总第N期 and "XX编印", 增刊, 按语 and 报尾, and tables made of aligned text. The
/// expected values are read off the inputs as the standard describes them.
@Suite struct ImportLayoutTests {
    static let documents = Series(slug: "wenjian", name: "文件", kind: .notice, source: SourceLocation(file: "series.yml"))
    static let briefings = Series(slug: "jianbao", name: "某县创建工作简报", kind: .briefing, office: "某县创建办公室",
                                  source: SourceLocation(file: "series.yml"))

    static func read(_ text: String, series: Series) -> ImportReading {
        ImportReader(series: series).read(SourceReader.lines(text).map(ImportBlock.line))
    }

    /// 上行文: 签发人 on the 文号's line (7.2.4), several names two to a line, the 文号 moving to the
    /// line of the last name; the 版头 above; a 请示's 附件说明 before the 署名.
    @Test func anUpwardDocumentWithSigners() {
        let reading = Self.read("""
            某县人民政府文件

                                                        签发人：张  三  李  四
            某政〔2024〕5号                                    王  五

            某县人民政府关于申请某项目资金的请示

            某市人民政府：
            　　为加快推进某项目建设，现就申请项目资金有关事项请示如下：
            　　一、项目基本情况
            　　某项目于2023年开工。
            　　妥否，请批示。

            　　附件：1．某项目资金预算表
            　　　　　2．某项目可行性研究报告

                                                  某县人民政府
                                                  2024年3月1日
            （联系人：赵六，电话：12345678）
            """, series: Self.documents)
        #expect(reading.issuer == "某县人民政府文件")
        #expect(reading.docNumber == "某政〔2024〕5号")
        #expect(reading.signers == ["张三", "李四", "王五"])
        #expect(reading.title == "某县人民政府关于申请某项目资金的请示")
        #expect(reading.genre == "请示")
        #expect(reading.addressees == "某市人民政府")
        #expect(reading.attachments == ["某项目资金预算表", "某项目可行性研究报告"])
        #expect(reading.signedBy == ["某县人民政府"])
        #expect(reading.date == SimpleDate(year: 2024, month: 3, day: 1))
        #expect(reading.notes == ["（联系人：赵六，电话：12345678）"])
        #expect(reading.bodyBlocks.contains("## 一、项目基本情况"))
    }

    /// 联合行文: the issuers stacked one per line, 文件 to their right (7.2.3); one 署名 per issuer.
    @Test func aJointDocument() throws {
        let reading = Self.read("""
            中共某县委办公室
            某县人民政府办公室    文件

            某办发〔2023〕12号

            中共某县委办公室  某县人民政府办公室
            关于做好某项工作的通知

            各乡镇党委、政府，县直各单位：
            　　现就做好某项工作通知如下。
            　　一、提高认识。
            中共某县委办公室          某县人民政府办公室
                       2023年5月8日
            （此件公开发布）
            """, series: Self.documents)
        #expect(reading.issuer == "中共某县委办公室某县人民政府办公室文件")
        #expect(reading.docNumber == "某办发〔2023〕12号")
        #expect(reading.title == "中共某县委办公室某县人民政府办公室关于做好某项工作的通知")
        #expect(reading.addressees == "各乡镇党委、政府，县直各单位")
        #expect(reading.signedBy == ["中共某县委办公室", "某县人民政府办公室"])
        #expect(reading.date == SimpleDate(year: 2023, month: 5, day: 8))
        #expect(reading.notes == ["（此件公开发布）"])
        // Written as the model's joint issuers, which `build` stacks with 文件 beside them.
        #expect(reading.jointIssuers == ["中共某县委办公室", "某县人民政府办公室文件"])
        let markdown = ImportWriter(series: Self.documents).markdown(for: reading)
        #expect(markdown.contains("\nissuer: [中共某县委办公室, 某县人民政府办公室文件]\n"))
        let site = try ImportCommandTests.emptyExampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        try DiskFileSystem().write(Array(markdown.utf8), to: site + "/Content/wenjian/2023/lianhe-12.md")
        let official = try #require(try ImportCommandTests.document("wenjian/2023/lianhe-12.md", in: site + "/Content").official)
        #expect(official.jointIssuers == ["中共某县委办公室", "某县人民政府办公室"])
        // One 署名 per issuer and the 附注, as fields (#14)
        #expect(official.jointSignatures == ["中共某县委办公室", "某县人民政府办公室"])
        #expect(official.annotation == "此件公开发布")
    }

    /// A 请示's 份号, 紧急程度 and 签发人 and its 文种 go into the front matter, and the file loads
    /// back with them (#14).
    @Test func anUpwardDocumentIsWrittenWithItsHeadFields() throws {
        let reading = Self.read("""
            000012
            特急
            某县人民政府文件

                                                        签发人：张  三  李  四
            某政〔2024〕5号                                    王  五

            某县人民政府关于申请某项目资金的请示

            某市人民政府：
            　　为加快推进某项目建设，现就申请项目资金有关事项请示如下。
            　　妥否，请批示。

                                                  某县人民政府
                                                  2024年3月1日
            （联系人：赵六，电话：12345678）
            """, series: Self.documents)
        let markdown = ImportWriter(series: Self.documents).markdown(for: reading)
        let site = try ImportCommandTests.emptyExampleSite()
        defer { try? FileManager.default.removeItem(atPath: site) }
        try DiskFileSystem().write(Array(markdown.utf8), to: site + "/Content/wenjian/2024/qingshi-5.md")
        let document = try ImportCommandTests.document("wenjian/2024/qingshi-5.md", in: site + "/Content")
        #expect(document.kind == .request)
        let official = try #require(document.official)
        #expect(official.copyNumber == "000012")
        #expect(official.urgency == "特急")
        #expect(official.signers == ["张三", "李四", "王五"])
        #expect(official.annotation == "联系人：赵六，电话：12345678")
        #expect(!markdown.contains("\n（联系人"), "the 附注 is a field, not a paragraph of the text")
    }

    /// A 简报 masthead: marking, name, 第N期（总第N期）, "XX编印" with the date on its line, 【本期要目】
    /// with numbered items, 按语 before the first article, the 报尾 with （共印N份）.
    @Test func aBriefingMasthead() {
        let reading = Self.read("""
            内部资料 注意保存
            某县创建工作简报
            第 12 期（总第 57 期）
            某县创建办公室编印                      2023年6月30日
            【本期要目】
            1．我县召开创建工作推进会
            2．某镇创新方式推进创建
            按语：某镇的做法值得学习。
            我县召开创建工作推进会
            6月28日，我县召开创建工作推进会，安排部署下一阶段工作。
            某镇创新方式推进创建
            某镇以网格为单元，推进创建工作落地见效。
            报：市创建办
            送：县领导
            编校：某某          （共印50份）
            """, series: Self.briefings)
        #expect(reading.kind == .briefing)
        #expect(reading.marking == "内部资料注意保存")
        #expect(reading.name == "某县创建工作简报")
        #expect(reading.number == 12 && reading.total == 57)
        #expect(reading.office == "某县创建办公室")
        #expect(reading.date == SimpleDate(year: 2023, month: 6, day: 30))
        #expect(reading.contents == ["我县召开创建工作推进会", "某镇创新方式推进创建"])
        #expect(reading.bodyBlocks.filter { $0.hasPrefix("# ") } == ["# 我县召开创建工作推进会", "# 某镇创新方式推进创建"])
        #expect(reading.bodyBlocks.first == "> 按语：某镇的做法值得学习。")
        #expect(reading.trailerLines.count == 3)
    }

    /// 增刊 (a supplement, numbered apart) with the office and the date on their own lines.
    @Test func aSupplement() {
        let reading = Self.read("""
            某县创建工作简报
            增刊第2期
            某县创建办公室编
            2024年1月5日
            某县表彰创建工作先进集体
            1月4日，某县表彰一批创建工作先进集体和个人。
            """, series: Self.briefings)
        #expect(reading.special == .zengkan && reading.number == 2 && reading.total == nil)
        #expect(reading.office == "某县创建办公室")
        #expect(reading.date == SimpleDate(year: 2024, month: 1, day: 5))
        #expect(reading.bodyBlocks.first == "# 某县表彰创建工作先进集体")
    }

    /// A table written with TABs (as Word saves one to text) becomes a table block; its cells stay.
    @Test func aTableOfTabs() {
        let reading = Self.read("""
            关于某项工作进度的通报
            各单位：
            现将进度通报如下。
            单位\t任务数\t完成数
            某局\t10\t8
            某办\t6\t6
            特此通报。
            某县人民政府办公室
            2024年2月1日
            """, series: Self.documents)
        let table = reading.bodyBlocks.first { $0.hasPrefix("<table>") }
        #expect(table == "<table>\n<tr><td>单位</td><td>任务数</td><td>完成数</td></tr>\n<tr><td>某局</td><td>10</td><td>8</td></tr>\n<tr><td>某办</td><td>6</td><td>6</td></tr>\n</table>")
        #expect(reading.genre == "通报" && reading.signedBy == ["某县人民政府办公室"])
    }

    /// A numbered list under a paragraph is never joined into one paragraph; a short line is never
    /// joined to the next; a sentence broken at a page break is.
    @Test func listsAndShortLinesStayWhole() {
        let reading = Self.read("""
            关于某事项的通知
            各单位：
            请按以下要求办理：
            1.按时报送材料
            2.确保数据准确
            联系电话
            本次工作涉及全县各单位和各乡镇，请各单位高度重视，认真组织，确保按时完成各项任
            务，不得延误。
            某县人民政府办公室
            2024年2月1日
            """, series: Self.documents)
        #expect(reading.bodyBlocks == ["请按以下要求办理：", "1\\.按时报送材料", "2\\.确保数据准确", "联系电话",
                                       "本次工作涉及全县各单位和各乡镇，请各单位高度重视，认真组织，确保按时完成各项任务，不得延误。"])
    }
}
