import WardenLinkage

/// Builds wards, streets, postcodes and every addressable property (the LLPG).
struct GazetteerBuilder {
    let world: World
    var rng: SeededRandom
    /// Dwellings to build, in total.
    let targetDwellings: Int

    // Postcode allocation state.
    private var sectorCounter = 0
    private var wardSectors: [[Int]] = []        // per ward, allocated sector ids
    private var sectorUnits: [Int: [Int]] = [:]  // sector id -> remaining unit codes (looked up, never iterated)
    private var usedStreetNames: Set<String> = []
    private var usedBlockNames: Set<String> = []
    private var nextUPRN: Int64 = 46_100_000
    private var nextUSRN: Int32 = 20_600_000

    // Current postcode while walking a street.
    private var currentPostcode: Int32 = -1
    private var currentPostcodeCount = 0
    private var currentPostcodeCap = 0
    private var currentPostcodeWard = -1

    init(world: World, targetDwellings: Int) {
        self.world = world
        self.rng = world.rng("gazetteer")
        self.targetDwellings = targetDwellings
    }

    mutating func build() {
        makeWards()
        let wardCount = world.wards.count
        var quotas: [Int] = []
        var weights: [Double] = []
        for _ in 0..<wardCount { weights.append(0.75 + 0.5 * rng.unit()) }
        let wsum = weights.reduce(0, +)
        for w in weights { quotas.append(max(3, Int(Double(targetDwellings) * w / wsum))) }
        for w in 0..<wardCount {
            buildWard(w, quota: quotas[w])
        }
        assignTenureAndSize()
    }

    // MARK: wards

    private mutating func makeWards() {
        let cols = 5, rows = 4
        // ~350 m² of borough per dwelling, including roads and open space.
        let side = max(1200.0, DetMath.sqrt(Double(targetDwellings) * 350.0))
        let e0 = 533_000.0, n0 = 184_000.0
        let cw = side / Double(cols), ch = side / Double(rows)
        var names = PlaceData.wardNames
        // A seed-dependent but stable choice of 20 names.
        for i in stride(from: names.count - 1, to: 0, by: -1) { names.swapAt(i, rng.under(i + 1)) }
        for r in 0..<rows {
            for c in 0..<cols {
                let idx = r * cols + c
                let x0 = e0 + Double(c) * cw, y0 = n0 + Double(r) * ch
                // Wards further from the centre are leafier (more semis and owner occupiers).
                let dc = abs(Double(c) - 2.0) / 2.0, dr = abs(Double(r) - 1.5) / 1.5
                let outer = min(1.0, (dc + dr) / 2.0 + 0.15 * rng.unit())
                let dep = min(1.0, max(0.0, 0.75 - 0.6 * outer + 0.3 * (rng.unit() - 0.5)))
                world.wards.append(Ward(
                    code: "E05099" + Text.pad(101 + idx, 3), name: names[idx],
                    x0: Int(x0 * 10), y0: Int(y0 * 10), x1: Int((x0 + cw) * 10), y1: Int((y0 + ch) * 10),
                    deprivation: dep, outer: outer, selective: false))
            }
        }
        // Selective licensing designation: the six most deprived wards.
        let order = (0..<world.wards.count).sorted {
            world.wards[$0].deprivation != world.wards[$1].deprivation
                ? world.wards[$0].deprivation > world.wards[$1].deprivation : $0 < $1
        }
        for i in order.prefix(6) { world.wards[i].selective = true }
        wardSectors = Array(repeating: [], count: world.wards.count)
    }

    // MARK: postcodes

    private mutating func newPostcode(ward: Int) -> Int32 {
        while true {
            if let s = wardSectors[ward].last, var units = sectorUnits[s], !units.isEmpty {
                let u = units.removeLast()
                sectorUnits[s] = units
                let district = PlaceData.districts[min(s / 10, PlaceData.districts.count - 1)]
                let letters = PlaceData.inwardLetters
                let code = district + " " + String(s % 10) + String(letters[u / 20]) + String(letters[u % 20])
                world.postcodes.append(code)
                return Int32(world.postcodes.count - 1)
            }
            // Allocate the next sector: districts fill in order, so neighbouring wards share one.
            let s = sectorCounter
            sectorCounter += 1
            var units = Array(0..<400)
            for i in stride(from: units.count - 1, to: 0, by: -1) { units.swapAt(i, rng.under(i + 1)) }
            sectorUnits[s] = units
            wardSectors[ward].append(s)
        }
    }

