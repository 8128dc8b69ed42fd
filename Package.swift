// swift-tools-version: 6.0
// The target list reads like the pipeline: content → model → checks → render → publish.
import PackageDescription

let package = Package(
    name: "jianbao",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "jianbao", targets: ["jianbao"]),
        .library(name: "Jianbao", targets: ["Jianbao"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1"),
    ],
    targets: [
        // The system C library that parses and renders all Markdown (apt: libcmark-dev).
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // Diagnostics, source positions and the file-system seam every stage uses.
        .target(name: "JianbaoSupport"),
        // Plain values: site, series, document, trailer, dates.
        .target(name: "JianbaoModel", dependencies: ["JianbaoSupport"]),
        // Load: files, YAML front matter, Markdown through libcmark → model.
        .target(
            name: "JianbaoContent",
            dependencies: ["JianbaoSupport", "JianbaoModel", "CCmark", "Yams"]
        ),
        // Check: rules across the whole site (numbering, markings).
        .target(name: "JianbaoChecks", dependencies: ["JianbaoSupport", "JianbaoModel"]),
        // zlib, which compresses the search's document texts (apt: zlib1g-dev, which Swift itself needs).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Search: the static full-text index of the published documents (postings of characters and
        // bigrams in shards, one file per document), built in parts, and patched after a change.
        .target(name: "JianbaoSearch", dependencies: ["JianbaoSupport", "JianbaoModel", "CZlib"]),
        // Typesetting decided at build time so both print engines agree: the size of a 发文机关标志
        // or masthead name on one line, where titles break (ICU's word boundaries, from the ICU that
        // Foundation brings on Linux).
        .target(
            name: "JianbaoTypeset",
            linkerSettings: [.linkedLibrary("_FoundationICU", .when(platforms: [.linux]))]
        ),
        // Render: template contexts and Templates/ through Mustache.
        .target(
            name: "JianbaoRender",
            dependencies: [
                "JianbaoSupport", "JianbaoModel", "JianbaoSearch", "JianbaoTypeset",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // Linux's atomic exchange of two paths, which Swift's Glibc module does not expose.
        .target(name: "CJianbaoSys"),
        // Publish: write a temporary folder beside the output, then swap it in.
        .target(name: "JianbaoPublish", dependencies: ["JianbaoSupport", "CJianbaoSys"]),
        // The pipeline that ties the stages together.
        .target(
            name: "Jianbao",
            dependencies: [
                "JianbaoSupport", "JianbaoModel", "JianbaoContent", "JianbaoChecks",
                "JianbaoSearch", "JianbaoRender", "JianbaoPublish",
            ]
        ),
        // The office's week: new issue, check before publishing, import from Word or text.
        .target(
            name: "JianbaoWorkflow",
            dependencies: ["Jianbao", "JianbaoSupport", "JianbaoModel", "JianbaoContent", "JianbaoChecks", "CJianbaoSys"]
        ),
        // The local preview: builds, serves on loopback, rebuilds and reloads on changes.
        .target(
            name: "JianbaoServe",
            dependencies: [
                "Jianbao", "JianbaoSupport",
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ]
        ),
        // Print: the built pages to PDF with WeasyPrint or Chromium, one process for a batch.
        .target(
            name: "JianbaoPrint",
            dependencies: ["Jianbao", "JianbaoSupport", "JianbaoModel", "JianbaoContent", "JianbaoChecks", "CJianbaoSys"]
        ),
        .executableTarget(
            name: "jianbao",
            dependencies: [
                "Jianbao", "JianbaoWorkflow", "JianbaoServe", "JianbaoPrint",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "JianbaoTypesetTests", dependencies: ["JianbaoTypeset"]),
        .testTarget(
            name: "JianbaoTests",
            dependencies: [
                "Jianbao", "JianbaoSupport", "JianbaoModel", "JianbaoContent", "JianbaoChecks",
                "JianbaoSearch", "JianbaoRender", "JianbaoPublish", "JianbaoWorkflow", "JianbaoServe", "JianbaoPrint", "jianbao",
                "CZlib",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
