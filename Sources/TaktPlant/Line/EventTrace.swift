import Foundation
import TaktKernel

/// Sees every event the line model handles, before it is handled (by one replication's thread at a time).
public protocol EventObserver: AnyObject, Sendable {
    /// Returns false to stop the run (a verifier that found a difference).
    func observe(_ record: TraceRecord) -> Bool
}

/// One traced event: when, what kind, on which object, and its job (or vehicle).
public struct TraceRecord: Equatable, Sendable, CustomStringConvertible {
    public var time: Tick
    public var kind: Int32
    /// The object the event acts on: a source, server, robot, station or fleet index, by kind.
    public var object: Int32
    /// The job a service or transfer end concerns, the vehicle of a fleet event; −1 for none.
    public var job: Int32

    public init(time: Tick, kind: Int32, object: Int32, job: Int32) {
        self.time = time
        self.kind = kind
        self.object = object
        self.job = job
    }

    /// Event kind names, by kind number.
    public static let kindNames = LineEvent.allCases.map(\.name)

    public var description: String {
        let name = Int(kind) < Self.kindNames.count ? Self.kindNames[Int(kind)] : "kind \(kind)"
        return "t=\(DurationText.format(Ticks.seconds(time))) (\(time) ticks) \(name) object \(object)" + (job >= 0 ? " job \(job)" : "")
    }
}

/// The event trace file: a header, then one compact record per event.
///
/// Format (version 3): the line `takt-trace 3 <plant hash> <seed> <replication> <duration ticks> <warm-up ticks> <plant path>\n`,
/// the line of the run's `--set` changes as a JSON array of `key.path=value` texts (`[]` for none),
/// then per event four LEB128 varints: the time since the previous event
/// (ticks), the kind, the object + 1 and the job + 1 (0 for none); at the
/// end the mark `0, 2³¹, <events>, <checksum>` (a kind no event has): a
/// file cut short at an event's boundary is told from a shorter run, and a
/// damaged one (a flipped byte) from a run that departs from it, by the
/// checksum of every record's four numbers (`TraceChecksum`). About six bytes an
/// event; written through a 256 KB buffer, so memory stays bounded.
/// Version 2 (no changes line; 0 for the checksum, not checked) and version
/// 1 (no end mark either) are still read.
public final class TraceWriter: EventObserver, @unchecked Sendable {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var last: Tick = 0
    /// The first write that failed (a full disk): later events are dropped and `close` throws it.
    private var failure: (any Error)?
    private var checksum = TraceChecksum()
    public private(set) var count = 0

    /// Creates (or truncates) `path` and writes the header, with the `changes` (`key.path=value` texts, as `--set`
    /// gives them) the plant was read with; a symbolic link's target, a named pipe or a device is written into, not replaced.
    public init(path: String, plant: PlantDescription, settings: RunSettings, replication: Int, changes: [String] = []) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        buffer.reserveCapacity(1 << 18)
        let header = "takt-trace 3 \(plant.contentHash) \(settings.seed) \(replication) \(settings.duration) \(settings.warmup) \(plant.file)\n"
        let changesLine = String(decoding: try JSONEncoder().encode(changes), as: UTF8.self) + "\n"
        buffer += Array(header.utf8) + Array(changesLine.utf8)
    }

    public func observe(_ r: TraceRecord) -> Bool {
        let values = (UInt64(r.time - last), UInt64(r.kind), UInt64(Int64(r.object) + 1), UInt64(Int64(r.job) + 1))
        Self.append(values.0, to: &buffer)
        Self.append(values.1, to: &buffer)
        Self.append(values.2, to: &buffer)
        Self.append(values.3, to: &buffer)
        checksum.add(values)
        last = r.time
        count += 1
        if buffer.count >= 1 << 18 { flush() }
        return true
    }

    /// The kind of the end mark (no event's kind: kinds are `Int32`s).
    static let endMark: UInt64 = 1 << 31

    /// Writes the end mark and what is buffered, and closes the file; a write that failed is thrown here.
    public func close() throws {
        for value in [0, Self.endMark, UInt64(count), checksum.value] { Self.append(value, to: &buffer) }
        flush()
        try handle.close()
        if let failure { throw failure }
    }

    private func flush() {
        if failure == nil {
            do { try handle.write(contentsOf: buffer) } catch { failure = error }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }
}