    /// The postcode for the next delivery point on a street; `fresh` forces a new one.
    private mutating func postcode(ward: Int, fresh: Bool = false) -> Int32 {
        if fresh || currentPostcode < 0 || currentPostcodeCount >= currentPostcodeCap || currentPostcodeWard != ward {
            currentPostcode = newPostcode(ward: ward)
            currentPostcodeCount = 0
            currentPostcodeCap = rng.int(10, 28)
            currentPostcodeWard = ward
        }
        currentPostcodeCount += 1
        return currentPostcode
    }

    // MARK: streets

    private mutating func streetName(highStreet: Bool) -> (String, String) {
        for attempt in 0..<200 {
            var name: String, abbrev: String
            if highStreet && attempt < 40 {
                name = rng.pick(PlaceData.highStreetNames)
                abbrev = name.replacingLastWord([("Street", "St"), ("Lane", "Ln"), ("Parade", "Pde"), ("Row", "Row")])
            } else {
                let word = rng.pick(PlaceData.streetWords)
                let t = PlaceData.streetTypes[rng.weighted(PlaceData.streetTypes.map { $0.weight })]
                var prefix = ""
                if attempt > 60 { prefix = rng.pick(["Upper ", "Lower ", "North ", "South ", "East ", "West ", "New ", "Old ", "Little ", "Great "]) }
                name = prefix + word + " " + t.name
                abbrev = prefix + word + " " + t.abbrev
            }
            if !usedStreetNames.contains(name) || attempt > 150 {
                usedStreetNames.insert(name)
                return (name, abbrev)
            }
        }
        return ("Unnamed Road", "Unnamed Rd")
    }

    private static let directions: [(Double, Double)] = [
        (1, 0), (0.9238795325112867, 0.3826834323650898), (0.7071067811865476, 0.7071067811865476),
        (0.3826834323650898, 0.9238795325112867), (0, 1), (-0.3826834323650898, 0.9238795325112867),
        (-0.7071067811865476, 0.7071067811865476), (-0.9238795325112867, 0.3826834323650898),
    ]

    /// Lays a street of `length` metres inside the ward; returns start and unit direction.
    private mutating func layStreet(ward w: Int, length: Double) -> (Double, Double, Double, Double, Double) {
        let wd = world.wards[w]
        let x0 = Double(wd.x0) / 10 + 15, x1 = Double(wd.x1) / 10 - 15
        let y0 = Double(wd.y0) / 10 + 15, y1 = Double(wd.y1) / 10 - 15
        let d = Self.directions[rng.under(Self.directions.count)]
        let L = min(length, 0.9 * min(x1 - x0, y1 - y0) / max(abs(d.0), abs(d.1), 0.5))
        let sxLo = x0 + max(0, -d.0 * L), sxHi = x1 - max(0, d.0 * L)
        let syLo = y0 + max(0, -d.1 * L), syHi = y1 - max(0, d.1 * L)
        let sx = sxLo + (sxHi - sxLo) * rng.unit()
        let sy = syLo + (syHi - syLo) * rng.unit()
        return (sx, sy, d.0, d.1, L)
    }

    private mutating func addStreet(ward w: Int, kind: UInt8, length: Double) -> (Int32, (Double, Double, Double, Double, Double)) {
        let (name, abbrev) = streetName(highStreet: kind == 1)
        let geo = layStreet(ward: w, length: length)
        nextUSRN += Int32(rng.int(1, 40))
        let s = Street(usrn: nextUSRN, name: name, abbreviated: abbrev, ward: UInt8(w),
                       locality: world.wards[w].name, x0: Int32(geo.0 * 10), y0: Int32(geo.1 * 10),
                       x1: Int32((geo.0 + geo.2 * geo.4) * 10), y1: Int32((geo.1 + geo.3 * geo.4) * 10),
                       kind: kind, firstProperty: Int32(world.properties.count), propertyCount: 0)
        world.streets.append(s)
        return (Int32(world.streets.count - 1), geo)
    }

    private mutating func newUPRN() -> Int64 {
        nextUPRN += Int64(rng.int(1, 12))
        return nextUPRN
    }

    @discardableResult
    private mutating func addProperty(_ p: Property) -> Int32 {
        var p = p
        p.uprn = newUPRN()
        world.properties.append(p)
        world.streets[Int(p.street)].propertyCount += 1
        return Int32(world.properties.count - 1)
    }

    /// Position of plot `i` (0-based along one side) on side ±1.
    private func position(_ geo: (Double, Double, Double, Double, Double), along: Double, side: Double) -> (Int32, Int32) {
        let x = geo.0 + geo.2 * along - geo.3 * side * 9
        let y = geo.1 + geo.3 * along + geo.2 * side * 9
        return (Int32((x * 10).rounded()), Int32((y * 10).rounded()))
    }

