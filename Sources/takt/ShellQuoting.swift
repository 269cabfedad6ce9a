extension String {
    /// The string as a shell reads it back as one word: as is when it is plain, else in single quotes.
    var shellQuoted: String {
        allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,@+".contains($0) } ? self : "'" + replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
