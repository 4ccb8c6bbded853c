/// Synthetic organisations for demos, tests and benchmarks.
///
/// The same parameters always give the same account. The organisation has a realistic
/// shape: a chief executive, one executive per unit, directors, managers and staff with
/// spans of 3 to 10, units with home sites, a few dotted lines, a few dozen buying-role
/// holders with stances and criteria, influence links biased toward the same unit, our
/// team (account manager, executive sponsor, delivery director, consultants on site) and
/// its relationships, dated relative to `asOf`. French names, accents included.
public struct OrganisationGenerator: Sendable {
    public enum Sector: String, Sendable, CaseIterable {
        case banking, insurance, retail, industry
    }

    public var people: Int
    public var seed: UInt64
    public var sector: Sector
    public var asOf: Day
    public var name: String?

    public init(people: Int, seed: UInt64, sector: Sector = .banking, asOf: Day, name: String? = nil) {
        self.people = people
        self.seed = seed
        self.sector = sector
        self.asOf = asOf
        self.name = name
    }

    /// The generated account and which of its parts an HR directory export would hold.
    public struct Output: Sendable {
        public var account: Account
        /// The people as the HR directory knows them (no roles, stance, power, criteria or notes).
        public var directoryPeople: [Person]
        /// The bulk influence links (mined from e-mail or meeting data).
        public var directoryLinks: [Link]
    }

