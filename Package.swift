// swift-tools-version:6.0
// OneThing Hub: the Kafka data-exchange hub behind a "高效办成一件事" service.
//
// The target graph is the architecture:
//
//   CRdKafka ── OneThingKafka ─┐
//                              ├── OneThingHub ── hubd
//   OneThingExchange ──────────┤        │
//   CSQLite ─── OneThingStore ─┘        └──────── OneThingSimulator ── deptsim
//                  ├── OneThingArchive (CZlib) ── OneThingHub, OneThingAdmin
//                  └──────── OneThingAdmin ── hubctl   (OneThingAdmin also reads Kafka: the
//                                                       cluster's state topic, orders)
//   OneThingHub + OneThingSimulator ── OneThingBenchmarks ── onething-bench
//   COpenSSL ── OneThingCrypto (digests and signatures, for every module that signs or verifies)
//   OneThingCrypto + OneThingStore ── OneThingEvidence (the hash-chained evidence log) ── OneThingHub, OneThingAdmin
//
// * OneThingKafka is the only code that imports librdkafka (CRdKafka).
// * OneThingExchange is the pure domain: application, validation, catalogue, translation.
// * OneThingStore is the only code that touches SQLite (CSQLite).
// * OneThingCrypto is the only code that imports OpenSSL's libcrypto (COpenSSL): SM3
//   digests, SM2 (or Ed25519) signatures, key files and the keys folder.
// * OneThingArchive writes and reads the archive's gzip files (the only code importing
//   zlib, CZlib); OneThingHub archives into it, hubctl reads it.
// * OneThingEvidence links, checkpoints and verifies the evidence log the store keeps.
// * OneThingCatalogueFiles finds and reads the catalogue folder (Topics/) on disk.
// * OneThingHub wires them into the `hubd` pipeline.
// * OneThingBenchmarks measures that pipeline on librdkafka's mock cluster; the libraries
//   expose nothing public for it (what it needs beyond their API is `package`).
// * The executables are thin shells over their libraries.
// * OneThingSupport is the plumbing every other module shares (locks, command lines,
//   percentiles, text tables, zero-padded numbers): Foundation only and no I/O, so any
//   module may depend on it, the pure domain included.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "OneThingHub",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hubd", targets: ["hubd"]),
        .executable(name: "hubctl", targets: ["hubctl"]),
        .executable(name: "deptsim", targets: ["deptsim"]),
        .executable(name: "onething-bench", targets: ["onething-bench"]),
    ],
    targets: [
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka",
                       providers: [.apt(["librdkafka-dev (>= 2.2)"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev (>= 3.0)"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),

        .target(name: "OneThingSupport", swiftSettings: strict),
        .target(name: "OneThingKafka", dependencies: ["CRdKafka", "OneThingSupport"], swiftSettings: strict),
        .target(name: "OneThingExchange", dependencies: ["OneThingSupport"], swiftSettings: strict),
        .target(name: "OneThingCrypto", dependencies: ["COpenSSL"], swiftSettings: strict),
        .target(name: "OneThingCatalogueFiles", dependencies: ["OneThingExchange"], swiftSettings: strict),
        .target(name: "OneThingStore", dependencies: ["CSQLite", "OneThingExchange", "OneThingSupport"],
                swiftSettings: strict),
        .target(name: "OneThingArchive", dependencies: ["CZlib", "OneThingStore", "OneThingExchange"],
                swiftSettings: strict),
        .target(name: "OneThingEvidence", dependencies: ["OneThingCrypto", "OneThingStore"], swiftSettings: strict),
        .target(name: "OneThingHub",
                dependencies: ["OneThingKafka", "OneThingExchange", "OneThingStore", "OneThingCatalogueFiles",
                               "OneThingCrypto", "OneThingSupport", "OneThingArchive", "OneThingEvidence"],
                swiftSettings: strict),
        .target(name: "OneThingSimulator",
                dependencies: ["OneThingKafka", "OneThingExchange", "OneThingCrypto", "OneThingSupport"],
                swiftSettings: strict),
        .target(name: "OneThingAdmin",
                dependencies: ["OneThingStore", "OneThingKafka", "OneThingExchange", "OneThingCatalogueFiles", "OneThingSupport",
                               "OneThingArchive", "OneThingCrypto", "OneThingEvidence"],
                swiftSettings: strict),
        .target(name: "OneThingBenchmarks",
                dependencies: ["OneThingHub", "OneThingSimulator", "OneThingKafka", "OneThingStore", "OneThingExchange",
                               "OneThingCatalogueFiles", "OneThingCrypto", "OneThingSupport"],
                swiftSettings: strict),

        .executableTarget(name: "hubd", dependencies: ["OneThingHub", "OneThingSimulator", "OneThingCrypto", "OneThingSupport"],
                          swiftSettings: strict),
        .executableTarget(name: "hubctl", dependencies: ["OneThingAdmin", "OneThingSupport"], swiftSettings: strict),
        .executableTarget(name: "deptsim",
                          dependencies: ["OneThingSimulator", "OneThingHub", "OneThingCatalogueFiles", "OneThingCrypto",
                                         "OneThingSupport"],
                          swiftSettings: strict),
        .executableTarget(name: "onething-bench", dependencies: ["OneThingBenchmarks"], swiftSettings: strict),

        // What several test targets share: temporary directories, a Tansu broker process.
        // It depends on nothing of ours, so the domain's tests link no Kafka or SQLite.
        .target(name: "OneThingTestSupport", path: "Tests/OneThingTestSupport",
                swiftSettings: strict),

        .testTarget(name: "OneThingSupportTests", dependencies: ["OneThingSupport"], swiftSettings: strict),
        .testTarget(name: "OneThingKafkaTests", dependencies: ["OneThingKafka", "OneThingSupport", "OneThingTestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "OneThingExchangeTests", dependencies: ["OneThingExchange", "OneThingTestSupport"],
                    exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "OneThingCryptoTests", dependencies: ["OneThingCrypto", "OneThingTestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "OneThingCatalogueFilesTests", dependencies: ["OneThingCatalogueFiles"],
                    swiftSettings: strict),
        .testTarget(name: "OneThingEvidenceTests", dependencies: ["OneThingEvidence", "OneThingCrypto", "OneThingStore",
                                                                  "OneThingTestSupport"], swiftSettings: strict),
        .testTarget(name: "OneThingStoreTests", dependencies: ["OneThingStore", "OneThingTestSupport"], swiftSettings: strict),
        .testTarget(name: "OneThingArchiveTests",
                    dependencies: ["OneThingArchive", "OneThingStore", "OneThingExchange", "OneThingTestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "OneThingHubTests",
                    dependencies: ["OneThingHub", "OneThingSimulator", "OneThingKafka", "OneThingStore", "OneThingCatalogueFiles",
                                   "OneThingCrypto", "OneThingSupport", "OneThingTestSupport", "OneThingEvidence"],
                    swiftSettings: strict),
        .testTarget(name: "OneThingSimulatorTests",
                    dependencies: ["OneThingSimulator", "OneThingExchange", "OneThingKafka", "OneThingSupport"], swiftSettings: strict),
        .testTarget(name: "OneThingAdminTests",
                    dependencies: ["OneThingAdmin", "OneThingHub", "OneThingSimulator", "OneThingStore", "OneThingCatalogueFiles",
                                   "OneThingSupport", "OneThingTestSupport", "OneThingArchive", "OneThingCrypto",
                                   "OneThingEvidence"],
                    swiftSettings: strict),
        .testTarget(name: "OneThingBenchmarksTests", dependencies: ["OneThingBenchmarks", "OneThingHub", "OneThingExchange", "OneThingKafka"],
                    swiftSettings: strict),
    ]
)
