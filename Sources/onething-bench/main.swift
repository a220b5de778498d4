import OneThingBenchmarks

// A thin shell: the benchmark lives in OneThingBenchmarks (see its DocC article).
BenchmarkMain.run(arguments: Array(CommandLine.arguments.dropFirst()))
