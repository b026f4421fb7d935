#if canImport(Glibc)
import Glibc
#endif

/// The fuzzer's entry point (libFuzzer): `FUZZ_TARGET` names the target each input goes to.
/// Built and run by `run.sh`; not a SwiftPM target.
let targets: [String: @Sendable (UnsafeBufferPointer<UInt8>) -> Void] = [
    "json": FuzzJSON.run,
    "line": FuzzLine.run,
    "edtf": FuzzEDTF.run,
    "knownat": FuzzKnownAt.run,
    "csv": FuzzCSV.run,
    "snapshot": FuzzSnapshot.run,
]

let chosen: @Sendable (UnsafeBufferPointer<UInt8>) -> Void = {
    let name = getenv("FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = targets[name] else {
        say("FUZZ_TARGET must be one of \(targets.keys.sorted().joined(separator: ", ")), not '\(name)'")
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    chosen(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    return 0
}

/// Stops the run (libFuzzer keeps the input) when a property does not hold.
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    guard !condition else { return }
    say("property broken: \(message())")
    abort()
}

/// The input as text, when it is UTF-8.
func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    String(validating: bytes, as: UTF8.self)
}

/// A line on standard error.
func say(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}
