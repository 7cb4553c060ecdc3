/// Words the borough's places are made from. All fictional combinations.
enum PlaceData {
    static let boroughName = "London Borough of Eastbridge"
    static let town = "London"

    static let wardNames = [
        "Eastbridge Central", "Millfield", "Marshgate", "Fernhill", "Hollybush", "Ashgrove", "Kingsmead", "Ridgeway",
        "St Anne's", "Brookside", "Orchard Vale", "Copperfield", "Canal Side", "Windmill", "Beacon Hill", "Greenway",
        "Stonebridge Park", "Harrow Green", "Elmstead", "Riverside", "Northfield", "Lower Eastbridge", "Quarry Hill",
        "Cheyne Fields",
    ]

    /// Outward codes of one postcode area, in the order districts are allocated.
    static let districts = ["E4", "E10", "E11", "E17", "E18", "E5", "E9", "E15", "E7", "E12", "E13", "E6", "E8", "E3",
                            "E16", "E2", "E14", "E1"]

    /// Letters used in inward codes (Royal Mail never uses C, I, K, M, O or V there).
    static let inwardLetters = Array("ABDEFGHJLNPQRSTUWXYZ")

    static let streetWords = [
        "Elm", "Oak", "Ash", "Beech", "Birch", "Cedar", "Chestnut", "Hawthorn", "Holly", "Maple", "Willow", "Poplar",
        "Sycamore", "Laurel", "Hazel", "Rowan", "Linden", "Alder", "Church", "Chapel", "Station", "Mill", "Park",
        "Grove", "Manor", "Victoria", "Albert", "Queen's", "King's", "Princes", "Windsor", "Stanley", "Gladstone",
        "Palmerston", "Wellington", "Nelson", "Cromwell", "Milton", "Shakespeare", "Byron", "Shelley", "Tennyson",
        "Dickens", "Chaucer", "Wordsworth", "Keats", "Brunswick", "Cambridge", "Oxford", "Warwick", "York",
        "Lancaster", "Devon", "Cornwall", "Somerset", "Dorset", "Norfolk", "Suffolk", "Essex", "Kent", "Surrey",
        "Sussex", "Hampton", "Kingston", "Richmond", "Clarence", "Coburg", "Hanover", "Orchard", "Meadow", "Brook",
        "River", "Canal", "Marsh", "Forest", "Wood", "Hill", "Vale", "Ridge", "Lea", "Ferry", "Bridge", "Market",
        "Bakers", "Carpenters", "Weavers", "Tanners", "Brewery", "Railway", "Beacon", "Windmill", "Spring", "Well",
        "Fountain", "Abbey", "Priory", "Vicarage", "Rectory", "Parsonage", "School", "College", "St John's",
        "St Mary's", "St Peter's", "All Saints", "Trinity", "Belmont", "Belgrave", "Grosvenor", "Cavendish",
        "Portland", "Howard", "Russell", "Bedford", "Gordon", "Harcourt", "Melbourne", "Sydney", "Adelaide",
        "Carlton", "Clifton", "Chatsworth", "Hartington", "Lansdowne", "Leopold", "Osborne", "Sandringham",
        "Balmoral", "Hatherley", "Ravenscroft", "Addison", "Ainslie", "Beaumont", "Blenheim", "Brockley", "Buxton",
        "Caledonian", "Chester", "Coleridge", "Colville", "Cranbrook", "Denmark", "Eldon", "Fairfield", "Fernlea",
        "Frinton", "Glenthorne", "Greenleaf", "Hainault", "Harold", "Hermon", "Highcliffe", "Kenilworth", "Lynmouth",
        "Mayville", "Melford", "Newport", "Northcote", "Pretoria", "Queensland", "Ramsay", "Rosebery", "Rutland",
        "Somers", "Stainforth", "Sutherland", "Tavistock", "Thorpe", "Tower", "Vernon", "Walpole", "Westbury",
        "Whitney", "Winchester", "Woodville", "Alexandra", "Arlington", "Ashford", "Barclay", "Beresford",
        "Boundary", "Bramble", "Burgess", "Carisbrooke", "Chalgrove", "Cheltenham", "Clayton", "Copeland",
        "Coppermill", "Corbett", "Cowley", "Dawlish", "Dunedin", "Ebury", "Elmcroft", "Esmond", "Exeter", "Falmouth",
        "Farnborough", "Forest View", "Gainsborough", "Garnet", "Glebe", "Grange", "Hamilton", "Harcombe",
        "Hazelwood", "Hillcrest", "Hollies", "Inglewood", "Ivy", "Jubilee", "Kimberley", "Lambourne", "Langley",
        "Leyburn", "Lime", "Livingstone", "Lorne", "Malvern", "Marlborough", "Mayfield", "Millbrook", "Mornington",
        "Nursery", "Oakdale", "Orford", "Pembroke", "Pine", "Primrose", "Radnor", "Redbridge", "Rosedale",
        "Salisbury", "Seymour", "Sheridan", "Silverdale", "Southcote", "Springfield", "Stirling", "Sunnyside",
        "Talbot", "Thornhill", "Tudor", "Valentine", "Warner", "Waverley", "Wellesley", "Whitehall", "Wilmot",
        "Winchelsea", "Wolsey", "Woodlands", "Wyndham", "Yardley",
    ]