/// Reads a trace file: its header, then its records one at a time.
public final class TraceReader: @unchecked Sendable {
    /// What the header says.
    public struct Header: Sendable, Equatable {
        public var plantHash: String
        public var seed: UInt64
        public var replication: Int
        public var duration: Tick
        public var warmup: Tick
        public var plantPath: String
        /// The `--set` changes the run's plant was read with (version 3; none before).
        public var changes: [String] = []
        /// The format version: 1, 2 or 3.
        public var version: Int = 3
    }

    public struct Malformed: Error, CustomStringConvertible {
        public var description: String
    }

    public let header: Header
    /// The next at most n bytes of the file after those already read (empty at its end).
    private let read: (Int) -> Data
    private var chunk: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var last: Tick = 0
    /// Whether the end mark was read, and the checksum of the records read.
    private var ended = false
    private var checksum = TraceChecksum()
    /// Whether the file ends with an end mark (version 2 and later).
    private var marked: Bool { header.version >= 2 }
    /// Whether the end mark holds a checksum (version 3).
    private var checksummed: Bool { header.version >= 3 }
    /// Events read so far.
    public private(set) var count = 0

    /// Opens the trace file at `path` and reads its header.
    public convenience init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Malformed(description: "\(path): cannot open the trace file") }
        try self.init(name: path) { handle.readData(ofLength: $0) }
    }

    /// Reads a trace from its bytes; `name` stands for the file in errors.
    public convenience init(data: Data, name: String) throws {
        var offset = data.startIndex
        try self.init(name: name) { n in
            let end = data.index(offset, offsetBy: min(n, data.endIndex - offset))
            defer { offset = end }
            return data[offset..<end]
        }
    }

    private init(name: String, read: @escaping (Int) -> Data) throws {
        self.read = read
        // The header line, then (version 3) the line of changes.
        var rest: [UInt8] = []
        func line() -> [UInt8] {
            var line: [UInt8] = []
            while true {
                if rest.isEmpty {
                    let data = read(4096)
                    if data.isEmpty { return line }
                    rest = [UInt8](data)
                }
                if let newline = rest.firstIndex(of: 10) {
                    line += rest[..<newline]
                    rest = Array(rest[(newline + 1)...])
                    return line
                }
                line += rest
                rest = []
                if line.count > 65_536 { return line }
            }
        }
        let fields = String(decoding: line(), as: UTF8.self).split(separator: " ", maxSplits: 7).map(String.init)
        guard fields.count == 8, fields[0] == "takt-trace", let version = Int(fields[1]), (1...3).contains(version), let seed = UInt64(fields[3]),
              let replication = Int(fields[4]), let duration = Tick(fields[5]), let warmup = Tick(fields[6]) else {
            throw Malformed(description: "\(name): not a takt trace file (version 1, 2 or 3)")
        }
        var changes: [String] = []
        if version >= 3 {
            guard let decoded = try? JSONDecoder().decode([String].self, from: Data(line())) else {
                throw Malformed(description: "\(name): the trace file is damaged (its line of --set changes is not a JSON list of texts)")
            }
            changes = decoded
        }
        header = Header(plantHash: fields[2], seed: seed, replication: replication, duration: duration, warmup: warmup, plantPath: fields[7],
                        changes: changes, version: version)
        chunk = rest
    }

    /// The next record, nil at the end of the trace.
    public func next() throws -> TraceRecord? {
        guard !ended else { return nil }
        guard let delta = try varint(allowEnd: true) else {
            if marked { throw Malformed(description: "the trace file ends after \(count) events without its end mark (cut short?)") }
            return nil
        }
        guard let kind = try varint(allowEnd: false), let object = try varint(allowEnd: false), let job = try varint(allowEnd: false) else {
            throw Malformed(description: "the trace file is damaged (a record does not decode)")
        }
        if marked, kind == TraceWriter.endMark {
            guard delta == 0, object == UInt64(count) else {
                throw Malformed(description: "the trace file is damaged (its end mark counts \(object) events, \(count) were read)")
            }
            guard job == (checksummed ? checksum.value : 0) else {
                throw Malformed(description: "the trace file is damaged (its records do not match their checksum: a changed byte, a bad copy)")
            }
            guard byte() == nil else { throw Malformed(description: "the trace file is damaged (bytes after its end mark)") }
            ended = true
            return nil
        }
        guard kind <= UInt64(Int32.max), object <= UInt64(Int32.max) + 1, job <= UInt64(Int32.max) + 1, delta <= UInt64(Tick.max - last) else {
            throw Malformed(description: "the trace file is damaged (a record does not decode)")
        }
        count += 1
        last += Tick(delta)
        checksum.add((delta, kind, object, job))
        return TraceRecord(time: last, kind: Int32(kind), object: Int32(Int64(object) - 1), job: Int32(Int64(job) - 1))
    }

    private func byte() -> UInt8? {
        if position == chunk.count {
            guard !atEnd else { return nil }
            chunk = [UInt8](read(1 << 18))
            position = 0
            if chunk.isEmpty {
                atEnd = true
                return nil
            }
        }
        position += 1
        return chunk[position - 1]
    }

    private func varint(allowEnd: Bool) throws -> UInt64? {
        var value: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard let b = byte() else {
                if allowEnd, shift == 0 { return nil }
                throw Malformed(description: "the trace file ends inside a record (cut short?)")
            }
            guard shift < 64 else { throw Malformed(description: "the trace file is damaged (a number is too long)") }
            value |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
        }
    }
}

