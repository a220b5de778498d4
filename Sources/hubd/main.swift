import Foundation
import OneThingHub

FileHandle.standardError.write(Data("hubd: not built yet\n".utf8))
exit(2)
