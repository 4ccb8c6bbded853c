import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A request the server refuses, with the status and the message a person reads (on the
/// page, or as `{"error": …}` from the API).
struct ServerError: Error, Sendable {
    var status: HTTPResponse.Status
    var message: String
    /// Located messages from the library (an invalid edit's diagnostics, say).
    var details: [String] = []
    /// The methods the path takes, for a 405's `Allow` header.
    var allow: String? = nil

    init(_ status: HTTPResponse.Status, _ message: String, details: [String] = [], allow: String? = nil) {
        self.status = status
        self.message = message
        self.details = details
        self.allow = allow
    }

    static func notFound(_ what: String) -> ServerError { ServerError(.notFound, what) }
    static func badRequest(_ why: String) -> ServerError { ServerError(.badRequest, why) }
}

/// The fields of a form body or a query string (`a=1&b=x+y`), decoded: `+` is a space and
/// `%XX` a byte of UTF-8. A repeated field keeps its last value; `values` keeps them all.
struct Fields: Sendable {
    private(set) var pairs: [(key: String, value: String)] = []

    init() {}

    /// The most fields a request may have (an edit has a dozen at most).
    static let limit = 100

    /// Decodes `text`; refuses malformed escapes, text that is not UTF-8 and more than
    /// `limit` fields. A browser's CR LF line breaks become LF.
    init(form text: Substring) throws(ServerError) {
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try Self.decode(kv[0])
            let value = kv.count > 1 ? try Self.decode(kv[1]).replacingOccurrences(of: "\r\n", with: "\n") : ""
            if !key.isEmpty { pairs.append((key, value)) }
            if pairs.count > Self.limit { throw .badRequest("the request has more than \(Self.limit) fields") }
        }
    }

    init(_ pairs: [(key: String, value: String)]) { self.pairs = pairs }

    subscript(_ key: String) -> String? { pairs.last { $0.key == key }?.value }

    func values(_ key: String) -> [String] { pairs.filter { $0.key == key }.map(\.value) }

    /// The field, refused when given more than once (an API parameter has one value).
    func single(_ key: String) throws(ServerError) -> String? {
        let all = values(key)
        if all.count > 1 { throw .badRequest("\(key): give it once, not \(all.count) times") }
        return all.first
    }

    /// The field, with surrounding spaces trimmed; nil when missing or blank.
    func text(_ key: String) -> String? {
        guard let v = self[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
        return v
    }

    func required(_ key: String) throws(ServerError) -> String {
        guard let v = text(key) else { throw .badRequest("\(key): this field is required") }
        return v
    }

    static func decode(_ text: Substring) throws(ServerError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var i = text.utf8.startIndex
        let utf8 = text.utf8
        while i < utf8.endIndex {
            let b = utf8[i]
            if b == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if b == UInt8(ascii: "%") {
                let h = utf8.index(after: i)
                guard h < utf8.endIndex, utf8.index(after: h) < utf8.endIndex, let hi = hex(utf8[h]), let lo = hex(utf8[utf8.index(after: h)]) else {
                    throw .badRequest("a malformed %-escape in the request")
                }
                bytes.append(hi << 4 | lo)
                i = utf8.index(after: h)
            } else {
                bytes.append(b)
            }
            i = utf8.index(after: i)
        }
        guard let s = String(validating: bytes, as: UTF8.self) else { throw .badRequest("the request is not UTF-8 text") }
        return s
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension Request {
    /// The path's segments, percent-decoded. A segment `.` or `..`, or one that decodes to
    /// something holding `/`, is refused: no request names a file by its path.
    func segments() throws(ServerError) -> [String] {
        let raw = uri.path.split(separator: "/", omittingEmptySubsequences: true)
        var out: [String] = []
        for s in raw {
            let decoded = try Fields.decode(Substring(s.replacingOccurrences(of: "+", with: "%2B")))
            if decoded == "." || decoded == ".." || decoded.contains("/") || decoded.contains("\\") {
                throw ServerError(.notFound, "no such page: paths may not climb out of the accounts' folder")
            }
            out.append(decoded)
        }
        return out
    }

    func query() throws(ServerError) -> Fields {
        guard let q = uri.query else { return Fields() }
        return try Fields(form: Substring(q))
    }

    func cookie(_ name: String) -> String? {
        for field in headers[values: .cookie] {
            for part in field.split(separator: ";") {
                let kv = part.split(separator: "=", maxSplits: 1)
                if kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces) == name { return String(kv[1]).trimmingCharacters(in: .whitespaces) }
            }
        }
        return nil
    }
}

extension HTTPField.Name {
    static let csrfToken = known("X-CSRF-Token")
    static let frameOptions = known("X-Frame-Options")
    static let referrerPolicy = known("Referrer-Policy")

    /// A header name written here, which is valid (letters and dashes).
    static func known(_ name: String) -> HTTPField.Name {
        guard let n = HTTPField.Name(name) else { preconditionFailure("'\(name)' is not a header name") }
        return n
    }
}

/// Responses, each with the headers that keep a page to itself: no framing, no sniffing,
/// scripts and styles from this server only, nothing cached.
enum Reply {
    static func headers(_ contentType: String) -> HTTPFields {
        var h = HTTPFields()
        h[.contentType] = contentType
        h[.contentSecurityPolicy] =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        h[.xContentTypeOptions] = "nosniff"
        h[.frameOptions] = "DENY"
        h[.referrerPolicy] = "no-referrer"
        h[.cacheControl] = "no-store"
        return h
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: headers("text/html; charset=utf-8"), body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: headers("application/json; charset=utf-8"), body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    static func text(_ text: String, type: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: headers(type), body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String, cookie: String? = nil) -> Response {
        var h = headers("text/plain; charset=utf-8")
        h[.location] = location
        if let cookie { h[.setCookie] = cookie }
        return Response(status: .seeOther, headers: h, body: .init(byteBuffer: ByteBuffer(string: "see \(location)\n")))
    }
}

/// Runs blocking library work (reading files, analyses, locked edits) off the server's
/// event loops.
func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}

/// Compares two secrets in time that does not depend on where they differ.
func sameSecret(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var d: UInt8 = 0
    for i in 0..<x.count { d |= x[i] ^ y[i] }
    return d == 0
}

/// 32 random hex digits.
func randomSecret() -> String {
    var g = SystemRandomNumberGenerator()
    return (0..<4).map { _ in String(format: "%08x", UInt32.random(in: .min ... .max, using: &g)) }.joined()
}
