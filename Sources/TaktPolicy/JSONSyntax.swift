import Foundation

/// Where a JSON document stops being JSON, for messages: the decoder only
/// says "the given data was not valid JSON".
public enum JSONSyntax {
    /// `what is wrong at line:column` for `data`, or nil when it parses (or the parser gives no place).
    public static func problem(in data: Data) -> String? {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return nil
        } catch {
            guard let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String else { return nil }
            // "Invalid value around character 15.", "Unexpected end of file …": the offset, when given, as line and column.
            guard let range = text.range(of: #"(around )?character \d+"#, options: .regularExpression),
                  let offset = Int(text[range].split(separator: " ").last ?? "") else {
                return text.trimmingCharacters(in: CharacterSet(charactersIn: "."))
            }
            let before = data.prefix(offset)
            let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
            let column = offset - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 - data.startIndex + 1 } ?? 0) + 1
            return "\(text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)) at line \(line), column \(column)"
        }
    }
}