    public func generate() -> Output {
        var rng = SeededGenerator(seed: seed &* 0x2545_F491_4F6C_DD1D &+ UInt64(people))
        let units = Self.units[sector] ?? Self.units[.banking] ?? []
        let sites = Self.sites
        let n = max(1, people)

        // 1. The hierarchy, breadth first.
        var parent = [Int](repeating: -1, count: n)
        var depth = [Int](repeating: 0, count: n)
        var unitOf = [Int](repeating: 0, count: n)
        var children = [[Int]](repeating: [], count: n)
        var count = 1
        var queue = [0]
        var head = 0
        while head < queue.count && count < n {
            let m = queue[head]
            head += 1
            let d = depth[m]
            let pending = queue.count - head
            let managerChance: Double = d <= 2 ? 1 : d == 3 ? 0.9 : d == 4 ? 0.35 : 0.15
            let needMore = pending * 4 < n - count
            guard d == 0 || rng.chance(managerChance) || needMore else { continue }
            let span: Int
            switch d {
            case 0: span = min(units.count - 1, max(3, n / 10))
            case 1: span = n < 300 ? rng.int(2...4) : rng.int(3...7)
            case 2: span = n < 300 ? rng.int(2...5) : rng.int(3...8)
            default: span = rng.int(4...10)
            }
            for k in 0..<span where count < n {
                let c = count
                count += 1
                parent[c] = m
                depth[c] = d + 1
                unitOf[c] = d == 0 ? k + 1 : unitOf[m]
                children[m].append(c)
                queue.append(c)
            }
        }

        // 2. Names, ids, titles, levels, sites.
        var usedIds: [String: Int] = [:]
        var list: [Person] = []
        list.reserveCapacity(n)
        let unitSite = units.indices.map { i in i == 0 ? sites[0] : sites[(i * 3 + Int(seed % 7)) % sites.count] }
        for i in 0..<n {
            let female = rng.chance(0.5)
            let first = rng.pick(female ? Self.femaleNames : Self.maleNames)
            let last = rng.pick(Self.lastNames)
            var id = Self.asciiId(first) + "." + Self.asciiId(last)
            if let k = usedIds[id] { usedIds[id] = k + 1; id += String(k + 1) } else { usedIds[id] = 1 }
            let unit = units[unitOf[i]]
            let level: Level = depth[i] <= 1 ? .executive : depth[i] == 2 ? .director : children[i].isEmpty ? .staff : .manager
            let title = Self.title(level: level, unit: unit, unitIndex: unitOf[i], female: female, depth: depth[i], rng: &rng)
            let site = rng.chance(0.85) ? unitSite[unitOf[i]] : rng.pick(sites)
            list.append(
                Person(
                    id: id, name: "\(first) \(last)", title: title, unit: unit, site: site, level: level,
                    email: "\(id)@\(Self.domain(sector))"))
        }
        for i in 1..<max(1, n) where parent[i] >= 0 { list[i].reportsTo = list[parent[i]].id }

        // Dotted lines: some directors and managers also answer to another unit's head.
        let executives = (0..<n).filter { depth[$0] == 1 }
        for i in 0..<n where (list[i].level == .director || list[i].level == .manager) && rng.chance(0.04) && executives.count > 1 {
            let other = rng.pick(executives)
            if unitOf[other] != unitOf[i] && list[other].id != list[i].reportsTo { list[i].dotted = [list[other].id] }
        }
        let directory = list

        // 3. What the team knows: roles, stance, power, criteria.
        func inUnit(_ name: String) -> [Int] {
            guard let u = units.firstIndex(of: name) else { return [] }
            return (0..<n).filter { unitOf[$0] == u }
        }
        let it = inUnit("DSI"), purchasing = inUnit("Achats"), legal = inUnit("Juridique"), top = inUnit("Direction Générale")
        let business = (0..<n).filter { ![0].contains(unitOf[$0]) && !it.contains($0) && !purchasing.contains($0) }
        let scale = n < 100 ? 1 : n < 1000 ? 2 : 3
        var roleHolders: [Int: Set<BuyingRole>] = [:]
        func give(_ role: BuyingRole, _ candidates: [Int], _ k: Int, level: Set<Level>? = nil) {
            let pool = candidates.filter { level?.contains(list[$0].level ?? .staff) ?? true }
            guard !pool.isEmpty else { return }
            for _ in 0..<k { roleHolders[rng.pick(pool), default: []].insert(role) }
        }
        let itHead = it.first { depth[$0] == 1 }
        if let itHead { roleHolders[itHead, default: []].insert(.economicBuyer) } else { give(.economicBuyer, executives, 1) }
        give(.sponsor, executives.filter { $0 != itHead }, 1)
        give(.decisionMaker, it, scale, level: [.director])
        give(.procurement, purchasing, 1 + scale / 2, level: [.executive, .director, .manager])
        give(.technicalEvaluator, it, 1 + scale, level: [.manager, .director])
        give(.user, business, 2 + scale, level: [.manager, .staff])
        give(.champion, it, 1, level: [.director, .manager])
        give(.coach, business, 1, level: [.director, .manager])
        give(.influencer, Array(0..<n), scale, level: [.director, .manager, .staff])
        give(.gatekeeper, top, 1, level: [.staff, .manager])
        give(.legal, legal, 1)
        for (i, roles) in roleHolders { list[i].roles = roles.sorted() }
        for i in 0..<n {
            let isHolder = !list[i].roles.isEmpty
            switch list[i].level {
            case .executive: list[i].power = i == 0 || rng.chance(0.6) ? .innerCircle : .politicalStructure
            case .director: list[i].power = rng.chance(0.5) ? .politicalStructure : .unknown
            default: list[i].power = isHolder && rng.chance(0.2) ? .politicalStructure : .unknown
            }
            if isHolder {
                if list[i].roles.contains(.champion) || list[i].roles.contains(.coach) {
                    list[i].stance = rng.chance(0.5) ? .mentor : .supporter
                } else {
                    list[i].stance = rng.pick([.supporter, .neutral, .neutral, .nonSupporter, .unknown])
                }
                var crit: Set<Criterion> = [rng.pick(Criterion.allCases)]
                if rng.chance(0.5) { crit.insert(rng.pick(Criterion.allCases)) }
                list[i].criteria = crit.sorted()
            }
        }
        // An enemy in the inner circle, as every large account has.
        if let enemy = executives.first(where: { $0 != itHead && list[$0].power == .innerCircle }) {
            list[enemy].stance = .enemy
            list[enemy].notes = "Prefers the incumbent supplier; sceptical of offshore delivery."
        }
        // A hidden influencer: a staff member the executives listen to.
        if let hidden = it.first(where: { list[$0].level == .staff }) {
            list[hidden].power = .politicalStructure
            list[hidden].roles = Array(Set(list[hidden].roles + [.influencer])).sorted()
        }
        // A position whose holder we do not know yet.
        if n >= 20, let financeHead = inUnit("Finance").first(where: { depth[$0] == 1 }) {
            let id = "placeholder.controller"
            list.append(
                Person(
                    id: id, name: "(unknown) Contrôleur de gestion", title: "Contrôleur de gestion", unit: "Finance",
                    site: list[financeHead].site, level: .director, reportsTo: list[financeHead].id,
                    roles: [.sponsor], power: .politicalStructure, placeholder: true))
        }
        // Someone who has left (kept for history).
        if n >= 10, let leaver = (1..<n).last(where: { children[$0].isEmpty && list[$0].roles.isEmpty }) {
            list[leaver].left = asOf.adding(days: -rng.int(20...120))
        }

        // 4. Influence and conflict links.
        var links: [Link] = []
        var seenPairs = Set<Int>()
        let unitMembers: [[Int]] = units.indices.map { u in (0..<n).filter { unitOf[$0] == u } }
        let linkCount = n >= 1000 ? 3 * n : max(1, n * 3 / 5)
        var attempts = 0
        while links.count < linkCount && attempts < linkCount * 4 && n > 1 {
            attempts += 1
            let a = rng.int(0...(n - 1))
            let members = unitMembers[unitOf[a]]
            let b = rng.chance(0.7) && members.count > 1 ? rng.pick(members) : rng.int(0...(n - 1))
            guard a != b, seenPairs.insert(a * n + b).inserted else { continue }
            let s = Double(rng.int(20...90)) / 100
            links.append(Link(from: list[a].id, to: list[b].id, type: .influence, strength: s))
        }
        let bulkLinks = links
        var curatedLinks: [Link] = []
        let seniors = (0..<n).filter { depth[$0] >= 1 && depth[$0] <= 2 }
        for _ in 0..<min(20, 1 + n / 200) where seniors.count > 1 {
            let a = rng.pick(seniors), b = rng.pick(seniors)
            guard a != b, unitOf[a] != unitOf[b], seenPairs.insert(a * n + b).inserted else { continue }
            curatedLinks.append(Link(from: list[a].id, to: list[b].id, type: .conflict))
        }
        let holders = roleHolders.keys.sorted()
        for h in holders.prefix(6) {
            let b = rng.pick(holders)
            guard h != b, seenPairs.insert(h * n + b).inserted else { continue }
            curatedLinks.append(
                Link(
                    from: list[h].id, to: list[b].id, type: .influence, strength: Double(rng.int(40...90)) / 100,
                    notes: "Worked together on the previous programme."))
        }

        // 5. Our team and its relationships.
        let teamSize = max(6, min(50, n / 2000 + 4))
        var team: [TeamMember] = [
            TeamMember(id: "our.am", name: "Alice Martin", title: "Key account manager", level: .director, capacity: 4),
            TeamMember(id: "our.ceo", name: "Paul Renaud", title: "Chief executive", level: .executive, capacity: 3),
            TeamMember(id: "our.delivery", name: "Sophie Bertin", title: "Delivery director", level: .director, capacity: 2),
        ]
        for k in team.count..<teamSize {
            let first = rng.pick(rng.chance(0.5) ? Self.femaleNames : Self.maleNames)
            let last = rng.pick(Self.lastNames)
            team.append(
                TeamMember(
                    id: "our.c\(k - 2)", name: "\(first) \(last)", title: k % 5 == 0 ? "Engagement manager" : "Consultant on site",
                    level: k % 5 == 0 ? .manager : .staff))
        }
        let relCount = max(3 * teamSize, min(2000, n / 50))
        var relationships: [Relationship] = []
        var relPairs = Set<String>()
        func relate(_ t: Int, _ p: Int) {
            guard p < n, list[p].isActive(), relPairs.insert("\(t)/\(p)").inserted else { return }
            let undated = rng.chance(0.05)
            let age = rng.chance(0.25) ? rng.int(120...500) : rng.int(3...80)
            relationships.append(
                Relationship(
                    ours: team[t].id, theirs: list[p].id,
                    level: rng.pick(RelationshipLevel.allCases),
                    lastContact: undated ? nil : asOf.adding(days: -age)))
        }
        relate(1, 0)
        if let sponsor = holders.first(where: { list[$0].roles.contains(.sponsor) }) { relate(1, sponsor) }
        for p in holders.prefix(4) { relate(0, p) }
        let technical = it.filter { list[$0].level == .manager || list[$0].level == .staff }
        var guardCount = 0
        while relationships.count < relCount && guardCount < relCount * 10 {
            guardCount += 1
            let t = rng.int(0...(teamSize - 1))
            let p: Int
            if t >= 3, !technical.isEmpty, rng.chance(0.7) {
                p = rng.pick(technical)
            } else if rng.chance(0.3), !holders.isEmpty {
                p = rng.pick(holders)
            } else {
                p = rng.int(0...(n - 1))
            }
            relate(t, p)
        }

        // 6. Opportunities and a few logged interactions.
        func holdersOf(_ r: BuyingRole) -> [String] { holders.filter { list[$0].roles.contains(r) }.map { list[$0].id } }
        var opportunities = [
            Opportunity(
                id: "tma-2027", name: "TMA applicative 2027", stage: "qualification",
                close: asOf.adding(days: 150), amount: 1_200_000,
                roles: [
                    .economicBuyer: Array(holdersOf(.economicBuyer).prefix(1)),
                    .technicalEvaluator: Array(holdersOf(.technicalEvaluator).prefix(2)),
                    .procurement: Array(holdersOf(.procurement).prefix(1)),
                ].filter { !$0.value.isEmpty })
        ]
        if n >= 50 {
            opportunities.append(
                Opportunity(
                    id: "cloud-migration", name: "Migration cloud", stage: "proposal",
                    close: asOf.adding(days: 60), amount: 450_000,
                    roles: [
                        .decisionMaker: Array(holdersOf(.decisionMaker).prefix(1)),
                        .champion: holdersOf(.champion),
                    ].filter { !$0.value.isEmpty }))
        }
        var interactions: [Interaction] = []
        for r in relationships.prefix(max(3, relationships.count / 4)) {
            guard let d = r.lastContact else { continue }
            interactions.append(
                Interaction(
                    date: d, ours: r.ours, theirs: r.theirs,
                    kind: rng.pick([.meeting, .call, .lunch, .visit]), note: nil))
        }
        interactions.sort { ($0.date, $0.ours, $0.theirs) < ($1.date, $1.ours, $1.theirs) }

        let accountName = name ?? Self.defaultName[sector] ?? "Compte Démo"
        let info = AccountInfo(
            name: accountName, sector: sector.rawValue,
            referencing: Referencing(status: .shortlisted, renewal: asOf.adding(days: rng.int(60...400))),
            owner: "our.am")
        let account = Account(
            info: info, team: team, people: list, links: bulkLinks + curatedLinks,
            relationships: relationships, opportunities: opportunities, interactions: interactions)
        return Output(account: account, directoryPeople: directory, directoryLinks: bulkLinks)
    }

