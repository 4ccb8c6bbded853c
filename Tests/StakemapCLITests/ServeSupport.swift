import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A `stakemap serve` started for a test on a free loopback port, stopped when released.
final class ServedFolder: @unchecked Sendable {
    let process = Process()
    let folder: String
    private(set) var url = ""
    private(set) var port = 0
    private let output = Pipe()

    /// Copies the samples (or uses `folder`) and serves them as of 2026-11-27.
    init(folder: String? = nil, arguments: [String] = []) throws {
        if let folder {
            self.folder = folder
        } else {
            let dir = scratch()
            for name in ["banque-exemple.yaml", "maison-lumiere.yaml", "maison-lumiere-directory", "mutuelle-horizon.yaml"] {
                try FileManager.default.copyItem(atPath: "\(packageRoot)/samples/\(name)", toPath: "\(dir)/\(name)")
            }
            self.folder = dir
        }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", self.folder, "--port", "0", "--as-of", "2026-11-27"] + arguments
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        // The first line names the URL: "Serving FOLDER at http://127.0.0.1:PORT/".
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while !text.contains("\n") && Date() < deadline && process.isRunning {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { usleep(20_000) } else { text += String(decoding: chunk, as: UTF8.self) }
        }
        guard let at = text.range(of: " at http://") else {
            process.terminate()
            throw ServeFailure(message: "the server did not start: \(text)")
        }
        url = "http://" + text[at.upperBound...].prefix { !$0.isNewline }
        let hostPort = url.dropFirst("http://".count).prefix { $0 != "/" }
        port = Int(hostPort.split(separator: ":").last ?? "") ?? 0
    }

    deinit {
        if process.isRunning {
            process.interrupt()
            process.waitUntilExit()
        }
    }

    var file: String { "\(folder)/banque-exemple.yaml" }

    func http(
        _ method: String, _ target: String, headers: [String: String] = [:], body: String? = nil, host: String? = nil
    ) throws -> HTTPReply {
        try rawHTTP(port: port, method, target, headers: headers, body: body, host: host ?? "127.0.0.1:\(port)")
    }

    /// The CSRF token edits carry.
    func csrf() throws -> String {
        let doc = try JSONSerialization.jsonObject(with: Data(try http("GET", "/api/session").body.utf8)) as? [String: Any]
        return doc?["csrf"] as? String ?? ""
    }

    /// An API edit, with the token and the JSON content type.
    func edit(_ account: String, _ json: String, token: String) throws -> HTTPReply {
        try http("POST", "/api/accounts/\(account)/edits", headers: ["Content-Type": "application/json", "X-CSRF-Token": token], body: json)
    }
}

struct ServeFailure: Error {
    let message: String
}

struct HTTPReply {
    var status: Int
    var headers: [String: String]
    var body: String
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:] }
}

/// One HTTP/1.1 request written byte for byte (so that a test can send what a browser
/// would not, `/../` included), and its reply.
func rawHTTP(port: Int, _ method: String, _ target: String, headers: [String: String] = [:], body: String? = nil, host: String) throws -> HTTPReply {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw ServeFailure(message: "no socket") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw ServeFailure(message: "cannot connect to port \(port)") }
    var request = "\(method) \(target) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n"
    for (k, v) in headers.sorted(by: { $0.key < $1.key }) { request += "\(k): \(v)\r\n" }
    let bytes = Array((body ?? "").utf8)
    if body != nil { request += "Content-Length: \(bytes.count)\r\n" }
    request += "\r\n"
    let all = Array(request.utf8) + bytes
    var sent = 0
    while sent < all.count {
        let n = all[sent...].withUnsafeBufferPointer { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if n <= 0 { break }  // the server may refuse before reading it all
        sent += n
    }
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = recv(fd, &buffer, buffer.count, 0)
        if n <= 0 { break }
        received += buffer[0..<n]
    }
    let text = String(decoding: received, as: UTF8.self)
    guard let split = text.range(of: "\r\n\r\n") else { throw ServeFailure(message: "no HTTP reply: \(text)") }
    let head = text[..<split.lowerBound].split(separator: "\r\n")
    let status = Int(head.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
    var fields: [String: String] = [:]
    for line in head.dropFirst() {
        if let colon = line.firstIndex(of: ":") {
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }
    var payload = String(text[split.upperBound...])
    if fields["transfer-encoding"]?.lowercased() == "chunked" {
        var out = ""
        var rest = Substring(payload)
        while let end = rest.range(of: "\r\n"), let size = Int(rest[..<end.lowerBound], radix: 16), size > 0 {
            let start = end.upperBound
            let chunk = rest.utf8[start...].prefix(size)
            out += String(decoding: chunk, as: UTF8.self)
            rest = Substring(String(decoding: rest.utf8[start...].dropFirst(size + 2), as: UTF8.self))
        }
        payload = out
    }
    return HTTPReply(status: status, headers: fields, body: payload)
}
