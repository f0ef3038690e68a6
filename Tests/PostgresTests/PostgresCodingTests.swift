import Foundation
import Postgres
import Testing

@Suite("Binding and decoding", .timeLimit(.minutes(1)))
struct PostgresCodingTests {
    static let createSamples = """
        create table samples (
            id int primary key, label text, big int8, small int4, flag bool, ratio float8,
            at timestamptz, ref uuid, blob bytea
        )
        """

    @Test("every supported type round-trips through typed columns, NULLs included")
    func roundTripsThroughColumns() async throws {
        try await TestDatabase.withSchema { pool, _ in
            try await pool.execute(Self.createSamples)
            let label = "héllo wörld — 你好 👋🏽 'quote' \"double\" \\backslash"
            let at = Date(timeIntervalSince1970: 1_714_567_890.123456)
            let ref = UUID()
            let blob = (0...255).map(UInt8.init)
            let inserted = try await pool.execute(
                "insert into samples values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                [1, label, Int64.max, Int32.min, true, 0.1, at, ref, blob])
            #expect(inserted == 1)
            try await pool.execute(
                "insert into samples values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                [
                    2, String?.none, Int64?.none, Int32?.none, Bool?.none, Double?.none, Date?.none, UUID?.none,
                    [UInt8]?.none,
                ])

            let rows = try await pool.query("select * from samples order by id")
            #expect(rows.count == 2)
            let full = rows[0]
            #expect(try full.decode(Int.self, "id") == 1)
            #expect(try full.decode(String.self, "label") == label)
            #expect(try full.decode(Int64.self, "big") == Int64.max)
            #expect(try full.decode(Int32.self, "small") == Int32.min)
            #expect(try full.decode(Bool.self, "flag") == true)
            #expect(try full.decode(Double.self, "ratio") == 0.1)
            let decodedAt = try full.decode(Date.self, "at")
            #expect(abs(decodedAt.timeIntervalSince(at)) < 0.000_001)
            #expect(try full.decode(UUID.self, "ref") == ref)
            #expect(try full.decode([UInt8].self, "blob") == blob)
            #expect(try full.decode(Data.self, "blob") == Data(blob))

            let empty = rows[1]
            #expect(try empty.decode(String?.self, "label") == nil)
            #expect(try empty.decode(Int64?.self, "big") == nil)
            #expect(try empty.decode(Int32?.self, "small") == nil)
            #expect(try empty.decode(Bool?.self, "flag") == nil)
            #expect(try empty.decode(Double?.self, "ratio") == nil)
            #expect(try empty.decode(Date?.self, "at") == nil)
            #expect(try empty.decode(UUID?.self, "ref") == nil)
            #expect(try empty.decode([UInt8]?.self, "blob") == nil)
            #expect(empty.isNull(at: 1))
            #expect(try full.decode(String?.self, at: 1) == label)
        }
    }