    // MARK: Vocabulary

    static let defaultName: [Sector: String] = [
        .banking: "Banque Démo", .insurance: "Assurances Démo", .retail: "Enseigne Démo", .industry: "Industrie Démo",
    ]

    static let units: [Sector: [String]] = [
        .banking: [
            "Direction Générale", "DSI", "Finance", "Risques", "Conformité", "Achats", "Banque de détail",
            "Banque de financement", "Ressources humaines", "Juridique", "Opérations",
        ],
        .insurance: [
            "Direction Générale", "DSI", "Finance", "Actuariat", "Indemnisation", "Souscription", "Achats",
            "Distribution", "Ressources humaines", "Juridique",
        ],
        .retail: [
            "Direction Générale", "DSI", "Finance", "Achats", "Supply chain", "Magasins", "E-commerce",
            "Marketing", "Ressources humaines", "Juridique",
        ],
        .industry: [
            "Direction Générale", "DSI", "Finance", "Achats", "Production", "R&D", "Qualité", "Ventes",
            "Ressources humaines", "Juridique",
        ],
    ]

    static let sites = [
        "Paris La Défense", "Lyon Part-Dieu", "Lille Euralille", "Nantes", "Bordeaux", "Toulouse",
        "Marseille", "Strasbourg",
    ]