    /// Street types with weight and the abbreviation officers type.
    static let streetTypes: [(name: String, weight: Int, abbrev: String)] = [
        ("Road", 40, "Rd"), ("Street", 15, "St"), ("Avenue", 10, "Ave"), ("Lane", 5, "Ln"), ("Close", 6, "Cl"),
        ("Gardens", 5, "Gdns"), ("Grove", 4, "Gr"), ("Way", 4, "Way"), ("Terrace", 3, "Terr"), ("Crescent", 3, "Cres"),
        ("Place", 3, "Pl"), ("Walk", 2, "Wlk"), ("Drive", 2, "Dr"), ("Rise", 1, "Rise"), ("Mews", 2, "Mews"),
        ("Hill", 1, "Hl"), ("Square", 1, "Sq"),
    ]

    static let highStreetNames = ["High Street", "Broadway", "Market Street", "The Parade", "Hoe Lane", "Green Lanes",
                                  "Bakers Row", "Chapel Street", "Station Parade", "Church Street", "Mill Street",
                                  "Kingsland Parade", "Bridge Street", "Central Parade", "North Street", "South Street"]

    static let blockWords = [
        "Nightingale", "Beacon", "Fairbairn", "Attlee", "Bevan", "Morrison", "Lansbury", "Pankhurst", "Seacole",
        "Brunel", "Faraday", "Newton", "Darwin", "Turing", "Lovelace", "Fleming", "Jenner", "Wren", "Hardy", "Austen",
        "Bronte", "Orwell", "Kingfisher", "Heron", "Swallow", "Kestrel", "Falcon", "Skylark", "Magpie", "Osprey",
        "Lapwing", "Avocet", "Curlew", "Merlin", "Woodpecker", "Dunlin", "Plover", "Sandpiper", "Wagtail", "Linnet",
        "Goldcrest", "Siskin", "Bunting", "Redwing", "Fieldfare", "Starling", "Chiffchaff", "Nuthatch",
    ]
    static let blockTypes = ["House", "Court", "Tower", "Point", "Lodge", "Mansions", "House", "Court"]

    static let parkKinds = ["Park", "Recreation Ground", "Gardens", "Playing Fields", "Open Space"]

    static let businessWords = ["Star", "Golden", "Royal", "Sunshine", "Express", "City", "Lucky", "Prime",
                                "Crown", "Happy", "Green", "Silver", "Best", "Corner", "Village", "Eastbridge"]
    static let businessKinds = ["Food & Wine", "Mini Market", "Barbers", "Pharmacy", "Dry Cleaners", "Kebab House",
                                "Fried Chicken", "Cafe", "Hair & Beauty", "Launderette", "Phone Repairs", "Bakery",
                                "Off Licence", "Nails", "Opticians", "Estate Agents", "Bookmakers", "Butchers",
                                "Grill", "Chinese Takeaway", "Deli", "Tailors", "Travel", "Accountants"]

