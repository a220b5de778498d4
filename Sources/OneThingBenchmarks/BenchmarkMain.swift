import Dispatch
import Foundation

/// `onething-bench`: parses the command line, runs the benchmark, prints and writes its
/// results, and exits with `BenchExitStatus`.
///
/// Threading: nothing in the benchmark uses the main queue or the main actor, and
/// valgrind's callgrind dies in the `sigsuspend` of Dispatch's main thread. So the main
/// thread is never given to Dispatch: the asynchronous run is a detached task while the
/// main thread only waits for the exit, and `--logic-only` runs on the main thread
/// itself. Either way callgrind (`deploy/profile`) can follow the whole run.
public enum BenchmarkMain {
    /// `arguments` excludes the program name.
    public static func run(arguments: [String]) -> Never {
        let options: BenchOptions
        do {
            guard let parsed = try BenchOptions.parse(arguments) else {
                print(BenchOptions.usage)
                exit(BenchExitStatus.success)
            }
            options = parsed
        } catch {
            standardError("onething-bench: \(error.message)\n\n\(error.usage)")
            exit(BenchExitStatus.usage)
        }
        if options.logicOnly { exit(runLogicOnly(options)) }
        Task.detached { exit(await runAsynchronously(options)) }
        while true { DispatchSemaphore(value: 0).wait() }
    }

    /// The logic phase alone, synchronously on this thread; its table on stdout.
    static func runLogicOnly(_ options: BenchOptions) -> Int32 {
        do {
            let report = try BenchLogicPhase.report(options: options)
            print(report.renderText())
            return BenchExitStatus.of(report, complain: standardError)
        } catch {
            standardError("onething-bench: \(error)")
            return BenchExitStatus.couldNotRun
        }
    }

    static func runAsynchronously(_ options: BenchOptions) async -> Int32 {
        do {
            if let path = options.storePhase {
                try await BenchStorePhase.runChild(options: options, path: path)
                return BenchExitStatus.success
            }
            if options.scaleOutOnly {
                let report = try await BenchSuite(options: options).runScaleOutOnly()
                print(report.renderText())
                return BenchExitStatus.of(report, complain: standardError)
            }
            if options.latencyOnly {
                let report = try await BenchSuite(options: options).runLatencyOnly()
                print(report.renderText())
                return BenchExitStatus.of(report, complain: standardError)
            }
            if options.restoreOnly {
                let report = try await BenchSuite(options: options).runRestoreOnly()
                print(report.renderText())
                return BenchExitStatus.of(report, complain: standardError)
            }
            let report = try await BenchSuite(options: options).run()
            let context = BenchContext(finishedAt: Date(), options: options)
            try BenchPublication(report: report, context: context, options: options).publish()
            return BenchExitStatus.of(report, complain: standardError)
        } catch {
            standardError("onething-bench: \(error)")
            return BenchExitStatus.couldNotRun
        }
    }

    /// Writes a line to stderr after whatever stdout still buffers, so that on a terminal
    /// the missed targets follow the table.
    static func standardError(_ text: String) {
        fflush(nil)   // every output stream: stdout is not reachable from Swift 6 safely
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
