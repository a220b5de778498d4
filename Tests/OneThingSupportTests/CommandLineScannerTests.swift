import Testing
import OneThingSupport

@Suite struct CommandLineScannerTests {
    private static let usage = "usage: tool [--name N] [--kafka K=V]... [--verbose]"
    private static let flags = [
        CommandLineFlag("name"), CommandLineFlag("port"), CommandLineFlag("kafka", .repeatable),
        CommandLineFlag("verbose", .switch),
    ]

    private func scanned(_ arguments: [String], prefix: String = "ONETHING_") throws(UsageError) -> CommandLineScanner {
        var scanner = CommandLineScanner(flags: Self.flags, usage: Self.usage, environmentPrefix: prefix)
        try scanner.scan(arguments)
        return scanner
    }

    private func failure(_ arguments: [String]) -> UsageError? {
        do {
            _ = try scanned(arguments)
            return nil
        } catch {
            return error
        }
    }

    @Test func bothValueFormsReadTheSame() throws {
        let spaced = try scanned(["--name", "hub-1", "--port", "9092"])
        let joined = try scanned(["--name=hub-1", "--port=9092"])
        for scanner in [spaced, joined] {
            #expect(scanner.value("name") == FlagValue("hub-1", origin: "--name"))
            #expect(scanner.value("port")?.text == "9092")
        }
        #expect(try scanned(["--name=a=b"]).value("name")?.text == "a=b", "split at the first '=' only")
        #expect(try scanned(["--name="]).value("name")?.text == "", "an explicit empty value is a value")
        #expect(try scanned(["--name=--odd"]).value("name")?.text == "--odd", "the '=' form takes any text")
    }

    @Test func theFlagBeatsTheEnvironment() throws {
        let environment = ["ONETHING_NAME": "from-env", "ONETHING_PORT": "1", "OTHER_PORT": "2"]
        let scanner = try scanned(["--name", "from-flag"])
        #expect(scanner.value("name", environment: environment) == FlagValue("from-flag", origin: "--name"))
        #expect(scanner.value("port", environment: environment) == FlagValue("1", origin: "ONETHING_PORT"))
        #expect(scanner.value("port") == nil, "without the environment only the command line counts")
        #expect(scanner.value("port", environment: ["ONETHING_PORT": ""]) == nil, "an empty variable is unset")
    }

    @Test func theEnvironmentPrefixIsTheTools() throws {
        let scanner = try scanned([], prefix: "DEPTSIM_")
        #expect(scanner.environmentName("bootstrap-servers") == "DEPTSIM_BOOTSTRAP_SERVERS")
        #expect(scanner.value("port", environment: ["ONETHING_PORT": "1"]) == nil)
        #expect(scanner.value("port", environment: ["DEPTSIM_PORT": "7"])?.origin == "DEPTSIM_PORT")
    }

    @Test func repeatedFlags() throws {
        let scanner = try scanned(["--kafka", "a=1", "--verbose", "--kafka=b=2", "--verbose"])
        #expect(scanner.values("kafka").map(\.text) == ["a=1", "b=2"], "a repeatable flag keeps every value in order")
        #expect(scanner.value("kafka")?.text == "b=2")
        #expect(scanner.isSet("verbose"), "a switch may repeat")
        #expect(failure(["--name", "a", "--name", "b"]) == UsageError("--name given more than once", usage: Self.usage))
        #expect(failure(["--name=a", "--name", "b"])?.message == "--name given more than once")
    }

    @Test func unknownFlagsAndStrayArgumentsAreUsageErrors() {
        #expect(failure(["--colour", "red"]) == UsageError("unknown flag '--colour'", usage: Self.usage))
        #expect(failure(["--colour=red"])?.message == "unknown flag '--colour'")
        #expect(failure(["-x"])?.message == "unknown flag '-x'")
        #expect(failure(["--name", "a", "extra"])?.message == "unexpected argument 'extra'")
        #expect(failure(["--"])?.message == "unexpected argument '--'")
    }

    @Test func aMissingValueIsNotTakenFromTheNextFlag() {
        #expect(failure(["--name"])?.message == "--name needs a value")
        #expect(failure(["--name", "--port", "1"])?.message == "--name needs a value")
        #expect(failure(["--name", "-h"])?.message == "--name needs a value")
        #expect(failure(["--verbose=yes"])?.message == "--verbose takes no value")
    }

    @Test func aSingleDashValueIsAValue() throws {
        #expect(try scanned(["--port", "-1"]).value("port")?.text == "-1", "so the range check can name it")
    }

    @Test func helpAnywhere() throws {
        #expect(try scanned(["--name", "a", "--help"]).helpRequested)
        #expect(try scanned(["-h"]).helpRequested)
        #expect(try !scanned(["--name", "a"]).helpRequested)
        #expect(failure(["--help", "--colour"]) != nil, "help does not hide a wrong flag")
    }

