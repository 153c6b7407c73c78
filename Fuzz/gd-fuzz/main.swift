import Foundation
import GrammarFuzz

// gd-fuzz SEED COUNT FOLDER: writes COUNT random programs (ProgramGenerator,
// seeded with SEED) as FOLDER/SEED-N.gd, for scripts/fuzz.sh to run one by one.
let arguments = CommandLine.arguments
guard arguments.count == 4, let seed = UInt64(arguments[1]), let count = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: gd-fuzz SEED COUNT FOLDER\n".utf8))
    exit(2)
}
var generator = ProgramGenerator(seed: seed)
for index in 0..<count {
    let path = (arguments[3] as NSString).appendingPathComponent("\(seed)-\(index).gd")
    guard FileManager.default.createFile(atPath: path, contents: Data(generator.program().utf8)) else {
        FileHandle.standardError.write(Data("gd-fuzz: cannot write \(path)\n".utf8))
        exit(1)
    }
}
