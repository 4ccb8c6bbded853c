import Testing
@testable import StakemapCore

/// Core's messages say what to do in words; what Stakemap offers for it is typed
/// (`NextStep`, `EditError.parameter`), for each front end to name its own way.
@Suite struct MessageTests {
    /// No message of Core names a command-line option or command.
    func inWords(_ text: String) -> Bool { !text.contains("--") && !text.contains("stakemap ") }

    @Test func gapActionsAreWordsWithTheirNextStepTyped() throws {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<20 {
            var account = randomAccount(&rng, people: rng.int(5...12), team: 2)
            account.relationships.append(Relationship(ours: "t0", theirs: "p0", strength: 0.5))  // undated
            account.relationships.append(Relationship(ours: "t1", theirs: "p1", strength: 0.5, lastContact: day.adding(days: -200)))
            for g in try analyse(account).gaps() {
                #expect(inWords(g.action) && inWords(g.reason), "\(g)")
                if g.kind == .stale || (g.kind == .dataQuality && g.reason.contains("last-contact")) {
                    guard case .relationship(let ours, let theirs) = g.subject else {
                        Issue.record("a relationship's gap is about \(g.subject)")
                        continue
                    }
                    #expect(g.nextStep == .logContact(ours: ours, theirs: theirs))
                }
                if g.kind == .levelMismatch { #expect(g.nextStep == .planVisits) }
            }
        }
        let stale = try #require(try analyse(smallAccount(contact: day.adding(days: -91))).gaps().first { $0.kind == .stale })
        #expect(stale.action == "get back in touch and record the contact")
        #expect(stale.nextStep == .logContact(ours: "t", theirs: "cfo"))
    }

    @Test func editErrorsNameTheParameterAndTheEditMeantInstead() throws {
        var account = smallAccount()
        #expect(throws: EditError("'cfo' is one of their people; name the colleague of ours in contact", parameter: "ours")) {
            try account.log(ours: "cfo", theirs: "ceo", date: day, kind: nil, note: nil)
        }
        #expect(throws: EditError("'t' is one of our team; name the person of theirs in contact", parameter: "theirs")) {
            try account.log(ours: "t", theirs: "t", date: day, kind: nil, note: nil)
        }
        #expect(EditError("x", parameter: "ours").description == "ours: x")
        do { _ = try account.forget("t") } catch {
            #expect(error.nextSteps == [.removeMember("t")])
            #expect(inWords(error.message))
        }
        do { _ = try account.removePerson("cfo") } catch {
            #expect(error.nextSteps == [.markLeft("cfo"), .forget("cfo")])
            #expect(inWords(error.message) && error.message.contains("record the day they left"))
        }
    }

    @Test func visitingColleaguesSayWhomToName() throws {
        let a = try analyse(smallAccount())
        #expect(throws: AnalysisError("'cfo' is one of their people, not one of our team; name one of our colleagues")) {
            try a.visitingColleagues(["cfo"])
        }
    }
}
