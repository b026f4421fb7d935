/// The words a synthetic ledger is written with: real place and network names (with their
/// accents and scripts, so non-ASCII text is on the hot path as in a real record), and the
/// sources, notes and titles a climate office would write.
enum Vocabulary {
    struct Place {
        let slug: String
        let name: String
        let country: String
        let kind: String
    }

    /// `slug|Name|CC|kind` — kind c(ity), r(egion), m(etropolis), o(rganisation).
    private static let placeLines = """
    paris|Paris|FR|c
    montreal|Montréal|CA|c
    bogota|Bogotá|CO|c
    sao-paulo|São Paulo|BR|c
    ile-de-france|Île-de-France|FR|r
    tokyo|東京|JP|c
    zurich|Zürich|CH|c
    krakow|Kraków|PL|c
    gdansk|Gdańsk|PL|c
    malmo|Malmö|SE|c
    dusseldorf|Düsseldorf|DE|c
    munchen|München|DE|c
    koln|Köln|DE|c
    goteborg|Göteborg|SE|c
    aarhus|Århus|DK|c
    reykjavik|Reykjavík|IS|c
    lodz|Łódź|PL|c
    ciudad-de-mexico|Ciudad de México|MX|c
    medellin|Medellín|CO|c
    curitiba|Curitiba|BR|c
    belem|Belém|BR|c
    quebec|Québec|CA|c
    geneve|Genève|CH|c
    besancon|Besançon|FR|c
    nimes|Nîmes|FR|c
    orleans|Orléans|FR|c
    saint-etienne|Saint-Étienne|FR|c
    cordoba|Córdoba|AR|c
    malaga|Málaga|ES|c
    a-coruna|A Coruña|ES|c
    lisboa|Lisboa|PT|c
    porto|Porto|PT|c
    istanbul|İstanbul|TR|c
    athina|Αθήνα|GR|c
    kyiv|Київ|UA|c
    seoul|서울|KR|c
    beijing|北京|CN|c
    shanghai|上海|CN|c
    osaka|大阪|JP|c
    mumbai|मुंबई|IN|c
    delhi|Delhi|IN|c
    lagos|Lagos|NG|c
    nairobi|Nairobi|KE|c
    accra|Accra|GH|c
    dakar|Dakar|SN|c
    abidjan|Abidjan|CI|c
    kigali|Kigali|RW|c
    cape-town|Cape Town|ZA|c
    ethekwini|Durban (eThekwini)|ZA|m
    quito|Quito|EC|c
    lima|Lima|PE|c
    santiago|Santiago de Chile|CL|c
    buenos-aires|Buenos Aires|AR|c
    montevideo|Montevideo|UY|c
    asuncion|Asunción|PY|c
    la-paz|La Paz|BO|c
    san-jose|San José|CR|c
    panama|Panamá|PA|c
    merida|Mérida|MX|c
    jakarta|Jakarta|ID|c
    ha-noi|Hà Nội|VN|c
    ho-chi-minh|Thành phố Hồ Chí Minh|VN|c
    bangkok|กรุงเทพมหานคร (Bangkok)|TH|c
    manila|Manila|PH|c
    sydney|Sydney|AU|c
    melbourne|Melbourne|AU|c
    auckland|Auckland / Tāmaki Makaurau|NZ|c
    toronto|Toronto|CA|c
    vancouver|Vancouver|CA|c
    new-york|New York City|US|c
    los-angeles|Los Angeles|US|c
    chicago|Chicago|US|c
    boston|Boston|US|c
    seattle|Seattle|US|c
    kobenhavn|København|DK|c
    oslo|Oslo|NO|c
    helsinki|Helsinki|FI|c
    tallinn|Tallinn|EE|c
    riga|Rīga|LV|c
    vilnius|Vilnius|LT|c
    wroclaw|Wrocław|PL|c
    praha|Praha|CZ|c
    brno|Brno|CZ|c
    bratislava|Bratislava|SK|c
    wien|Wien|AT|c
    graz|Graz|AT|c
    ljubljana|Ljubljana|SI|c
    zagreb|Zagreb|HR|c
    beograd|Beograd|RS|c
    bucuresti|București|RO|c
    cluj-napoca|Cluj-Napoca|RO|c
    sofia|София|BG|c
    thessaloniki|Θεσσαλονίκη|GR|c
    valletta|Valletta|MT|c
    dublin|Dublin / Baile Átha Cliath|IE|c
    cork|Cork|IE|c
    edinburgh|Edinburgh|GB|c
    glasgow|Glasgow|GB|c
    bristol|Bristol|GB|c
    amsterdam|Amsterdam|NL|c
    rotterdam|Rotterdam|NL|c
    utrecht|Utrecht|NL|c
    bruxelles|Bruxelles / Brussel|BE|c
    gent|Gent|BE|c
    luxembourg|Lëtzebuerg|LU|c
    lyon|Lyon|FR|c
    marseille|Marseille|FR|c
    bordeaux|Bordeaux|FR|c
    grenoble|Grenoble|FR|c
    strasbourg|Strasbourg|FR|c
    lille|Lille|FR|c
    nantes|Nantes|FR|c
    rennes|Rennes|FR|c
    toulouse|Toulouse|FR|c
    barcelona|Barcelona|ES|c
    madrid|Madrid|ES|c
    valencia|València|ES|c
    sevilla|Sevilla|ES|c
    bilbao|Bilbao|ES|c
    torino|Torino|IT|c
    milano|Milano|IT|c
    bologna|Bologna|IT|c
    firenze|Firenze|IT|c
    napoli|Napoli|IT|c
    roma|Roma|IT|c
    freiburg|Freiburg im Breisgau|DE|c
    heidelberg|Heidelberg|DE|c
    frankfurt|Frankfurt am Main|DE|c
    hannover|Hannover|DE|c
    nurnberg|Nürnberg|DE|c
    leipzig|Leipzig|DE|c
    basel|Basel|CH|c
    lausanne|Lausanne|CH|c
    bern|Bern|CH|c
    tel-aviv|Tel Aviv-Yafo|IL|c
    amman|عمّان (Amman)|JO|c
    dubai|Dubai|AE|c
    casablanca|Casablanca|MA|c
    tunis|Tunis|TN|c
    addis-ababa|Addis Ababa|ET|c
    dar-es-salaam|Dar es Salaam|TZ|c
    kampala|Kampala|UG|c
    johannesburg|Johannesburg|ZA|c
    kinshasa|Kinshasa|CD|c
    lome|Lomé|TG|c
    ouagadougou|Ouagadougou|BF|c
    bamako|Bamako|ML|c
    karachi|Karachi|PK|c
    dhaka|ঢাকা (Dhaka)|BD|c
    kathmandu|Kathmandu|NP|c
    colombo|Colombo|LK|c
    chennai|Chennai|IN|c
    kolkata|Kolkata|IN|c
    pune|Pune|IN|c
    singapore|Singapore|SG|c
    kuala-lumpur|Kuala Lumpur|MY|c
    taipei|臺北 Taipei|TW|c
    hong-kong|香港 Hong Kong|HK|c
    ulaanbaatar|Улаанбаатар|MN|c
    almaty|Almaty|KZ|c
    tbilisi|თბილისი (Tbilisi)|GE|c
    yerevan|Երևան (Yerevan)|AM|c
    catalunya|Catalunya|ES|r
    baden-wurttemberg|Baden-Württemberg|DE|r
    quebec-province|Québec (province)|CA|r
    california|California|US|r
    scotland|Scotland / Alba|GB|r
    wallonie|Wallonie|BE|r
    lombardia|Lombardia|IT|r
    auvergne-rhone-alpes|Auvergne-Rhône-Alpes|FR|r
    nordrhein-westfalen|Nordrhein-Westfalen|DE|r
    sao-paulo-state|Estado de São Paulo|BR|r
    jalisco|Jalisco|MX|r
    occitanie|Occitanie|FR|r
    euskadi|Euskadi / País Vasco|ES|r
    andalucia|Andalucía|ES|r
    grand-paris|Métropole du Grand Paris|FR|m
    greater-manchester|Greater Manchester|GB|m
    amb-barcelona|Àrea Metropolitana de Barcelona|ES|m
    metropole-lyon|Métropole de Lyon|FR|m
    bruxelles-capitale|Région de Bruxelles-Capitale|BE|m
    gran-santiago|Gran Santiago|CL|m
    grande-porto|Área Metropolitana do Porto|PT|m
    agence-climat-paris|Agence Parisienne du Climat|FR|o
    klimabuendnis-at|Klimabündnis Österreich|AT|o
    fundacion-ciudad|Fundación Ciudad Sostenible|ES|o
    energieagentur-zurich|Energieagentur Zürich|CH|o
    """

