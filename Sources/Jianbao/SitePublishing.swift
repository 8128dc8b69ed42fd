import JianbaoContent
import JianbaoIncremental
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
/// A file whose digest (of what it is made from, see `OutputJob.digest`) is the one the last build
/// recorded is kept as it is; a document that came from the last build as a stub (no body HTML) and
/// whose page must be made anew is read again in full.
struct SitePublishing: Sendable {
    let renderer: SiteRenderer
    let publisher: Publisher
    let last: LastBuild

    struct Result: Sendable {
        var pages: Int
        var report: Publisher.Report
        /// When the last file was rendered and written (before the swap), for the build's report.
        var renderedAt: Int
        /// The digest of what each file was made from, by output path, for the next build's cache.
        var digests: [String: UInt64]
        /// The digest of the own values of each document made in full, by source file (see `OwnValues`).
        var ownDigests: [String: UInt64]
        /// This build's search index layout, for the next build's cache.
        var searchLayout: SearchLayout
    }

    /// A file made from a job: the old one when its digest did not change, else made anew (a stub's
    /// page from its document read again).
    private func put(_ job: OutputJob, staging: StagingFolder) throws(FileSystemError) -> (StagingFolder.Outcome, digest: UInt64, own: UInt64?) {
        guard let document = job.document else {
            // With a digest from the last build, its digest alone first: a listing that did not
            // change is kept without its values made.
            if let previous = last.outputDigests[job.path] {
                let digest = job.digest()
                if digest == previous, let kept = staging.keepCurrent(job.path) { return (kept, digest, nil) }
            }
            let prepared = job.prepare()
            return (try staging.put(prepared.bytes(), at: job.path), prepared.digest, nil)
        }
        let source = document.source.file
        guard last.reused.contains(source) else {
            let prepared = job.prepare()
            return (try staging.put(prepared.bytes(), at: job.path), prepared.digest, prepared.ownDigest)
        }
        let digest = job.digest()
        if last.outputDigests[job.path] == digest, let kept = staging.keepCurrent(job.path) { return (kept, digest, nil) }
        guard let full = last.reloader?.reload(document), let bytes = job.make(from: full) else {
            throw FileSystemError(path: source, reason: .other("could not be read again"))
        }
        return (try staging.put(bytes, at: job.path), digest, nil)
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
        let search = await renderer.searchIndex(previous: last.searchLayout.flatMap(SearchLayout.init(words:)), oldTexts: last.searchTexts, keep: { path in
            guard let kept = staging.keepCurrent(path) else { return false }
            keptShards.append(kept)
            return true
        }, read: { [publisher] path in try? publisher.fileSystem.read(Path.join(publisher.output, path)) })
        let work = Self.spread(search.parts.map(Work.search),
                               among: jobs.map(Work.render) + (renderer.copies() + extraCopies).map { Work.copy(source: $0.source, destination: $0.destination) })
        let outcomes = await Concurrently.map(work) { item -> Swift.Result<(done: [StagingFolder.Outcome], digest: (String, UInt64)?, own: (String, UInt64)?), FileSystemError> in
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
                    return .success((done, nil, nil))
                case .render(let job):
                    let (outcome, digest, own) = try put(job, staging: staging)
                    let source = job.document?.source.file ?? ""
                    return .success(([outcome], (job.path, digest), own.map { (source, $0) }))
                case .copy(let source, let destination): return .success(([try staging.copy(from: source, to: destination)], nil, nil))
                }
            } catch {
                return .failure(error)
            }
        }
        var report = Publisher.Report()
        var digests: [String: UInt64] = [:]
        var ownDigests: [String: UInt64] = [:]
        for kept in keptShards { report.add(kept) }
        for outcome in outcomes {
            switch outcome {
            case .success(let result):
                for outcome in result.done { report.add(outcome) }
                if let (path, digest) = result.digest { digests[path] = digest }
                if let (source, digest) = result.own { ownDigests[source] = digest }
            case .failure(let error):
                staging.abandon()
                throw PublishError(path: error.path, message: "could not write the new site: \(error.message)",
                                   hint: "the output folder was left as it was; check the disk space and permissions")
            }
        }
        let renderedAt = Clock.milliseconds()
        try staging.commit()
        // The job pages and the search page.
        return Result(pages: jobs.filter(\.isPage).count + 1, report: report, renderedAt: renderedAt, digests: digests,
                      ownDigests: ownDigests, searchLayout: search.layout)
    }
}
