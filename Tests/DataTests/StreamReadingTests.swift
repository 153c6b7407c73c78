import Core
import Foundation
import Testing
@testable import Data

/// `load` of files whose stated size is not their content: FIFOs, devices,
/// the kernel's process files. They are read to the end of file, and a FIFO
/// with no writer waits interruptibly.
@Suite struct StreamReadingTests {
    private func temporaryFIFO() throws -> String {
        let path = NSTemporaryDirectory() + "gd-fifo-\(UUID().uuidString)"
        try #require(mkfifo(path, 0o600) == 0)
        return path
    }

    @Test func aFIFOIsReadToTheEndOfItsWriter() throws {
        let path = try temporaryFIFO()
        defer { unlink(path) }
        // The writer opens after the reader has started waiting, and writes
        // in two pieces: both must arrive.
        let writer = Thread {
            usleep(100_000)
            guard let handle = FileHandle(forWritingAtPath: path) else { return }
            handle.write(Data("x,y\n1,2\n".utf8))
            usleep(50_000)
            handle.write(Data("3,4\n".utf8))
            try? handle.close()
        }
        writer.start()
        let table = try Table.load(csvFile: path)
        #expect(table.rowCount == 2)
        #expect(table.columns.map(\.name) == ["x", "y"])
    }

    @Test func aFIFOWithNoWriterStopsAtCtrlC() throws {
        let path = try temporaryFIFO()
        defer { unlink(path) }
        #expect(throws: CSVError(file: path, line: nil, column: nil, problem: .interrupted)) {
            try Interrupt.$simulation.withValue({ true }) { try Table.load(csvFile: path) }
        }
    }

    @Test func aProcessFileStatedAsEmptyIsReadToItsEnd() throws {
        var status = stat()
        try #require(stat("/proc/self/status", &status) == 0 && status.st_size == 0)
        let contents = try FileContents(path: "/proc/self/status", displayName: "status")
        defer { contents.deallocate() }
        #expect(String(decoding: contents.bytes.prefix(5), as: UTF8.self) == "Name:")
    }
}
