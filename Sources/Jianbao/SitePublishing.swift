import JianbaoPublish
import JianbaoRender
import JianbaoSupport

/// Renders every file of the site and writes it into the staging folder in the same child task, on
/// every core, then swaps the folder in. A page is written as soon as it is rendered, so the whole
/// site is never held in memory; what a task makes depends only on its job, so the output is the
/// same whatever the scheduling.
struct SitePublishing: Sendable {
    let renderer: SiteRenderer
    let publisher: Publisher

    struct Result: Sendable {
        var pages: Int
        var report: Publisher.Report
        /// When the last file was rendered and written (before the swap), for the build's report.
        var renderedAt: Int
    }

    private enum Work: Sendable {
        case render(OutputJob)
        case copy(source: String, destination: String)
    }

    func run(extraCopies: [(source: String, destination: String)]) async throws(PublishError) -> Result {
        let jobs = renderer.outputJobs()
        let work = jobs.map(Work.render) + (renderer.copies() + extraCopies).map { Work.copy(source: $0.source, destination: $0.destination) }
        let staging = try StagingFolder(publisher: publisher)
        let outcomes = await Concurrently.map(work) { item -> Swift.Result<StagingFolder.Outcome, FileSystemError> in
            do throws(FileSystemError) {
                switch item {
                case .render(let job): return .success(try staging.put(job.make(), at: job.path))
                case .copy(let source, let destination): return .success(try staging.copy(from: source, to: destination))
                }
            } catch {
                return .failure(error)
            }
        }
        var report = Publisher.Report()
        for outcome in outcomes {
            switch outcome {
            case .success(let done): report.add(done)
            case .failure(let error):
                staging.abandon()
                throw PublishError(path: error.path, message: "could not write the new site: \(error.message)",
                                   hint: "the output folder was left as it was; check the disk space and permissions")
            }
        }
        let renderedAt = Clock.milliseconds()
        try staging.commit()
        return Result(pages: jobs.filter(\.isPage).count, report: report, renderedAt: renderedAt)
    }
}