    static let places: [Place] = placeLines.split(separator: "\n").map { line in
        let parts = line.trimmingSpaces().split(separator: "|").map(String.init)
        let kind = ["c": "city", "r": "region", "m": "metropolis", "o": "organisation"][parts[3]]!
        return Place(slug: parts[0], name: parts[1], country: parts[2], kind: kind)
    }

    struct NetworkName {
        let slug: String
        let name: String
        let scope: String?
        let managedBy: String?
        let url: String?
    }

    /// `slug|Name|scope|managed by|url` (empty fields are absent).
    private static let networkLines = """
    c40|C40 Cities Climate Leadership Group|Global||https://www.c40.org
    covenant-of-mayors|Covenant of Mayors — Convention des Maires|Europe|European Commission|https://eu-mayors.ec.europa.eu
    iclei|ICLEI – Local Governments for Sustainability|Global||https://iclei.org
    energy-cities|Energy Cities (formerly Énergie-Cités)|Europe||
    eurocities|EUROCITIES|Europe||https://eurocities.eu
    compact-of-mayors|Compact of Mayors|Global|UN-Habitat, ICLEI, C40, UCLG|
    global-covenant|Global Covenant of Mayors for Climate & Energy|Global||https://www.globalcovenantofmayors.org
    resilient-cities|100 Resilient Cities|Global|Rockefeller Foundation|
    mexico-city-pact|Pacto Climático Global de Ciudades (Pacto de la Ciudad de México)|Global|Ciudad de México|
    climate-alliance|Klima-Bündnis / Climate Alliance|Europe||https://www.climatealliance.org
    under2|Under2 Coalition|Global|The Climate Group|
    race-to-zero|Cities Race to Zero|Global|UNFCCC Climate Champions|
    race-to-resilience|Cities Race to Resilience|Global||
    club-vitecc|Club ViTECC (Villes, Territoires, Énergie et Changement Climatique)|France|I4CE|
    metropolis|Metropolis — World Association of the Major Metropolises|Global||
    uclg|Cités et Gouvernements Locaux Unis (CGLU)|Global||
    carbonn|carbonn Climate Registry|Global|ICLEI|
    cdp-cities|CDP Cities|Global|CDP|https://www.cdp.net
    mission-cities|EU Mission: 100 Climate-Neutral and Smart Cities|Europe|European Commission|
    making-cities-resilient|Making Cities Resilient 2030|Global|UNDRR|
    tokyo-alliance|東京気候アライアンス|Japan||
    red-ciudades-clima|Red Española de Ciudades por el Clima|España|FEMP|
    staedtenetzwerk|Städtenetzwerk Klimaschutz|DACH||
    urban-transitions|Coalition for Urban Transitions|Global||
    mayors-challenge|Bloomberg Mayors Challenge|Global|Bloomberg Philanthropies|
    alianza-clima|Alianza del Clima — América Latina|Latin America||
    nordic-cities|Nordic Cities Climate Network (Norðurlönd)|Nordic||
    africa-covenant|Covenant of Mayors in Sub-Saharan Africa|Africa||
    """