    /// Places outside the borough where landlords and visitors live: town, outward code.
    static let externalTowns: [(town: String, outward: String)] = [
        ("Chigwell", "IG7"), ("Loughton", "IG10"), ("Ilford", "IG1"), ("Romford", "RM1"), ("Enfield", "EN1"),
        ("Harrow", "HA1"), ("Watford", "WD17"), ("Brentwood", "CM14"), ("Chelmsford", "CM1"), ("Brighton", "BN1"),
        ("Luton", "LU1"), ("Croydon", "CR0"), ("Bromley", "BR1"), ("Kingston upon Thames", "KT1"), ("Barking", "IG11"),
        ("Woodford Green", "IG8"), ("Buckhurst Hill", "IG9"), ("Epping", "CM16"), ("Hertford", "SG14"),
        ("Cambridge", "CB1"), ("Birmingham", "B15"), ("Leicester", "LE2"), ("London", "N16"), ("London", "NW3"),
        ("London", "SE15"), ("London", "W5"), ("London", "N4"), ("London", "SW11"),
    ]
    static let overseas = ["PO Box 4471, Dubai, United Arab Emirates", "Calle Mayor 12, 29601 Marbella, Spain",
                           "22 Marine Drive, Mumbai 400020, India", "Apartment 5, 14 Ozkan Sokak, Kyrenia, Cyprus",
                           "7 Adeola Odeku Street, Victoria Island, Lagos, Nigeria", "Flat 9, 3 Harbour Road, Wan Chai, Hong Kong"]

    static let asbCategories = ["Rowdy or inconsiderate behaviour", "Noise", "Drug dealing", "Street drinking",
                                "Vehicle nuisance", "Neighbour dispute", "Fly-tipping", "Begging",
                                "Youths causing annoyance", "Littering", "Abandoned vehicle", "Graffiti"]

    static let fpnOffences: [(String, Int)] = [
        ("Littering (s87 EPA 1990)", 15000), ("Fly-tipping (s33ZA EPA 1990)", 40000), ("Graffiti (s43 ASBA 2003)", 15000),
        ("Failure to produce waste transfer note", 30000), ("Dog fouling (PSPO)", 10000), ("Spitting (PSPO)", 10000),
        ("Household waste presented incorrectly (s46 EPA 1990)", 8000), ("Fly-posting (s43 ASBA 2003)", 15000),
    ]

    static let pests = ["Rats", "Mice", "Cockroaches", "Bedbugs", "Wasps", "Fleas", "Ants", "Squirrels", "Pigeons"]
    static let noiseTypes = ["Amplified music", "Shouting/arguing", "Barking dog", "Party", "DIY/construction",
                             "Intruder alarm", "TV/radio", "Footfall/banging"]

    static let troubledFlags: [(code: String, text: String)] = [
        ("1A", "Crime Youth Offending"), ("1B", "Crime Adult Offending"), ("1C", "Crime ASB Tenancy Warning"),
        ("2A", "Education Persistent Absence"), ("2B", "Education Exclusion"), ("3G", "Social Care Section47"),
        ("3H", "Social Care Child Protection Plan"), ("3J", "Social Care Child In Need"),
        ("4A", "Employment Out Of Work Benefits"), ("4B", "Employment Young Person NEET"),
        ("5A", "Domestic Abuse Police Call Out"), ("6A", "Health Adult Mental Health And Parent"),
        ("6B", "Health Substance Misuse"),
    ]
    static let troubledGroups: [String: String] = [
        "1": "Crime and ASB Overall Flag", "2": "Education Overall Flag", "3": "Social Care Overall Flag",
        "4": "Employment Overall Flag", "5": "Domestic Abuse Overall Flag", "6": "Health Overall Flag",
    ]

    static let schools = ["Eastbridge Primary School", "St Anne's CofE Primary", "Millfield Academy",
                          "Marshgate Primary", "Fernhill Junior School", "Kingsmead School", "Ridgeway Primary",
                          "Brookside Infant School", "Riverside Academy", "Beacon Hill High School",
                          "Our Lady of Eastbridge RC Primary", "Greenway Secondary School", "Canal Side Free School"]

    static let emailDomains = ["example.com", "example.org", "example.net", "mail.example", "post.example"]
}
