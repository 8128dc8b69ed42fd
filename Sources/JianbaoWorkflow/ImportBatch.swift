import CJianbaoSys
import JianbaoSupport

/// `jianbao import PATH…`: files and folders (walked recursively, in name order), each file imported
/// on its own so that one bad file never stops the rest.
public struct ImportBatch: Sendable {
    public let importer: Importer
    public let options: Importer.Options

    public init(importer: Importer, options: Importer.Options) {
        self.importer = importer
        self.options = options
    }

    /// The files below the paths: a file as given; in a folder, the files of a format import reads
    /// (hidden files and folders left out). The others are returned as skipped, with why.
    public static func expand(_ paths: [String], fileSystem: any FileSystem = DiskFileSystem()) -> (files: [String], ignored: [String]) {
        var files: [String] = []
        var ignored: [String] = []
        for path in paths {
            guard fileSystem.isDirectory(path) else {
                files.append(path)
                continue
            }
            let below: [String]
            do {
                below = try fileSystem.allFiles(under: path)
            } catch {
                files.append(path)  // reported as a failure when read
                continue
            }
            for relative in below where !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                let file = Path.join(path, relative)
                if SourceFormat(path: file) != nil { files.append(file) } else { ignored.append(file) }
            }
        }
        return (files, ignored)
    }

    /// Imports every file; `progress` is told of each result as it comes (index from 1, and count).
    public func run(_ files: [String], progress: (Int, Int, ImportResult) -> Void) -> [ImportResult] {
        jianbao_guard_install()
        var results: [ImportResult] = []
        for (index, file) in files.enumerated() {
            let result = importer.importFile(file, options: options)
            results.append(result)
            progress(index + 1, files.count, result)
        }
        return results
    }
}
