import Foundation

/// The commands and options the built `jianbao` has, as its argument parser describes them
/// (`jianbao --experimental-dump-help`): the truth the docs are checked against.
struct CLISpec: Sendable {
    struct Command: Sendable {
        var name: String
        var options: Set<String>  // "--content", "-h"
        var arguments: [String]  // value names of positional arguments: "SERIES"
    }

    var commands: [String: Command]
    var defaultCommand: String

    /// Read from the executable.
    static func load(_ executable: String = TestSupport.executable) throws -> CLISpec {
        let run = try TestSupport.run(executable, ["--experimental-dump-help"], in: NSTemporaryDirectory())
        let dump = try JSONDecoder().decode(Dump.self, from: Data(run.standardOutput.utf8))
        var commands: [String: Command] = [:]
        for sub in dump.command.subcommands ?? [] {
            var options: Set<String> = []
            var arguments: [String] = []
            for argument in sub.arguments ?? [] {
                if argument.kind == "positional" {
                    arguments.append(argument.valueName ?? "")
                    continue
                }
                for name in argument.names ?? [] {
                    options.insert((name.kind == "short" ? "-" : "--") + name.name)
                }
            }
            commands[sub.commandName] = Command(name: sub.commandName, options: options, arguments: arguments)
        }
        return CLISpec(commands: commands, defaultCommand: dump.command.defaultSubcommand ?? "build")
    }

    private struct Dump: Decodable {
        var command: CommandDump
    }

    private struct CommandDump: Decodable {
        var commandName: String
        var defaultSubcommand: String?
        var arguments: [ArgumentDump]?
        var subcommands: [CommandDump]?
    }

    private struct ArgumentDump: Decodable {
        var kind: String
        var names: [NameDump]?
        var valueName: String?
    }

    private struct NameDump: Decodable {
        var kind: String
        var name: String
    }

    /// Problems with the `jianbao` invocations in one line of a page: a subcommand or an option the
    /// command does not have. The line may be a shell line (`cd x && jianbao build`, `swift run -c
    /// release jianbao build`, `VAR=1 jianbao pdf`) or a synopsis (`jianbao new SERIES [--date D]`).
    func problems(inLine line: String) -> [String] {
        var problems: [String] = []
        for segment in Self.segments(of: line) {
            guard let arguments = Self.jianbaoArguments(in: segment) else { continue }
            let words = arguments.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "[]")) }.filter { !$0.isEmpty }
            var command = commands[defaultCommand]
            var rest = words[...]
            if let first = rest.first, !first.hasPrefix("-") {
                // `jianbao help COMMAND` names a command, or stands for any (a placeholder in capitals).
                if first == "help" {
                    rest = rest.dropFirst()
                    guard let next = rest.first, commands[next] == nil, next.allSatisfy({ $0.isLowercase && $0.isASCII }) else { continue }
                    problems.append("`jianbao help \(next)`: no such command (\(commands.keys.sorted().joined(separator: ", ")))")
                    continue
                }
                if let named = commands[first] {
                    command = named
                    rest = rest.dropFirst()
                } else if first.allSatisfy({ $0.isLowercase && $0.isASCII }) && first.count > 1 && command?.arguments.isEmpty == true {
                    problems.append("`jianbao \(first)`: no such command (\(commands.keys.sorted().joined(separator: ", ")))")
                    continue
                }
            }
            guard let command else { continue }
            for word in rest where word.hasPrefix("-") && word.count > 1 && word != "--" {
                let name = String(word.prefix(while: { $0 != "=" }))
                if ["--help", "-h"].contains(name) || name.hasPrefix("---") { continue }
                if !command.options.contains(name) {
                    problems.append("`jianbao \(command.name)` has no option `\(name)` (it has \(command.options.sorted().joined(separator: " ")))")
                }
            }
        }
        return problems
    }

    /// A shell line cut at `&&`, `||`, `;`, `|`, and before a comment.
    static func segments(of line: String) -> [[String]] {
        var segments: [[String]] = [[]]
        for word in line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init) {
            if word.hasPrefix("#") { break }
            if ["&&", "||", ";", "|", "$"].contains(word) {
                if word != "$" { segments.append([]) }
                continue
            }
            segments[segments.count - 1].append(word)
        }
        return segments.filter { !$0.isEmpty }
    }

    /// The arguments given to jianbao in one shell segment, or nil when it does not run jianbao.
    static func jianbaoArguments(in segment: [String]) -> [String]? {
        var words = segment[...]
        while let first = words.first, first.contains("=") && !first.hasPrefix("-") || ["nice", "time", "sudo", "exec"].contains(first) {
            words = words.dropFirst()
        }
        guard let first = words.first else { return nil }
        if first == "swift", words.dropFirst().first == "run", let index = words.firstIndex(of: "jianbao") {
            return Array(words[(index + 1)...])
        }
        let program = first.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        if program == "jianbao" || program.hasSuffix("/jianbao") { return Array(words.dropFirst()) }
        return nil
    }
}
