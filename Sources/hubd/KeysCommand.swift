import Foundation
import OneThingHub

/// `hubd keys generate` and `hubd sign`: the keys of a deployment, and signatures for
/// command-line producers such as kcat.
enum KeysCommand {
    static func generate(_ configuration: HubKeysConfiguration) -> Int32 {
        do {
            var signers = configuration.signers
            if signers.isEmpty {
                let catalogue = try HubCatalogue.load(directory: configuration.catalogueDirectory)
                let departments = catalogue.flows.flatMap { $0.departments.map(\.code) }
                let channels = catalogue.flows.flatMap { $0.channels.channels.map(\.source) }
                signers = HubKeyTools.defaultSigners(departments: Array(Set(departments)).sorted(),
                                                     channels: Array(Set(channels)).sorted())
            }
            for line in try HubKeyTools.generate(configuration, signers: signers) { print(line) }
            return 0
        } catch {
            FileHandle.standardError.write(Data("hubd keys generate: \(error)\n".utf8))
            return 1
        }
    }

    static func sign(_ configuration: HubSignConfiguration) -> Int32 {
        do {
            let value: Data
            if let file = configuration.valueFile {
                value = try Data(contentsOf: URL(fileURLWithPath: file))
            } else {
                value = FileHandle.standardInput.readDataToEndOfFile()
            }
            print(try HubKeyTools.signatureText(configuration, value: Array(value)))
            return 0
        } catch {
            FileHandle.standardError.write(Data("hubd sign: \(error)\n".utf8))
            return 1
        }
    }
}
