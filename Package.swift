// swift-tools-version: 6.0
// The target list reads like the pipeline: content → model → checks → render → publish.
//
// Linux only (Debian 12 is what CI runs): jianbao calls glibc and the Linux kernel directly —
// renameat2's RENAME_EXCHANGE for the atomic swap, posix_spawn_file_actions_addclosefrom_np,
// /proc/self/exe, ICU from Foundation's _FoundationICU — so no other platform is claimed.
import PackageDescription

let package = Package(
    name: "jianbao",
    products: [
        .executable(name: "jianbao", targets: ["JianbaoCLI"]),
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
        // Linux calls Swift's Glibc module does not expose: the atomic exchange of two paths, closing
        // a spawned child's inherited descriptors.
        .target(name: "CJianbaoSys"),
        // Diagnostics, source positions and the file-system seam every stage uses.
        .target(name: "JianbaoSupport", dependencies: ["CJianbaoSys"]),
        // Plain values: site, series, document, trailer, dates.
        .target(name: "JianbaoModel", dependencies: ["JianbaoSupport"]),
        // Load: files, YAML front matter, Markdown through libcmark → model.
        .target(
            name: "JianbaoContent",
            dependencies: ["JianbaoSupport", "JianbaoModel", "CCmark", "Yams"]
        ),
        // Check: rules across the whole site (how 第N期 runs, addresses) and what is published.
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
        // Publish: write a temporary folder beside the output, then swap it in.
        .target(name: "JianbaoPublish", dependencies: ["JianbaoSupport"]),
        // Remember: what the last build read, rendered and published (the document cache and its byte
        // form, the state of the inputs), so the next one redoes only what changed.
        .target(
            name: "JianbaoIncremental",
            dependencies: ["JianbaoSupport", "JianbaoModel", "JianbaoContent", "JianbaoPublish"]
        ),
        // The pipeline that ties the stages together.
        .target(
            name: "Jianbao",
            dependencies: [
                "JianbaoSupport", "JianbaoModel", "JianbaoContent", "JianbaoChecks",
                "JianbaoSearch", "JianbaoRender", "JianbaoPublish", "JianbaoIncremental",
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
        // The `jianbao` command: thin, every command's work is in the targets above.
        .executableTarget(
            name: "JianbaoCLI",
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
                "JianbaoSearch", "JianbaoRender", "JianbaoPublish", "JianbaoIncremental", "JianbaoWorkflow", "JianbaoServe",
                "JianbaoPrint", "JianbaoCLI", "CZlib",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
