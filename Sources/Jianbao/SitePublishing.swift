import JianbaoContent
import JianbaoModel
import JianbaoPublish
import JianbaoRender
import JianbaoSearch
import JianbaoSupport

/// Renders every file of the site and writes it into the staging folder in the same child task, on
/// every core, then swaps the folder in. A page is written as soon as it is rendered, so the whole
/// site is never held in memory; what a task makes depends only on its job, so the output is the
/// same whatever the scheduling.
///
/// A document that came from the cache as a stub (no body HTML) keeps its old page when the page's
/// signature and the templates are as they were; otherwise it is read again in full and rendered.
struct SitePublishing: Sendable {
    let renderer: SiteRenderer
    let publisher: Publisher
    /// This build's `SiteRenderer.listingSignature()`.
    let listingSignature: String
    /// Source files whose document is a stub, and how to read them in full.
    var reused: Set<String> = []
    var reloader: DocumentReloader?
    /// Page signatures of the last build, by source file; empty when the templates changed since.
    var previousSignatures: [String: String] = [:]
    /// The listing signature of the last build, nil when the templates changed since.
    var previousListingSignature: String?
    /// The last build's search index layout and texts (by source file): with them only the shards a
    /// changed text touches are built again (`SearchIndex.update`).
    var previousSearchLayout: SearchLayout?
    var previousSearchTexts: [String: String] = [:]

    struct Result: Sendable {
        var pages: Int
        var report: Publisher.Report
        /// When the last file was rendered and written (before the swap), for the build's report.
        var renderedAt: Int
        /// The signature of every document's page, by source file, for the next build's cache.
        var signatures: [String: String]
        /// This build's search index layout, for the next build's cache.
        var searchLayout: SearchLayout
    }

    /// A stub's page: the old file when nothing it shows changed, else the page rendered from the
    /// document read again.
    private func putReusedPage(_ job: OutputJob, document: Document, staging: StagingFolder) throws(FileSystemError) -> StagingFolder.Outcome {
        let source = document.source.file
        if let signature = job.signature, previousSignatures[source] == signature, let kept = staging.keepCurrent(job.path) {
            return kept
        }
        guard let full = reloader?.reload(document), let render = job.renderDocument else {
            throw FileSystemError(path: source, reason: .other("could not be read again"))
        }
        return try staging.put(Array(render(full).utf8), at: job.path)
    }

    private enum Work: Sendable {
        /// A part of the search index (a group of shards, a run of document files, or the search page).
        case search(SearchIndex.Part)
        case render(OutputJob)
        case copy(source: String, destination: String)
    }

    /// `heavy` items spread evenly through `light` ones, the first heavy item first: the work is handed
    /// out in runs of consecutive items, and heavy items side by side would share one run and one core.
    private static func spread(_ heavy: [Work], among light: [Work]) -> [Work] {
        guard !heavy.isEmpty else { return light }
        var work: [Work] = []
        work.reserveCapacity(heavy.count + light.count)
        for (number, item) in heavy.enumerated() {
            let start = number * light.count / heavy.count, end = (number + 1) * light.count / heavy.count
            work.append(item)
            work += light[start..<end]
        }
        return work
    }

    func run(extraCopies: [(source: String, destination: String)]) async throws(PublishError) -> Result {
        let jobs = renderer.outputJobs()
        let staging = try StagingFolder(publisher: publisher)
        var keptShards: [StagingFolder.Outcome] = []
        let search = await renderer.searchIndex(previous: previousSearchLayout, oldTexts: previousSearchTexts, keep: { path in
            guard let kept = staging.keepCurrent(path) else { return false }
            keptShards.append(kept)
            return true
        }, read: { [publisher] path in try? publisher.fileSystem.read(Path.join(publisher.output, path)) })
        let work = Self.spread(search.parts.map(Work.search),
                               among: jobs.map(Work.render) + (renderer.copies() + extraCopies).map { Work.copy(source: $0.source, destination: $0.destination) })
        let listingUnchanged = previousListingSignature != nil && previousListingSignature == listingSignature
        let outcomes = await Concurrently.map(work) { item -> Swift.Result<[StagingFolder.Outcome], FileSystemError> in
            do throws(FileSystemError) {
                switch item {
                case .search(let part):
                    var done: [StagingFolder.Outcome] = []
                    try renderer.forEachSearchFile(part, of: search, keep: { path in
                        guard let kept = staging.keepCurrent(path) else { return false }
                        done.append(kept)
                        return true
                    }) { file throws(FileSystemError) in
                        done.append(try staging.put(file.bytes, at: file.path))
                    }
                    return .success(done)
                case .render(let job):
                    if let document = job.document, reused.contains(document.source.file) {
                        return .success([try putReusedPage(job, document: document, staging: staging)])
                    }
                    if job.listing, listingUnchanged, let kept = staging.keepCurrent(job.path) {
                        return .success([kept])
                    }
                    return .success([try staging.put(job.make(), at: job.path)])
                case .copy(let source, let destination): return .success([try staging.copy(from: source, to: destination)])
                }
            } catch {
                return .failure(error)
            }
        }
        var report = Publisher.Report()
        for kept in keptShards { report.add(kept) }
        for outcome in outcomes {
            switch outcome {
            case .success(let done): for outcome in done { report.add(outcome) }
            case .failure(let error):
                staging.abandon()
                throw PublishError(path: error.path, message: "could not write the new site: \(error.message)",
                                   hint: "the output folder was left as it was; check the disk space and permissions")
            }
        }
        let renderedAt = Clock.milliseconds()
        try staging.commit()
        var signatures: [String: String] = [:]
        for job in jobs {
            if let document = job.document, let signature = job.signature { signatures[document.source.file] = signature }
        }
        // The job pages and the search page.
        return Result(pages: jobs.filter(\.isPage).count + 1, report: report, renderedAt: renderedAt, signatures: signatures,
                      searchLayout: search.layout)
    }
}
