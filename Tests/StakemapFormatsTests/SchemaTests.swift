import Foundation
import Testing
@testable import StakemapFormats

/// The shipped JSON Schema names exactly the keys the loader accepts.
@Suite struct SchemaTests {
    @Test func schemaKeysMatchTheLoader() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: packageRoot + "/schema/stakemap.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        func keys(_ o: Any?) -> Set<String> { Set(((o as? [String: Any])?["properties"] as? [String: Any])?.keys.map { $0 } ?? []) }
        func items(_ name: String) -> Any? { ((schema["properties"] as? [String: Any])?[name] as? [String: Any])?["items"] }
        let top = schema["properties"] as? [String: Any]
        #expect(keys(schema) == Set(Keys.top))
        #expect(keys(top?["account"]) == Set(Keys.account))
        #expect(keys(top?["settings"]) == Set(Keys.settings))
        #expect(keys(items("team")) == Set(Keys.team))
        #expect(keys(items("people")) == Set(Keys.person))
        #expect(keys(items("links")) == Set(Keys.link))
        #expect(keys(items("relationships")) == Set(Keys.relationship))
        #expect(keys(items("opportunities")) == Set(Keys.opportunity))
        #expect(keys(items("interactions")) == Set(Keys.interaction))
    }
}