    private mutating func buildWard(_ w: Int, quota: Int) {
        var built = 0
        var highStreets = 0
        var streetIndex = 0
        var parkPlaced = false
        while built < quota {
            let remaining = quota - built
            let kind: UInt8
            // A parade of shops roughly every 700 homes.
            if (highStreets == 0 && streetIndex == 1) || (highStreets > 0 && built > highStreets * 700 && rng.chance(0.25)) { kind = 1 }
            else if rng.chance(0.12) { kind = 2 }
            else { kind = 0 }
            if kind == 1 { highStreets += 1 }
            switch kind {
            case 1: built += buildHighStreet(w, maxDwellings: remaining)
            case 2: built += buildEstate(w, maxDwellings: remaining)
            default:
                built += buildResidential(w, maxDwellings: remaining)
                if !parkPlaced { placePark(w); parkPlaced = true }
            }
            streetIndex += 1
        }
    }

    private mutating func placePark(_ w: Int) {
        let s = Int32(world.streets.count - 1)
        let st = world.streets[Int(s)]
        let word = st.name.split(separator: " ").dropLast().joined(separator: " ")
        let name = word + " " + rng.pick(PlaceData.parkKinds)
        world.buildingNames.append(name)
        let pc = world.properties[Int(st.firstProperty)].postcode
        addProperty(Property(uprn: 0, street: s, kind: .park, cls: ClassCode.park, building: Int32(world.buildingNames.count - 1),
                             postcode: pc, e: (st.x0 + st.x1) / 2 + 300, n: (st.y0 + st.y1) / 2 + 300, ward: UInt8(w)))
    }

    private mutating func buildResidential(_ w: Int, maxDwellings: Int) -> Int {
        let ward = world.wards[w]
        var plots = rng.int(8, 90)
        if rng.chance(0.3) { plots = rng.int(4, 16) }   // closes and short streets
        plots = min(plots, max(2, maxDwellings))
        let (s, geo) = addStreet(ward: w, kind: 0, length: Double((plots + 1) / 2) * 6.5 + 20)
        let skip13 = rng.chance(0.3)
        // A short street shares its postcode with the previous street (same ward) when there is room.
        if plots >= 12 || currentPostcodeWard != w { currentPostcode = -1 }
        var dwellings = 0
        var number = 0
        var plot = 0
        let conversionRate = 0.05 + 0.3 * (1 - ward.outer)
        let saoStyleForStreet = rng.weighted([40, 25, 25, 10])
        while plot < plots {
            number += 1
            if number == 13 && skip13 { continue }
            let side: Double = number % 2 == 1 ? 1 : -1
            let pos = position(geo, along: Double((number - 1) / 2) * 6.5 + 4, side: side)
            let pc = postcode(ward: w)
            if rng.chance(conversionRate) {
                // A house split into flats: the building is a shell, the flats its children.
                let shell = addProperty(Property(uprn: 0, street: s, kind: .shell, cls: ClassCode.shell, number: Int16(number),
                                                 postcode: pc, e: pos.0, n: pos.1, ward: UInt8(w)))
                let units = rng.weighted([0, 0, 50, 35, 15]) // 2..4
                let style = rng.chance(0.7) ? saoStyleForStreet : rng.weighted([40, 25, 25, 10])
                for u in 0..<units {
                    var p = Property(uprn: 0, parent: shell, street: s, kind: .convertedFlat, cls: ClassCode.flat,
                                     number: Int16(number), postcode: pc, e: pos.0, n: pos.1, ward: UInt8(w))
                    switch style {
                    case 0: p.saoStyle = .flatLetter; p.saoValue = UInt8(u)
                    case 1: p.saoStyle = .flatNumber; p.saoValue = UInt8(u + 1)
                    case 2: p.saoStyle = .floor; p.saoValue = u == units - 1 && units > 2 ? 3 : UInt8(u)
                    default:
                        // "14A", "14B": the flats are their own numbered addresses.
                        p.suffix = UInt8(ascii: "A") + UInt8(u)
                    }
                    if style == 2 && u == 0 && rng.chance(0.15) { p.saoStyle = .basement }
                    addProperty(p)
                    dwellings += 1
                }
            } else {
                let o = ward.outer
                let cls: UInt8 = [ClassCode.terraced, ClassCode.semi, ClassCode.detached][
                    rng.weighted([Int(100 * (0.85 - 0.5 * o)), Int(100 * (0.12 + 0.35 * o)), Int(100 * (0.03 + 0.15 * o))])]
                addProperty(Property(uprn: 0, street: s, kind: .house, cls: cls, number: Int16(number),
                                     postcode: pc, e: pos.0, n: pos.1, ward: UInt8(w)))
                dwellings += 1
                if rng.chance(0.02) {
                    // An infill house, "14A", between 14 and 16.
                    let pc2 = postcode(ward: w)
                    addProperty(Property(uprn: 0, street: s, kind: .house, cls: ClassCode.terraced, number: Int16(number),
                                         suffix: UInt8(ascii: "A"), postcode: pc2, e: pos.0 + 30, n: pos.1, ward: UInt8(w)))
                    dwellings += 1
                }
            }
            plot += 1
        }
        return dwellings
    }

