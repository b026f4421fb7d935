// ledger-bench: synthetic ledgers and timed runs (release builds only). See BenchOptions.usage.
import Foundation

/// Dispatches the subcommand and maps failures to an exit status: 64 usage, 1 a failure
/// of the benchmark or of a measured command. A missed target is not a failure.
func benchMain(_ arguments: [String]) -> Int32 {
    do throws(BenchError) {
        let options = try BenchOptions(arguments)
        switch options.command {
        case "generate": return try GenerateCommand(options).run()
        case "run": return try RunCommand(options).run()
        default: return try CompareCommand(options).run()
        }
    } catch {
        if error.status == 64 {
            let message = error.message.isEmpty ? "" : "ledger-bench: \(error.message)\n"
            FileHandle.standardError.write(Data((message + BenchOptions.usage + "\n").utf8))
        } else {
            FileHandle.standardError.write(Data("ledger-bench: \(error.message)\n".utf8))
        }
        return error.status
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == ChildProcess.helperWord {
    exit(ChildProcess.measureMain(arguments))
}
exit(benchMain(arguments))