    static let networkNames: [NetworkName] = networkLines.split(separator: "\n").map { line in
        let parts = line.trimmingSpaces().split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        func field(_ i: Int) -> String? { i < parts.count && !parts[i].isEmpty ? parts[i] : nil }
        return NetworkName(slug: parts[0], name: parts[1], scope: field(2), managedBy: field(3), url: field(4))
    }

    static let networkKinds = ["network", "pact", "platform", "programme"]

    /// Milestone slugs, in the order a commitment usually reaches them.
    static let milestones = ["inventory", "target", "plan", "risk-assessment", "strategy", "action-plan", "report",
                             "adaptation-plan", "monitoring-report"]

    static let badges = ["compliant", "Gold", "A-List", "Climate Leader", "Pionnier du climat", "Ciudad Líder",
                         "Vorreiter", "Full compliance ✓"]

    static let roles = ["megacity", "innovator", "observer", "founding member", "membre associé"]

    static let cohorts = ["2013 cohort", "2014 cohort", "2016 cohort", "première vague", "Cohorte 2019"]

    static let recorders = ["climate office", "Ville de Paris — Agence d’écologie urbaine", "secretariat",
                            "researcher@example.org", "import script v2", "Sekretariat Zürich"]

    static let activityTitles = [
        "Climate week workshop", "Atelier « Plan Climat »", "Study visit to Zürich", "東京 peer exchange",
        "Webinar: heat-health action plans", "Conférence des maires — Besançon", "Taller de adaptación en Bogotá",
        "Annual summit", "Peer review of the inventory", "Jornada técnica — Medellín",
        "Side event at COP21 (Le Bourget)", "Expert mission: flood resilience", "Klimaforum München",
    ]

    static let sources = [
        "Annual report", "Network secretariat letter", "City council resolution", "Press release",
        "Rapport d’activité", "Informe anual", "Jahresbericht", "https://example.org/records/",
        "Seed page « Paris participe activement à de nombreux réseaux internationaux »",
        "CDP disclosure", "Signed adhesion form", "Minutes of the steering committee",
    ]

    static let notes = [
        "Date from the ceremony photo caption.", "Confirmed by e-mail with the secretariat.",
        "Le document dit « au printemps ».", "Source says \"early 2014\"; recorded as the month.",
        "Path on the shared drive: S:\\Climat\\Réseaux\\2014", "Two documents disagree;\tthe later one kept.",
        "Fecha aproximada según el acta.", "Nachgetragen aus dem Archiv.", "東京都環境局の資料による。",
    ]

    static let correctionReasons = [
        "wrong source cited", "typo in the name", "the secretariat's list gives another date",
        "milestone misfiled", "badge renamed by the network", "policy applies to all members (errata)",
        "note clarified", "title as in the programme",
    ]

    static let retractionReasons = [
        "recorded twice", "event never took place", "belongs to another city", "unverifiable: no source found",
    ]

    static let policyTitles = ["Commitments", "Compliance framework", "Engagements 2020", "Deadline 2020",
                               "Common Reporting Framework", "Mission criteria", "Compromisos 2030"]
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
