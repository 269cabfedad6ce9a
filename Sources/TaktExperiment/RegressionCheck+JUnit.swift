import Foundation

/// The regression check as a JUnit XML report, which CI systems (GitHub
/// Actions reporters, GitLab `artifacts:reports:junit`, Jenkins) display.
extension RegressionCheck {
    /// JUnit XML: one `<testsuite>` named `suite`, one `<testcase>` per figure
    /// (class name `className`, test name the figure's), a `<failure>` with
    /// the reason in each regressed figure; `output` (the printed table) goes
    /// to the suite's `<system-out>`.
    public func junitXML(suite: String, className: String, seconds: Double, output: String) -> String {
        var xml = Self.opening(suite: suite, tests: figures.count, failures: regressions.count, errors: 0, seconds: seconds)
        for f in figures {
            xml += "    <testcase classname=\"\(Self.escaped(className))\" name=\"\(Self.escaped(f.figure.name))\" time=\"0\">\n"
            if f.verdict == .regressed {
                xml += "      <failure type=\"regression\" message=\"\(Self.escaped(f.reason))\">"
                    + Self.escaped("\(f.reason)\nbaseline \(f.shown(f.baseline)), now \(f.shown(f.current)); \(testText)") + "</failure>\n"
            } else {
                xml += "      <system-out>\(Self.escaped(f.reason))</system-out>\n"
            }
            xml += "    </testcase>\n"
        }
        xml += "    <system-out>\(Self.escaped(output))</system-out>\n  </testsuite>\n</testsuites>\n"
        return xml
    }

    /// JUnit XML for a check that could not be made (no baseline, a bad plant file, a plant that cannot be
    /// simulated): one test case in error, so the plant stays in a CI system's test report with the reason.
    public static func junitErrorXML(suite: String, className: String, message: String, seconds: Double) -> String {
        let first = String(message.split(separator: "\n").first ?? "")
        return opening(suite: suite, tests: 1, failures: 0, errors: 1, seconds: seconds) + """
                <testcase classname="\(escaped(className))" name="check" time="\(String(format: "%.3f", seconds))">
                  <error type="check-not-made" message="\(escaped(first))">\(escaped(message))</error>
                </testcase>
              </testsuite>
            </testsuites>

            """
    }

    /// The XML declaration and the opening `<testsuites>` and `<testsuite>` tags, with their counts.
    static func opening(suite: String, tests: Int, failures: Int, errors: Int, seconds: Double) -> String {
        let time = String(format: "%.3f", seconds)
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="takt check" tests="\(tests)" failures="\(failures)" errors="\(errors)" time="\(time)">
              <testsuite name="\(escaped(suite))" tests="\(tests)" failures="\(failures)" errors="\(errors)" skipped="0" time="\(time)">

            """
    }

    /// `text` safe inside XML attribute values and character data: markup
    /// characters escaped, characters XML 1.0 does not allow dropped.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v >= 0x20 && !(0xFFFE...0xFFFF).contains(v) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
