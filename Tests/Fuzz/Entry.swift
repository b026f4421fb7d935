// The libFuzzer entry point of every fuzz target. Built by `Tests/Fuzz/run.sh` with the
// Ledger and Projections sources compiled into one module, so that internal API is in
// reach; never part of `swift build`. The target is chosen by FUZZ_TARGET.
import Foundation

/// A fuzz target: checks properties of what it reads, and stops the run (trap) when one
/// breaks, so libFuzzer keeps the input.
protocol FuzzTarget {
    static func run(_ bytes: [UInt8])
}

/// The targets, by name.
let fuzzTargets: [String: any FuzzTarget.Type] = [
    "json": FuzzJSON.self,
    "line": FuzzLine.self,
    "edtf": FuzzEDTF.self,
    "knownat": FuzzKnownAt.self,
    "csv": FuzzCSV.self,
    "validator": FuzzValidator.self,
    "snapshot": FuzzSnapshot.self,
]

nonisolated(unsafe) let selectedTarget: any FuzzTarget.Type = {
    let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
    guard let target = fuzzTargets[name] else {
        FileHandle.standardError.write(Data("FUZZ_TARGET must be one of: \(fuzzTargets.keys.sorted().joined(separator: ", "))\n".utf8))
        exit(2)
    }
    return target
}()

/// Stops the run with a message when a property does not hold.
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() {
        FileHandle.standardError.write(Data("property broken: \(message())\n".utf8))
        abort()
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    selectedTarget.run(bytes)
    return 0
}

/// With FUZZ_WRITE_SEEDS=DIR, writes the snapshot target's seeds (made from the log
/// FUZZ_SEED_LOG) into DIR and exits: binary seeds cannot be written by hand.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
    let environment = ProcessInfo.processInfo.environment
    guard let directory = environment["FUZZ_WRITE_SEEDS"], let logPath = environment["FUZZ_SEED_LOG"] else { return 0 }
    do {
        for (name, bytes) in try FuzzSnapshot.seeds(log: try FileIO.readAll(logPath)) {
            try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("cannot write seeds: \(error)\n".utf8))
        exit(1)
    }
}