    /// hubctl's shape: the command word brings its own flags and usage.
    @Test func aPositionalMayWidenTheScope() throws {
        var scanner = CommandLineScanner(flags: [CommandLineFlag("store")], usage: "tool usage",
                                         unknownFlagNote: " (command options go after the command)")
        var words: [String] = []
        try scanner.scan(["--store", "s", "list", "--limit", "3", "extra"]) { word, scope throws(UsageError) in
            if words.isEmpty {
                scope = CommandLineScanner.Scope(flags: scope.flags + [CommandLineFlag("limit")], usage: "list usage",
                                                 unknownFlagNote: " for list")
            }
            words.append(word)
        }
        #expect(words == ["list", "extra"])
        #expect(scanner.value("limit")?.text == "3")
        #expect(scanner.fail("x").usage == "list usage")

        var early = CommandLineScanner(flags: [CommandLineFlag("store")], usage: "tool usage",
                                       unknownFlagNote: " (command options go after the command)")
        #expect(throws: UsageError("unknown flag '--limit' (command options go after the command)", usage: "tool usage")) {
            try early.scan(["--limit", "3", "list"]) { _, _ throws(UsageError) in }
        }
    }

    @Test func switchesFromTheEnvironmentSayYes() throws {
        let scanner = try scanned([])
        for yes in ["1", "true", "YES", "On"] {
            #expect(scanner.isSet("verbose", environment: ["ONETHING_VERBOSE": yes]))
        }
        for no in ["0", "false", "no", "", "maybe"] {
            #expect(!scanner.isSet("verbose", environment: ["ONETHING_VERBOSE": no]))
        }
        #expect(try scanned(["--verbose"]).isSet("verbose", environment: ["ONETHING_VERBOSE": "0"]), "the flag wins")
    }
}

@Suite struct SettingTests {
    private let flags = [CommandLineFlag("store"), CommandLineFlag("port"), CommandLineFlag("rate")]

    @Test func aSettingIsNilWhenNeitherFlagNorVariableIsSet() throws {
        var scanner = CommandLineScanner(flags: flags, usage: "u")
        try scanner.scan(["--port", "80"])
        let environment = ["ONETHING_STORE": " hub.db ", "ONETHING_RATE": "0.5", "ONETHING_PORT": "81"]
        #expect(try scanner.text("store", environment: environment) == "hub.db")
        #expect(try scanner.text("store") == nil, "without the environment only the command line counts")
        #expect(try scanner.integer("port", environment: environment, in: 1...65535) == 80, "the flag wins")
        #expect(try scanner.number("rate", environment: environment, in: 0...1) == 0.5)
        #expect(try scanner.number("rate", in: 0...1) == nil)
    }

    @Test func aWrongSettingIsAUsageError() throws {
        var scanner = CommandLineScanner(flags: flags, usage: "u")
        try scanner.scan(["--store=  ", "--port=0"])
        #expect(throws: UsageError("--store must not be empty", usage: "u")) { try scanner.text("store") }
        #expect(throws: UsageError("--port expects a whole number from 1 to 9, got '0'", usage: "u")) {
            try scanner.integer("port", in: 1...9)
        }
        #expect(throws: UsageError("ONETHING_RATE expects a number from 0 to 1, got '2'", usage: "u")) {
            try scanner.number("rate", environment: ["ONETHING_RATE": "2"], in: 0...1)
        }
    }
}

@Suite struct FlagConversionTests {
    private let scanner = CommandLineScanner(flags: [CommandLineFlag("kafka", .repeatable)], usage: "u")

    private func value(_ text: String, _ origin: String = "--n") -> FlagValue { FlagValue(text, origin: origin) }

    @Test func requiredNamesTheFlagAndTheVariable() throws {
        #expect(throws: UsageError("missing --store (or ONETHING_STORE)", usage: "u")) {
            try scanner.required("store", environment: [:])
        }
        #expect(try scanner.required("store", environment: ["ONETHING_STORE": "s.db"]).text == "s.db")
    }

    @Test func integersWithinTheirRange() throws {
        #expect(try scanner.integer(value(" 42 "), in: 1...100) == 42)
        #expect(try scanner.integer(value("65535"), in: 0...65535, as: Int.self) == 65535)
        #expect(throws: UsageError("--n expects a whole number from 0 to 65535, got '70000'", usage: "u")) {
            try scanner.integer(value("70000"), in: 0...65535, as: Int.self)
        }
        #expect(throws: UsageError.self) { try scanner.integer(value("-3"), in: 0...UInt64.max) }
        #expect(throws: UsageError.self) { try scanner.integer(value("1.5"), in: 0...9) }
    }

    @Test func numbersWithinTheirRange() throws {
        #expect(try scanner.number(value("0.25"), in: 0...1) == 0.25)
        #expect(throws: UsageError("--n expects a number from 0 to 1, got '1.5'", usage: "u")) {
            try scanner.number(value("1.5"), in: 0...1)
        }
        #expect(throws: UsageError.self) { try scanner.number(value("nan"), in: 0...1) }
        #expect(throws: UsageError.self) { try scanner.number(value("inf"), in: 0...Double.infinity) }
    }

    @Test func textMustNotBeBlank() throws {
        #expect(try scanner.nonEmptyText(value("  hub.db ")) == "hub.db")
        #expect(throws: UsageError("ONETHING_STORE must not be empty", usage: "u")) {
            try scanner.nonEmptyText(value("   ", "ONETHING_STORE"))
        }
    }

    @Test func keyValueSettingsOverlayTheEnvironment() throws {
        var scanner = scanner
        try scanner.scan(["--kafka", "linger.ms=1", "--kafka=sasl.jaas.config=a=b"])
        let settings = try scanner.keyValueSettings("kafka", environment: ["ONETHING_KAFKA": "linger.ms=9, acks=all"])
        #expect(settings == ["linger.ms": "1", "acks": "all", "sasl.jaas.config": "a=b"])
        let lines = try scanner.keyValueSettings("kafka", environment: ["ONETHING_KAFKA": "a=1,2\n\nb=3"])
        #expect(lines["a"] == "1,2", "with line breaks, commas belong to the values")
        #expect(throws: UsageError("ONETHING_KAFKA expects KEY=VALUE, got 'oops'", usage: "u")) {
            try scanner.keyValueSettings("kafka", environment: ["ONETHING_KAFKA": "acks=all,oops"])
        }
        #expect(throws: UsageError("--n expects KEY=VALUE with a non-empty key, got '=v'", usage: "u")) {
            try scanner.keyValue(value("=v"))
        }
    }
}