    private mutating func blockName() -> String {
        for attempt in 0..<100 {
            let name = rng.pick(PlaceData.blockWords) + " " + rng.pick(PlaceData.blockTypes)
            if !usedBlockNames.contains(name) || attempt > 80 {
                usedBlockNames.insert(name)
                return name
            }
        }
        return "Eastbridge House"
    }

    private mutating func buildEstate(_ w: Int, maxDwellings: Int) -> Int {
        let blocks = rng.int(1, 4)
        let (s, geo) = addStreet(ward: w, kind: 2, length: Double(blocks) * 45 + 30)
        currentPostcode = -1
        var dwellings = 0
        let council = rng.chance(0.7)
        var number = 0
        for b in 0..<blocks {
            if dwellings >= maxDwellings { break }
            var flats = rng.chance(0.7) ? rng.int(6, 30) : rng.int(30, 90)
            flats = min(flats, max(4, maxDwellings - dwellings))
            let name = blockName()
            world.buildingNames.append(name)
            let bi = Int32(world.buildingNames.count - 1)
            let numbered = rng.chance(0.4)
            if numbered { number += rng.int(1, 3) * 2 - 1 }
            let pos = position(geo, along: Double(b) * 45 + 20, side: b % 2 == 0 ? 1 : -1)
            let pc = postcode(ward: w, fresh: true)
            let shell = addProperty(Property(uprn: 0, street: s, kind: .block, cls: ClassCode.shell,
                                             number: numbered ? Int16(number) : 0, building: bi, postcode: pc,
                                             e: pos.0, n: pos.1, ward: UInt8(w), councilBlock: council))
            var flatPC = pc
            var onThisPC = 0
            for f in 1...flats {
                onThisPC += 1
                if onThisPC > 40 { flatPC = postcode(ward: w, fresh: true); onThisPC = 1 }
                addProperty(Property(uprn: 0, parent: shell, street: s, kind: .blockFlat, cls: ClassCode.flat,
                                     number: numbered ? Int16(number) : 0, saoStyle: .flatNumber, saoValue: UInt8(min(f, 255)),
                                     building: bi, postcode: flatPC, e: pos.0, n: pos.1, ward: UInt8(w), councilBlock: council))
                dwellings += 1
            }
            currentPostcode = -1
        }
        return dwellings
    }

    private mutating func buildHighStreet(_ w: Int, maxDwellings: Int) -> Int {
        let plots = rng.int(16, 60)
        let (s, geo) = addStreet(ward: w, kind: 1, length: Double((plots + 1) / 2) * 6 + 20)
        currentPostcode = -1
        var dwellings = 0
        var number = 0
        for _ in 0..<plots {
            number += 1
            let pos = position(geo, along: Double((number - 1) / 2) * 6 + 4, side: number % 2 == 1 ? 1 : -1)
            let pc = postcode(ward: w)
            let cls: UInt8 = [ClassCode.shop, ClassCode.cafe, ClassCode.pub, ClassCode.office][rng.weighted([70, 15, 5, 10])]
            let flatsAbove = dwellings < maxDwellings && rng.chance(0.55)
            if !flatsAbove {
                addProperty(Property(uprn: 0, street: s, kind: .shop, cls: cls, number: Int16(number), postcode: pc,
                                     e: pos.0, n: pos.1, ward: UInt8(w)))
                if rng.chance(0.08) {
                    // A lock-up store behind the shop: its own rateable unit.
                    addProperty(Property(uprn: 0, street: s, kind: .shop, cls: ClassCode.store, number: Int16(number),
                                         saoStyle: .flatLetter, saoValue: 20, postcode: pc, e: pos.0 + 40, n: pos.1,
                                         ward: UInt8(w)))
                }
                continue
            }
            if rng.chance(0.4) {
                // "23 High Street" (shop) and "23A High Street" (the flat above, its own address).
                addProperty(Property(uprn: 0, street: s, kind: .shop, cls: cls, number: Int16(number), postcode: pc,
                                     e: pos.0, n: pos.1, ward: UInt8(w)))
                addProperty(Property(uprn: 0, street: s, kind: .shopFlat, cls: ClassCode.flat, number: Int16(number),
                                     suffix: UInt8(ascii: "A"), postcode: pc, e: pos.0, n: pos.1, ward: UInt8(w)))
                dwellings += 1
            } else {
                let shell = addProperty(Property(uprn: 0, street: s, kind: .shell, cls: ClassCode.shell, number: Int16(number),
                                                 postcode: pc, e: pos.0, n: pos.1, ward: UInt8(w)))
                addProperty(Property(uprn: 0, parent: shell, street: s, kind: .shop, cls: cls, number: Int16(number),
                                     saoStyle: .groundShop, postcode: pc, e: pos.0, n: pos.1, ward: UInt8(w)))
                let floors = rng.chance(0.3) ? 2 : 1
                for f in 0..<floors {
                    addProperty(Property(uprn: 0, parent: shell, street: s, kind: .shopFlat, cls: ClassCode.flat,
                                         number: Int16(number), saoStyle: .floor, saoValue: UInt8(f + 1), postcode: pc,
                                         e: pos.0, n: pos.1, ward: UInt8(w)))
                    dwellings += 1
                }
            }
        }
        return dwellings
    }