/// Compares a run's events with a trace, event by event, and stops at the first difference.
public final class TraceVerifier: EventObserver, @unchecked Sendable {
    private let reader: TraceReader
    /// Events that matched.
    public private(set) var matched = 0
    /// The first difference: the event number (from 1), what the trace has (nil: it ended) and what the run gave.
    public private(set) var difference: (index: Int, traced: TraceRecord?, actual: TraceRecord?)?
    /// A damaged trace file.
    public private(set) var damage: String?

    public init(reader: TraceReader) {
        self.reader = reader
    }

    public func observe(_ r: TraceRecord) -> Bool {
        do {
            let traced = try reader.next()
            guard traced == r else {
                difference = (matched + 1, traced, r)
                // A damaged file departs from every run: read to its end mark, whose checksum tells damage from a difference.
                do {
                    while try reader.next() != nil {}
                } catch {
                    damage = "\(error)"
                    difference = nil
                }
                return false
            }
            matched += 1
            return true
        } catch {
            damage = "\(error)"
            return false
        }
    }

    /// After a run that went to the end: a trace with more events than the run is a difference too.
    public func finish() {
        guard difference == nil, damage == nil else { return }
        do {
            if let extra = try reader.next() { difference = (matched + 1, extra, nil) }
        } catch {
            damage = "\(error)"
        }
    }
}

/// A checksum of a trace's records, kept in its end mark: FNV-1a's offset and prime, a 64-bit number (not a byte) at a time.
struct TraceChecksum {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    @inline(__always)
    mutating func add(_ record: (UInt64, UInt64, UInt64, UInt64)) {
        value = (value ^ record.0) &* Self.prime
        value = (value ^ record.1) &* Self.prime
        value = (value ^ record.2) &* Self.prime
        value = (value ^ record.3) &* Self.prime
    }
}
