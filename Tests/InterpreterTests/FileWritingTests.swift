import Foundation
import Testing
@testable import Interpreter

/// `plot … to PATH` writes through a temporary file renamed over the target,
/// but only over regular files: links are followed, modes kept.
@Suite struct FileWritingTests {
    private func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "gd-write-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func aSymbolicLinkIsFollowedAndTheModeKept() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let target = folder + "/target.svg", link = folder + "/link.svg"
        #expect(FileManager.default.createFile(atPath: target, contents: Data("old".utf8), attributes: [.posixPermissions: 0o640]))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(writeReplacingSafely("new", to: link) == nil)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
        let mode = try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int
        #expect(mode == 0o640)
    }

    @Test func readOnlyFilesFoldersAndDevicesAreRefused() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let readOnly = folder + "/ro.svg"
        #expect(FileManager.default.createFile(atPath: readOnly, contents: Data("old".utf8), attributes: [.posixPermissions: 0o444]))
        #expect(writeReplacingSafely("new", to: readOnly) == "the file is read-only")
        #expect(try String(contentsOfFile: readOnly, encoding: .utf8) == "old")
        #expect(writeReplacingSafely("new", to: folder)?.hasPrefix("it is not a regular file") == true)
        #expect(writeReplacingSafely("new", to: "/dev/null")?.hasPrefix("it is not a regular file") == true)
        // Nothing is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["ro.svg"])
    }
}
