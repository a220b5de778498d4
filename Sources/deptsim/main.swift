import Foundation
import OneThingSimulator

FileHandle.standardError.write(Data("deptsim: not built yet\n".utf8))
exit(2)