    static let femaleNames = [
        "Hélène", "Chloé", "Zoé", "Léa", "Cécile", "Maëlle", "Anaïs", "Élodie", "Mélanie", "Agnès",
        "Inès", "Géraldine", "Valérie", "Claire", "Sophie", "Camille", "Julie", "Nathalie", "Isabelle",
        "Émilie", "Céline", "Aurélie", "Laure", "Béatrice", "Noémie", "Manon", "Sandrine", "Françoise",
        "Marion", "Pauline",
    ]
    static let maleNames = [
        "François", "Jérôme", "Benoît", "Gaël", "Clément", "Frédéric", "Jérémie", "Stéphane", "Théo",
        "Loïc", "Raphaël", "Aurélien", "Sébastien", "Hervé", "Joël", "Rémi", "Thomas", "Nicolas",
        "Julien", "Olivier", "Laurent", "Pierre", "Antoine", "Mathieu", "Éric", "Noël", "Hugo",
        "Cédric", "Xavier", "Grégoire",
    ]
    static let lastNames = [
        "Dubois", "Lefèvre", "Morel", "Bernard", "Thomas", "Petit", "Durand", "Leroy", "Moreau",
        "Simon", "Laurent", "Michel", "Garcia", "Roux", "Fournier", "Girard", "Bonnet", "Dupont",
        "Lambert", "Fontaine", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Perrin", "Morin",
        "Gauthier", "Chevalier", "Masson", "Gérard", "Nguyen", "Lemaire", "Duval", "Joly", "Roche",
        "Meunier", "Marchand", "Dufour", "Brunet", "Leclerc", "Vidal", "Lemoine", "Lacroix",
        "Rivière", "Le Gall", "Prévost", "Carré", "Lévêque", "Bréchet", "Hébert", "Bénard",
        "Dumézil", "Château", "Crémieux", "Lefèbvre", "Da Silva", "N'Diaye", "Ménard", "Faure",
    ]

