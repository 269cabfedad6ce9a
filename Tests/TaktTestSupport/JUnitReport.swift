import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A JUnit XML file, read back with Foundation's XML parser.
public final class JUnitReport: NSObject, XMLParserDelegate {
    public var suites: [String] = []
    public var cases: [String] = []
    /// Each test case's class name, in order.
    public var classes: [String] = []
    /// Failure messages by test case.
    public var failures: [String: String] = [:]
    /// Error messages by test case (a check that could not be made).
    public var errors: [String: String] = [:]
    /// The suite's own `<system-out>`.
    public var output = ""
    private var path: [String] = []
    private var text = ""

    public init(_ xml: String) throws {
        super.init()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = self
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
    }

    public func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        path.append(name)
        text = ""
        switch name {
        case "testsuite": suites.append(attributes["name"] ?? "")
        case "testcase":
            cases.append(attributes["name"] ?? "")
            classes.append(attributes["classname"] ?? "")
        case "failure": failures[cases.last ?? ""] = attributes["message"] ?? ""
        case "error": errors[cases.last ?? ""] = attributes["message"] ?? ""
        default: break
        }
    }

    public func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    public func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "system-out", path.dropLast().last == "testsuite" { output = text }
        path.removeLast()
    }
}
