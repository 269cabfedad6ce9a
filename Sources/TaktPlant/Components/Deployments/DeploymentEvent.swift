/// A deployed decision's answer arriving, its request reaching the server, a server's batch closing.
enum DeploymentEvent: Int32, LineEventKind {
    case decisionAnswer = 12
    case requestAtServer = 13
    case batchClosed = 14
}
