import Foundation

/// Reads the date-times event logs hold: `2026-09-07T06:12`, `2026-09-07 06:12:30.5`,
/// `2026-09-07T06:12:30Z`, `2026-09-07T08:12:30+02:00`.
public enum TimestampText {
    /// Seconds since 1970-01-01 00:00 UTC; a time without a zone is taken as UTC (so gaps between
    /// times of one log are right, except across a daylight-saving change). Nil when `text` is not a date-time.
    public static func seconds(_ text: String) -> Double? {
        let s = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        var i = 0
        func digits(_ count: Int) -> Int? {
            guard i + count <= s.count else { return nil }
            var value = 0
            for _ in 0..<count {
                guard (48...57).contains(s[i]) else { return nil }
                value = value * 10 + Int(s[i] - 48)
                i += 1
            }
            return value
        }
        func take(_ c: UInt8) -> Bool {
            guard i < s.count, s[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), take(45), let month = digits(2), take(45), let day = digits(2),
              (1...12).contains(month), (1...daysIn(month, year)).contains(day) else { return nil }
        var seconds = Double(daysFromEpoch(year, month, day)) * 86_400
        guard i < s.count else { return seconds }
        guard take(84) || take(32) || take(116), let hour = digits(2), take(58), let minute = digits(2),
              hour < 24, minute < 60 else { return nil }
        seconds += Double(hour * 3600 + minute * 60)
        if take(58) {
            guard let second = digits(2), second < 61 else { return nil }
            seconds += Double(second)
            if take(46) || take(44) {
                var scale = 0.1
                var any = false
                while i < s.count, (48...57).contains(s[i]) {
                    seconds += Double(s[i] - 48) * scale
                    scale /= 10
                    i += 1
                    any = true
                }
                guard any else { return nil }
            }
        }
        if take(90) || take(122) { return i == s.count ? seconds : nil }
        if i < s.count, s[i] == 43 || s[i] == 45 {
            let sign: Double = s[i] == 43 ? 1 : -1
            i += 1
            guard let hours = digits(2) else { return nil }
            _ = take(58)
            guard let minutes = digits(2), hours < 24, minutes < 60 else { return nil }
            seconds -= sign * Double(hours * 3600 + minutes * 60)
        }
        return i == s.count ? seconds : nil
    }

    /// Days in `month` of `year` (Gregorian).
    static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to the date (proleptic Gregorian; Hinnant's days_from_civil).
    static func daysFromEpoch(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