    @Test("parameters without column context are inferred or cast in SQL")
    func inferredParameters() async throws {
        try await TestDatabase.withSchema { pool, _ in
            let row = try #require(
                try await pool.query(
                    "select $1::int + 1 as next, $2 || '!' as shout, $3::bool as flag, $4::float8 * 2 as twice, "
                        + "$5::uuid as ref, length($6) as size, $7 + interval '1 hour' as later, $8::int8 as big",
                    [
                        41, "héllo", false, 1.25, UUID(uuidString: "6F9619FF-8B86-D011-B42D-00CF4FC964FF")!,
                        [1, 2, 3] as [UInt8],
                        Date(timeIntervalSince1970: 0), Int64.min,
                    ]
                ).first)
            #expect(try row.decode(Int.self, "next") == 42)
            #expect(try row.decode(String.self, "shout") == "héllo!")
            #expect(try row.decode(Bool.self, "flag") == false)
            #expect(try row.decode(Double.self, "twice") == 2.5)
            #expect(try row.decode(UUID.self, "ref") == UUID(uuidString: "6F9619FF-8B86-D011-B42D-00CF4FC964FF"))
            #expect(try row.decode(Int.self, "size") == 3)
            #expect(try row.decode(Date.self, "later") == Date(timeIntervalSince1970: 3600))
            #expect(try row.decode(Int64.self, "big") == Int64.min)
        }
    }

    @Test("dates keep microseconds and the server reads them as UTC instants")
    func dates() async throws {
        try await TestDatabase.withSchema { pool, _ in
            let at = Date(timeIntervalSince1970: 1_714_567_896.654321)
            let row = try #require(
                try await pool.query(
                    "select $1 = '2024-05-01 12:51:36.654321+00'::timestamptz as same, $1 as echoed, "
                        + "'2024-05-01 12:00:00+05:30'::timestamptz as shifted, '2024-05-01'::date as day, "
                        + "'2024-05-01 10:00:00'::timestamp as naive, 'infinity'::timestamptz as forever, "
                        + "'0044-03-15 12:00:00+00 BC'::timestamptz as ides",
                    [at]
                ).first)
            #expect(try row.decode(Bool.self, "same"))
            #expect(abs(try row.decode(Date.self, "echoed").timeIntervalSince(at)) < 0.000_001)
            #expect(try row.decode(Date.self, "shifted") == Date(timeIntervalSince1970: 1_714_545_000))
            #expect(try row.decode(Date.self, "day") == Date(timeIntervalSince1970: 1_714_521_600))
            #expect(try row.decode(Date.self, "naive") == Date(timeIntervalSince1970: 1_714_557_600))
            #expect(try row.decode(Date.self, "forever") == .distantFuture)
            // 15 March 44 BC (astronomical year -43), proleptic Gregorian.
            #expect(try row.decode(Date.self, "ides") == Date(timeIntervalSince1970: -63_517_780_800))
            let ides = try row.decode(Date.self, "ides")
            let back = try #require(
                try await pool.query("select $1 = '0044-03-15 12:00:00+00 BC'::timestamptz", [ides]).first)
            #expect(try back.decode(Bool.self, at: 0))
        }
    }

    @Test("floating-point edge values and integer bounds survive")
    func numericEdges() async throws {
        try await TestDatabase.withSchema { pool, _ in
            let values: [Double] = [.infinity, -.infinity, 1e-300, -0.0, 123_456.789, .greatestFiniteMagnitude]
            for value in values {
                let row = try #require(try await pool.query("select $1::float8", [value]).first)
                #expect(try row.decode(Double.self, at: 0) == value)
            }
            let nan = try #require(try await pool.query("select $1::float8", [Double.nan]).first)
            #expect(try nan.decode(Double.self, at: 0).isNaN)
            let ints = try #require(
                try await pool.query("select $1::int8, $2::int4, $3::int8", [Int.min, Int32.max, Int.max]).first)
            #expect(try ints.decode(Int.self, at: 0) == Int.min)
            #expect(try ints.decode(Int32.self, at: 1) == Int32.max)
            #expect(try ints.decode(Int.self, at: 2) == Int.max)
        }
    }

    @Test("empty bytes and empty strings are values, not NULL")
    func emptyValues() async throws {
        try await TestDatabase.withSchema { pool, _ in
            let row = try #require(try await pool.query("select $1::bytea as b, $2::text as s", [[UInt8](), ""]).first)
            #expect(try row.decode([UInt8]?.self, "b") == [])
            #expect(try row.decode(String?.self, "s") == "")
        }
    }

    @Test("decoding errors name the column and type, never the value")
    func decodingErrors() async throws {
        try await TestDatabase.withSchema { pool, _ in
            let row = try #require(
                try await pool.query("select 'zebra-secret-42' as code, null::int as missing, 't' as flag").first)
            do {
                _ = try row.decode(Int.self, "code")
                Issue.record("decoded text as Int")
            } catch let error as PostgresError {
                #expect(error.kind == .decoding)
                #expect(error.description.contains("\"code\""))
                #expect(error.description.contains("Int"))
                #expect(!error.description.contains("zebra-secret-42"))
            }
            do {
                _ = try row.decode(Int.self, "missing")
                Issue.record("decoded NULL as Int")
            } catch let error as PostgresError {
                #expect(error.kind == .decoding)
                #expect(error.description.contains("\"missing\""))
                #expect(error.description.contains("NULL"))
            }
            #expect(throws: PostgresError.self) { try row.decode(String.self, "nope") }
            #expect(throws: PostgresError.self) { try row.decode(String.self, at: 3) }
            #expect(throws: PostgresError.self) { try row.decode(UUID.self, "code") }
            #expect(throws: PostgresError.self) { try row.decode(Date.self, "code") }
            #expect(throws: PostgresError.self) { try row.decode([UInt8].self, "code") }
            #expect(try row.decode(Bool.self, "flag"))
        }
    }

    @Test("a NUL byte in a text parameter is refused before sending, without echoing it")
    func nulByteRefused() async throws {
        try await TestDatabase.withSchema { pool, _ in
            do {
                _ = try await pool.query("select $1::text", ["ab\u{0}secret-tail"])
                Issue.record("sent a NUL byte")
            } catch let error as PostgresError {
                #expect(error.kind == .invalidParameter)
                #expect(error.description.contains("$1"))
                #expect(!error.description.contains("secret-tail"))
            }
            try await pool.ping()
        }
    }

    @Test("commands report rows affected and their tag")
    func rowsAffected() async throws {
        try await TestDatabase.withSchema { pool, _ in
            try await pool.execute("create table counters (id int primary key, n int not null)")
            #expect(try await pool.execute("insert into counters select g, 0 from generate_series(1, 5) g") == 5)
            let update = try await pool.query("update counters set n = n + 1 where id > $1", [2])
            #expect(update.rowsAffected == 3)
            #expect(update.commandTag == "UPDATE 3")
            #expect(try await pool.execute("delete from counters where id = $1", [99]) == 0)
            let returning = try await pool.query("delete from counters where id <= $1 returning id", [2])
            #expect(returning.rowsAffected == 2)
            #expect(returning.columnNames == ["id"])
            #expect(try returning.map { try $0.decode(Int.self, "id") }.sorted() == [1, 2])
        }
    }
}
