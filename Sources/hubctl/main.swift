import Foundation
import OneThingAdmin

FileHandle.standardError.write(Data("hubctl: not built yet\n".utf8))
exit(2)