    // MARK: tenure, bedrooms, bands

    private mutating func assignTenureAndSize() {
        var r = world.rng("tenure")
        let hmoStartRange = (world.W0 - 3650, world.H - 200)
        for i in world.properties.indices {
            var p = world.properties[i]
            let ward = world.wards[Int(p.ward)]
            let dep = ward.deprivation
            switch p.kind {
            case .house:
                let t = r.weighted([Int(62 - 25 * dep), Int(24 + 12 * dep), Int(14 + 14 * dep)])
                p.tenure = [Tenure.owner, .privateRented, .social][t]
                switch p.cls {
                case ClassCode.detached: p.bedrooms = UInt8(r.int(3, 5))
                case ClassCode.semi: p.bedrooms = UInt8(r.weighted([0, 0, 10, 60, 30]))
                default: p.bedrooms = UInt8(r.weighted([0, 2, 30, 50, 18]))
                }
                if p.tenure == .privateRented && p.bedrooms >= 3 && r.chance(0.32 + 0.25 * dep) {
                    p.isHMO = true
                    p.bedrooms = UInt8(r.int(4, 7))
                    p.quietHMO = r.chance(0.25)
                    p.hmoFrom = r.chance(0.7) ? Int32(r.int(Int(hmoStartRange.0), Int(world.W0))) :
                        Int32(r.int(Int(world.W0), Int(hmoStartRange.1)))
                }
            case .convertedFlat:
                p.tenure = [Tenure.owner, .privateRented, .social][r.weighted([30, 55, 15])]
                p.bedrooms = UInt8(r.weighted([0, 55, 38, 7]))
            case .blockFlat:
                if p.councilBlock {
                    p.tenure = [Tenure.owner, .privateRented, .social][r.weighted([10, 14, 76])]
                } else {
                    p.tenure = [Tenure.owner, .privateRented, .social][r.weighted([45, 50, 5])]
                }
                p.bedrooms = UInt8(r.weighted([0, 38, 40, 18, 4]))
            case .shopFlat:
                p.tenure = [Tenure.owner, .privateRented][r.weighted([15, 85])]
                p.bedrooms = UInt8(r.weighted([0, 50, 40, 10]))
            default:
                break
            }
            if p.kind.isDwelling {
                // Council tax band from size and the ward's prices.
                var b = 0
                switch p.kind {
                case .house: b = p.cls == ClassCode.detached ? 5 : (p.cls == ClassCode.semi ? 4 : 3)
                default: b = 1 + (Int(p.bedrooms) >= 2 ? 1 : 0)
                }
                b += Int(p.bedrooms) >= 4 && p.kind == .house ? 1 : 0
                b += (1 - dep) > 0.6 ? 1 : 0
                b += r.weighted([20, 60, 20]) - 1
                p.band = UInt8(max(0, min(7, b)))
            }
            world.properties[i] = p
        }
    }
}

extension String {
    /// Replaces the last word by its abbreviation when it is in `table`.
    func replacingLastWord(_ table: [(String, String)]) -> String {
        var parts = self.split(separator: " ").map(String.init)
        guard let last = parts.last else { return self }
        for (full, abbr) in table where full == last { parts[parts.count - 1] = abbr; break }
        return parts.joined(separator: " ")
    }
}