    static func domain(_ s: Sector) -> String {
        switch s {
        case .banking: "banque-demo.example"
        case .insurance: "assurances-demo.example"
        case .retail: "enseigne-demo.example"
        case .industry: "industrie-demo.example"
        }
    }

    static func title(level: Level, unit: String, unitIndex: Int, female: Bool, depth: Int, rng: inout SeededGenerator) -> String {
        let d = female ? "Directrice" : "Directeur"
        if depth == 0 { return female ? "Directrice générale" : "Directeur général" }
        switch level {
        case .executive:
            switch unit {
            case "DSI": return "DSI"
            case "Finance": return female ? "Directrice financière" : "Directeur financier"
            case "Achats": return "\(d) des achats"
            case "Ressources humaines": return "DRH"
            case "Juridique": return "\(d) juridique"
            default: return "\(d) \(unit)"
            }
        case .director:
            let areas = Self.areas[unit] ?? ["Projets", "Pilotage", "Performance"]
            return "\(d) \(rng.pick(areas))"
        case .manager:
            return "Responsable \(rng.pick(Self.areas[unit] ?? ["équipe"]).lowercased())"
        case .staff:
            return rng.pick(Self.staffTitles[unit] ?? ["Chargé d'études", "Analyste", "Chef de projet", "Assistante de direction"])
        }
    }

    static let areas: [String: [String]] = [
        "DSI": ["Architecture", "Infrastructures", "Études", "Production", "Sécurité", "Data", "Digital"],
        "Achats": ["Achats IT", "Achats prestations", "Référencement fournisseurs"],
        "Finance": ["Contrôle de gestion", "Comptabilité", "Trésorerie"],
        "Juridique": ["Contrats", "Conformité contractuelle"],
    ]
    static let staffTitles: [String: [String]] = [
        "DSI": ["Architecte", "Ingénieur système", "Chef de projet", "Développeur", "Product owner", "Analyste sécurité"],
        "Achats": ["Acheteur IT", "Acheteuse prestations", "Analyste achats"],
        "Juridique": ["Juriste", "Juriste contrats"],
        "Direction Générale": ["Assistante de direction", "Chargé de mission", "Chef de cabinet"],
    ]

    /// Lower-case ASCII for an id: accents dropped, spaces and apostrophes removed.
    static func asciiId(_ s: String) -> String {
        var out = ""
        for ch in s.lowercased().decomposedASCII() where ch.isLetter || ch == "-" { out.append(ch) }
        return out
    }
}

extension String {
    /// Drops combining marks after canonical decomposition (é → e, œ → oe).
    func decomposedASCII() -> String {
        var out = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "œ": out += "oe"
            case "æ": out += "ae"
            case "ß": out += "ss"
            default:
                let base = Self.foldTable[scalar] ?? scalar
                if base.isASCII { out.unicodeScalars.append(base) }
            }
        }
        return out
    }

    private static let foldTable: [Unicode.Scalar: Unicode.Scalar] = {
        let pairs: [(String, Unicode.Scalar)] = [
            ("àâäáã", "a"), ("çć", "c"), ("éèêë", "e"), ("îïíì", "i"),
            ("ôöóò", "o"), ("ùûüú", "u"), ("ÿý", "y"), ("ñ", "n"),
        ]
        var t: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (chars, base) in pairs { for c in chars.unicodeScalars { t[c] = base } }
        return t
    }()
}
