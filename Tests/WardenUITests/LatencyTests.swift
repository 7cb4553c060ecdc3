import Foundation
import GRDB
import Testing
import TerminalKit
import WardenCore
@testable import WardenUI

/// Key-to-frame times in-process: each figure is one key's update, the query it starts (the
/// tester runs effects to completion), and the frame drawn after it. Printed, with loose bounds
/// that only catch a screen that has become unusably slow.
@Suite("Latency")
struct LatencyTests {
    /// The fixture plus `extra` synthetic people, so searches scan a realistic index.
    static func biggerWarehouse(extra: Int) throws -> Warehouse {
        let w = try makeWarehouse()
        try w.pool.write { db in
            try db.execute(sql: """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
                INSERT INTO person(id, given_name, surname, dob, current_uprn, record_count)
                SELECT 2000000 + i,
                       json_extract('["Adam","Beth","Chidi","Dorota","Emre","Fatima","Gareth","Hana","Ivan","Jia","Kwame","Leila","Mohammed","Nia","Olu","Priya","Quinn","Rosa","Sanjay","Tomasz"]', '$[' || (i % 20) || ']'),
                       json_extract('["Smith","Smyth","Khan","Okafor","Nowak","Patel","Jones","Ahmed","Wang","Kowalski","Murphy","Silva","Begum","Taylor","Ali","Brown","Ozturk","Singh","Evans","Rossi","Hughes","Nguyen","Mensah"]', '$[' || ((i / 20) % 23) || ']'),
                       date('1935-01-01', '+' || ((i * 37) % 30000) || ' days'),
                       json_extract('[100000000001,100000000002,100000000011,100000000012,100000000013,100000000020,100000000021,100000000030,100000000040]', '$[' || (i % 9) || ']'),
                       1
                FROM n
                """, arguments: [extra])
            try SearchIndex.rebuild(db)
        }
        return w
    }

    static func summary(_ name: String, _ samples: [Duration]) -> Duration {
        let ms = samples.map { Double($0.components.attoseconds) / 1e15 + Double($0.components.seconds) * 1000 }.sorted()
        let median = ms[ms.count / 2], worst = ms.last!
        print(String(format: "latency: %@: median %.1f ms, worst %.1f ms over %d keys", name, median, worst, ms.count))
        return samples.sorted()[samples.count / 2]
    }

    @Test("Typing a search and opening a person stay quick on 20,000 people")
    func keyToFrame() async throws {
        let w = try Self.biggerWarehouse(extra: 20_000)
        let clock = ContinuousClock()
        let t = try await makeTester(warehouse: w)
        await t.press(.char("/"))
        var typing: [Duration] = []
        for c in "smith jo" {
            typing.append(try await clock.measure { await t.type(String(c)) })
        }
        #expect(t.shows("John Arthur Smith"))
        var moving: [Duration] = []
        for _ in 0..<10 { moving.append(await clock.measure { await t.press(.down) }) }
        var opening: [Duration] = []
        for _ in 0..<5 {
            opening.append(await clock.measure { await t.press(.enter) })
            #expect(t.model.screens.count == 3)
            await t.press(.escape)
        }
        let typed = Self.summary("type a search key (query + frame)", typing)
        _ = Self.summary("move the selection", moving)
        let opened = Self.summary("open a person (query + audit write + frame)", opening)
        #expect(typed < .milliseconds(500))
        #expect(opened < .milliseconds(500))
    }
}
