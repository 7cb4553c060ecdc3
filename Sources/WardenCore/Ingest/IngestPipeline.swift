import Foundation
import WardenLinkage

/// One extract for the reading side of a load to read.
struct IngestJob: Sendable {
    let source: SourceDefinition
    let path: String
    let asOf: CivilDate
    /// The file hash of the source's current load, if it has one: an identical file is not read.
    let currentSHA: String?
}

/// What the reading side hands the database side, in file order.
enum IngestMessage: Sendable {
    /// The file of job `job` is identical to its source's current load: nothing to write.
    case unchanged(job: Int)
    /// The file of job `job` is about to be read: its identity and how its columns map.
    case begin(job: Int, sha: String, bytes: Int, plan: HeaderPlan)
    /// Rows of the file most recently begun, in file order.
    case batch(RowBatch)
    /// The file most recently begun has been read to its end.
    case end(job: Int)
}

/// Where the reading side sends its messages.
protocol IngestSink: AnyObject {
    /// An empty batch to fill (recycled when possible).
    func emptyBatch() -> RowBatch
    /// Hands a message over; throws when the database side has given up.
    func send(_ message: IngestMessage) throws
}

/// Reads the files of a load one after another, hashing, parsing and validating them.
///
/// It touches no database, so it can run on its own thread while the database thread inserts
/// (see `IngestPipeline`).
struct IngestReader: Sendable {
    let jobs: [IngestJob]

    func run(into sink: IngestSink) throws {
        for (k, job) in jobs.enumerated() {
            let (sha, bytes) = try SHA256Hasher.file(job.path)
            if sha == job.currentSHA {
                try sink.send(.unchanged(job: k))
                continue
            }
            let plan = try HeaderPlan(source: job.source, path: job.path)
            try sink.send(.begin(job: k, sha: sha, bytes: bytes, plan: plan))
            let producer = RowProducer(source: job.source, path: job.path, plan: plan,
                                       parser: FieldParser(asOf: job.asOf, dateFormats: job.source.dateFormats), fileBytes: bytes)
            try producer.run(into: sink)
            try sink.send(.end(job: k))
        }
    }
}

/// Runs a reader and a message handler either on two threads (parsing the next rows while the
/// database inserts the last ones) or on one. Both give the same messages in the same order, so
/// the warehouse they build is identical.
enum IngestPipeline {
    enum Mode: Sendable {
        /// Reader on the calling thread, each message handled as it is made.
        case serial
        /// Reader on a worker thread, up to `depth` batches ahead of the handler.
        case parallel(depth: Int)
    }

    /// The default: two threads, about 20 MB of rows in flight.
    static let defaultMode = Mode.parallel(depth: 16)

    /// Reads every job and hands each message to `handle` on the calling thread.
    static func run(_ reader: IngestReader, mode: Mode, handle: (IngestMessage) throws -> Void) throws {
        switch mode {
        case .serial:
            try withoutActuallyEscaping(handle) { handle in
                try reader.run(into: DirectSink(handle: handle))
            }
        case .parallel(let depth):
            let channel = MessageChannel(capacity: depth)
            let done = DispatchSemaphore(value: 0)
            let worker = Thread {
                do {
                    try reader.run(into: channel)
                    channel.close(error: nil)
                } catch {
                    channel.close(error: error)
                }
                done.signal()
            }
            worker.stackSize = 1 << 22
            worker.start()
            // However this ends, the worker has stopped reading before we return.
            defer { done.wait() }
            do {
                while let message = try channel.receive() {
                    try handle(message)
                    if case .batch(let b) = message { channel.recycle(b) }
                }
            } catch {
                channel.cancel()
                throw error
            }
        }
    }
}

/// The serial sink: handles each message on the spot, reusing one batch.
private final class DirectSink: IngestSink {
    let handle: (IngestMessage) throws -> Void
    private let batch = RowBatch()

    init(handle: @escaping (IngestMessage) throws -> Void) { self.handle = handle }

    func emptyBatch() -> RowBatch { batch.reset(); return batch }
    func send(_ message: IngestMessage) throws { try handle(message) }
}

/// A bounded hand-over of messages between two threads, with error and cancellation.
final class MessageChannel: IngestSink, @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [IngestMessage] = []
    private var head = 0
    private var free: [RowBatch] = []
    private var batchesQueued = 0
    private var closed = false
    private var failure: Error?
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func emptyBatch() -> RowBatch {
        condition.lock(); defer { condition.unlock() }
        if let b = free.popLast() { b.reset(); return b }
        return RowBatch()
    }

    /// Hands a message over; waits while `capacity` batches wait to be handled.
    func send(_ message: IngestMessage) throws {
        condition.lock(); defer { condition.unlock() }
        let isBatch: Bool
        if case .batch = message { isBatch = true } else { isBatch = false }
        while isBatch && batchesQueued >= capacity && !cancelled { condition.wait() }
        if cancelled { throw CancellationError() }
        queue.append(message)
        if isBatch { batchesQueued += 1 }
        condition.broadcast()
    }

    /// The next message, nil when the reader is done; rethrows the reader's error.
    func receive() throws -> IngestMessage? {
        condition.lock(); defer { condition.unlock() }
        while head == queue.count && !closed { condition.wait() }
        if head < queue.count {
            let m = queue[head]
            head += 1
            if head == queue.count { queue.removeAll(keepingCapacity: true); head = 0 }
            if case .batch = m { batchesQueued -= 1 }
            condition.broadcast()
            return m
        }
        if let failure { throw failure }
        return nil
    }

    func recycle(_ batch: RowBatch) {
        condition.lock(); free.append(batch); condition.unlock()
    }

    func close(error: Error?) {
        condition.lock(); closed = true; failure = error; condition.broadcast(); condition.unlock()
    }

    /// The database side gave up: stop the reader at its next message.
    func cancel() {
        condition.lock(); cancelled = true; condition.broadcast(); condition.unlock()
    }
}
