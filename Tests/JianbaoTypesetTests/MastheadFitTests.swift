import JianbaoTypeset
import Testing

/// The 版心 is 156 mm = 442.20 pt; 2 % of it is kept spare, so a line may set 433.36 pt. The sizes
/// are the standard's: 初号 42 pt, 小初 36 pt. Expected values worked out by hand from these numbers.
@Suite struct MastheadFitTests {
    @Test func theTextWidthIsTheStandards156Millimetres() {
        #expect(abs(TypeMeasure.textWidth - 442.2047) < 0.001)
    }

    @Test func aShortNameStaysAtChuhao() {
        // 鲁山县人民政府: 7 × 42 = 294 pt
        let fit = MastheadFit.fit(line: "鲁山县人民政府")
        #expect(fit == MastheadFit(size: 42, condense: 1, naturalWidth: 294))
        // ten characters still fit: 420 pt
        #expect(MastheadFit.fit(line: "鲁山县人民政府办公室").size == 42)
    }

    @Test func twelveCharactersStepDownToXiaochu() {
        // 样例县人民政府办公室文件: 12 × 42 = 504 pt is too wide, 12 × 36 = 432 pt fits
        let fit = MastheadFit.fit(line: "样例县人民政府办公室文件")
        #expect(fit.size == 36)
        #expect(fit.condense == 1)
    }

    @Test func longerNamesAreCondensedAtXiaochu() {
        // 14 characters: 504 pt at 36 pt → 433.36 / 504 = 0.8598
        let fourteen = MastheadFit.fit(line: "样例县人民政府法制办公室文件")
        #expect(fourteen.size == 36)
        #expect(abs(fourteen.condense - 0.8598) < 0.0005)
        // 16 characters: 576 pt → 0.7524
        #expect(abs(MastheadFit.fit(line: "鲁山县法治政府建设领导小组办公室").condense - 0.7524) < 0.0005)
        // 20 characters: 720 pt → 0.6019
        let twenty = MastheadFit.fit(line: "中共样例县委全面依法治县委员会办公室文件")
        #expect(abs(twenty.condense - 0.6019) < 0.0005)
        #expect(abs(twenty.naturalWidth - 720) < 0.001)
    }

    @Test func digitsAndLatinCountHalf() {
        // 20 ideographs would be condensed; 16 ideographs and 8 digits are 20 ems too
        #expect(TypeMeasure.ems(of: "2024年") == 3)
        #expect(TypeMeasure.ems(of: "“法治”") == 4)
        #expect(MastheadFit.fit(line: "样例县2024年度法治政府建设领导小组文件").condense < 1)
    }

    @Test func trackingWidensTheLine() {
        // 工作简报 with 0.3 em after each character: 4 × 1.3 × 42 = 218.4 pt
        let fit = MastheadFit.fit(line: "工作简报", tracking: 0.3)
        #expect(fit.size == 42)
        #expect(abs(fit.naturalWidth - 218.4) < 0.001)
    }

    @Test func jointIssuersFitTheWidestNameAndTheSuffix() {
        // 样例县人民政府办公室 (10) + half an em + 文件 (2) = 12.5 ems: 525 pt at 42, 450 pt at 36
        let fit = MastheadFit.fit(stacked: ["中共样例县委办公室", "样例县人民政府办公室"], suffix: "文件")
        #expect(fit.size == 36)
        #expect(abs(fit.condense - 433.36 / 450) < 0.0005)
        // three names, the widest 样例县人民武装部 (8): 8 + 0.5 + 2 = 10.5 ems = 441 pt at 42 is too
        // wide, 378 pt at 36 fits
        #expect(MastheadFit.fit(stacked: ["样例县委办公室", "样例县人民政府", "样例县人民武装部"], suffix: "文件")
                == MastheadFit(size: 36, condense: 1, naturalWidth: 378))
        // two of seven characters: 9.5 ems = 399 pt fits at 42
        #expect(MastheadFit.fit(stacked: ["样例县委办公室", "样例县人民政府"], suffix: "文件").size == 42)
    }

    @Test func theStylesheetReadsCustomPropertiesOnly() {
        #expect(MastheadFit(size: 42, condense: 1, naturalWidth: 294).cssProperties == "--fit-size: 42pt")
        // condensed: natural width, the shift that centres it, (442.2 - 504) / 2 = -30.9, and the scale
        #expect(MastheadFit(size: 36, condense: 0.8598, naturalWidth: 504).cssProperties
                == "--fit-size: 36pt; --fit-width: 504pt; --fit-shift: -30.9pt; --fit-scale: 0.8598")
    }
}
