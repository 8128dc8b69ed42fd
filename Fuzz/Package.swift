// swift-tools-version: 6.0
// A libFuzzer target over the content parser, kept out of the main package so that `swift build`
// and `swift test` there never see `-sanitize=fuzzer`. Build and run it with Fuzz/run.sh.
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its folder, which differs between clones.
let rootFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "jianbao-fuzz",
    dependencies: [.package(path: rootFolder.path)],
    targets: [
        .target(name: "CFuzzerDriver"),
        .executableTarget(
            name: "JianbaoFuzz",
            dependencies: ["CFuzzerDriver", .product(name: "Jianbao", package: rootFolder.lastPathComponent)]
        ),
    ],
    swiftLanguageModes: [.v6]
)
