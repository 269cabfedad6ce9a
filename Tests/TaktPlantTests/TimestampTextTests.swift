import Foundation
import TaktPlant
import Testing

/// Date-times of event logs, read as seconds since 1970.
@Suite("Date-times of event logs")
struct TimestampTextTests {
    @Test("agrees with Foundation's ISO 8601 reader on 2,000 date-times from 1901 to 2099, with and without zones")
    func agreesWithFoundation() throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let t = Double(Int.random(in: -2_177_452_800...4_102_444_799, using: &rng))
            let utc = formatter.string(from: Date(timeIntervalSince1970: t))  // 2026-09-07T06:12:30Z
            #expect(TimestampText.seconds(utc) == t, "\(utc)")
            #expect(TimestampText.seconds(String(utc.dropLast())) == t)
            #expect(TimestampText.seconds(String(utc.dropLast()).replacingOccurrences(of: "T", with: " ")) == t)
            let offset = Int.random(in: -12...14) * 3600 + [0, 1800, 2700].randomElement(using: &rng)!
            formatter.timeZone = TimeZone(secondsFromGMT: offset)
            let zoned = formatter.string(from: Date(timeIntervalSince1970: t))  // 2026-09-07T08:12:30+02:00
            #expect(TimestampText.seconds(zoned) == t, "\(zoned)")
            formatter.timeZone = TimeZone(secondsFromGMT: 0)
        }
    }

    @Test("minutes alone, fractions of a second, leap days; impossible dates and other text refused")
    func forms() {
        #expect(TimestampText.seconds("1970-01-01") == 0)
        #expect(TimestampText.seconds("1970-01-01T00:01") == 60)
        #expect(TimestampText.seconds("1970-01-01 00:00:01.25") == 1.25)
        #expect(TimestampText.seconds("2024-02-29T00:00") != nil)
        for bad in ["2026-02-29", "2026-13-01", "2026-09-07T25:00", "2026-09-07T06:60", "2026-9-7", "yesterday", "2026-09-07T06:12:30+2", "2026-09-07T06:12 extra", ""] {
            #expect(TimestampText.seconds(bad) == nil, "\(bad)")
        }
    }
}
