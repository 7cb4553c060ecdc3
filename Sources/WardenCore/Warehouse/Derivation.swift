import GRDB
import WardenLinkage

/// Rebuilds what the warehouse derives from source records: properties and wards from the
/// gazetteer, and (after linkage) the people, residencies, contacts, flags and events.
enum Derivation {
    /// Removes everything derived from source records, before the records change.
    /// People are not removed: linkage keeps their ids stable across loads.
    static func clearDerived(_ db: Database) throws {
        try db.execute(sql: """
            DELETE FROM record_link;
            DELETE FROM residency;
            DELETE FROM contact;
            DELETE FROM service_flag;
            DELETE FROM property_event;
            """)
    }

    /// Upserts wards and properties from the current gazetteer records. Properties that left the
    /// gazetteer are kept (cases and audit may refer to them).
    ///
    /// One statement does it, in record order (a later record of a UPRN wins), with the display
    /// address and property type computed by Swift functions registered for the statement: a
    /// row-by-row loop through GRDB cost ~5 s at 425,000 properties. The gazetteer's records are
    /// found through `source_record_by_source`; joining `source` and ordering by id led SQLite to
    /// scan the records of every source.
    static func rebuildProperties(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO ward(name)
            SELECT DISTINCT r.ward FROM source_record r
            WHERE r.source_id IN (SELECT id FROM source WHERE kind = 'gazetteer') AND r.ward IS NOT NULL
            ON CONFLICT(name) DO NOTHING;
            """)
        db.add(function: displayAddressFunction)
        db.add(function: propertyTypeFunction)
        defer {
            db.remove(function: displayAddressFunction)
            db.remove(function: propertyTypeFunction)
        }
        try db.execute(sql: """
            INSERT INTO property(uprn, parent_uprn, usrn, sub_building, building_name, building_number, street, locality, town,
                                 postcode, address, ward_id, easting, northing, property_class, property_type)
            SELECT r.uprn, r.parent_uprn, r.usrn, r.sub_building, r.building_name, r.building_number, coalesce(r.street, r.address, ''),
                   r.locality, r.town, r.postcode,
                   warden_display_address(r.sub_building, r.building_name, r.building_number, coalesce(r.street, r.address, ''),
                                          r.locality, r.town, r.postcode),
                   w.id, r.easting, r.northing, r.property_class, warden_property_type(r.property_class)
            FROM source_record r LEFT JOIN ward w ON w.name = r.ward
            WHERE r.source_id IN (SELECT id FROM source WHERE kind = 'gazetteer') AND r.uprn IS NOT NULL
            ORDER BY r.id
            ON CONFLICT(uprn) DO UPDATE SET parent_uprn = excluded.parent_uprn, usrn = excluded.usrn,
                sub_building = excluded.sub_building, building_name = excluded.building_name, building_number = excluded.building_number,
                street = excluded.street, locality = excluded.locality, town = excluded.town, postcode = excluded.postcode,
                address = excluded.address, ward_id = excluded.ward_id, easting = excluded.easting, northing = excluded.northing,
                property_class = excluded.property_class, property_type = excluded.property_type
            """)
    }

    /// `displayAddress` as an SQL function of (sub, name, number, street, locality, town, postcode).
    private static let displayAddressFunction = DatabaseFunction("warden_display_address", argumentCount: 7, pure: true) { v in
        displayAddress(sub: String.fromDatabaseValue(v[0]), name: String.fromDatabaseValue(v[1]), number: String.fromDatabaseValue(v[2]),
                       street: String.fromDatabaseValue(v[3]) ?? "", locality: String.fromDatabaseValue(v[4]),
                       town: String.fromDatabaseValue(v[5]), postcode: String.fromDatabaseValue(v[6]))
    }

    /// `propertyType` as an SQL function of a classification code (NULL stays NULL).
    private static let propertyTypeFunction = DatabaseFunction("warden_property_type", argumentCount: 1, pure: true) { v in
        String.fromDatabaseValue(v[0]).flatMap(propertyType)
    }

    /// Builds property events and property facts from the links (and, once people are linked,
    /// their residencies, contacts and flags — see `PersonDerivation`).
    static func deriveFromLinks(_ db: Database) throws {
        let asOf = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'as_of'") ?? "9999-12-31"
        // Events at their location (or at the address when the event has no location of its own).
        try db.execute(sql: """
            INSERT INTO property_event(uprn, usrn, event_type, event_date, category, outcome, detail, source_id, record_id)
            SELECT rl.event_uprn, rl.event_usrn, json_extract(s.definition, '$.eventType'), r.event_date, r.category, r.outcome,
                   r.location, r.source_id, r.id
            FROM source_record r JOIN source s ON s.id = r.source_id JOIN record_link rl ON rl.record_id = r.id
            WHERE s.kind = 'event' AND (rl.event_uprn IS NOT NULL OR rl.event_usrn IS NOT NULL)
              AND json_extract(s.definition, '$.eventType') IS NOT NULL
            """)
        // Licences are events on the property's timeline too (granted, and expired).
        try db.execute(sql: """
            INSERT INTO property_event(uprn, event_type, event_date, category, outcome, detail, source_id, record_id)
            SELECT rl.uprn, 'licence', r.start_date, r.category, 'granted', r.licence_number, r.source_id, r.id
            FROM source_record r JOIN source s ON s.id = r.source_id JOIN record_link rl ON rl.record_id = r.id
            WHERE s.kind = 'licence' AND rl.uprn IS NOT NULL;
            INSERT INTO property_event(uprn, event_type, event_date, category, outcome, detail, source_id, record_id)
            SELECT rl.uprn, 'licence', r.end_date, r.category, 'expired', r.licence_number, r.source_id, r.id
            FROM source_record r JOIN source s ON s.id = r.source_id JOIN record_link rl ON rl.record_id = r.id
            WHERE s.kind = 'licence' AND rl.uprn IS NOT NULL AND r.end_date IS NOT NULL AND r.end_date <= ?
            """, arguments: [asOf])
        try derivePropertyFacts(db, asOf: asOf)
    }

    /// Council tax band, tenure, bedrooms and licence status of each property, from the latest
    /// record that says so.
    static func derivePropertyFacts(_ db: Database, asOf: String) throws {
        try db.execute(sql: """
            UPDATE property SET council_tax_band = NULL, tenure = NULL, bedrooms = NULL, licence_status = 'none';

            UPDATE property SET council_tax_band = (
                SELECT r.band FROM source_record r JOIN source s ON s.id = r.source_id JOIN record_link rl ON rl.record_id = r.id
                WHERE rl.uprn = property.uprn AND s.system = 'council_tax' AND r.band IS NOT NULL
                ORDER BY r.start_date DESC LIMIT 1)
            WHERE uprn IN (SELECT rl.uprn FROM record_link rl JOIN source_record r ON r.id = rl.record_id JOIN source s ON s.id = r.source_id
                           WHERE s.system = 'council_tax' AND r.band IS NOT NULL);

            -- Tenure: a current council tenancy says social rented; else the latest EPC that says.
            UPDATE property SET tenure = 'social_rented'
            WHERE uprn IN (SELECT rl.uprn FROM record_link rl JOIN source_record r ON r.id = rl.record_id JOIN source s ON s.id = r.source_id
                           WHERE s.system = 'tenancy' AND (r.end_date IS NULL OR r.end_date > :asOf));
            UPDATE property SET tenure = (
                SELECT r.tenure FROM source_record r JOIN record_link rl ON rl.record_id = r.id
                WHERE rl.uprn = property.uprn AND r.tenure IS NOT NULL ORDER BY r.start_date DESC LIMIT 1)
            WHERE tenure IS NULL;

            UPDATE property SET bedrooms = (
                SELECT r.bedrooms FROM source_record r JOIN record_link rl ON rl.record_id = r.id
                WHERE rl.uprn = property.uprn AND r.bedrooms IS NOT NULL ORDER BY r.start_date DESC LIMIT 1);

            -- Licence status from the licence registers: current beats expired.
            UPDATE property SET licence_status = coalesce((
                SELECT CASE WHEN count(*) = 0 THEN NULL
                            WHEN max(CASE WHEN (r.end_date IS NULL OR r.end_date > :asOf) THEN 1 ELSE 0 END) = 1
                            THEN (CASE WHEN max(CASE WHEN s.system = 'hmo_licence' AND (r.end_date IS NULL OR r.end_date > :asOf) THEN 1 ELSE 0 END) = 1
                                       THEN 'HMO licence' ELSE 'selective licence' END)
                            ELSE 'licence expired' END
                FROM source_record r JOIN source s ON s.id = r.source_id JOIN record_link rl ON rl.record_id = r.id
                WHERE rl.uprn = property.uprn AND s.kind = 'licence'), 'none');
            """, arguments: ["asOf": asOf])
    }

    /// One line as an officer reads it: "Flat A, 14 Elm Road, Walthamstow, E17 4AB".
    static func displayAddress(sub: String?, name: String?, number: String?, street: String, locality: String?, town: String?, postcode: String?) -> String {
        // Built in one string: this runs for every property of every build.
        var out = ""
        out.reserveCapacity(96)
        func add(_ part: String?) {
            guard let part, !part.isEmpty else { return }
            if !out.isEmpty { out += ", " }
            out += part
        }
        add(sub)
        add(name)
        // The number and the street are one part: "14 Elm Road".
        add(number)
        if !street.isEmpty {
            if number?.isEmpty == false { out += " " + street } else { add(street) }
        }
        add(locality)
        if town != locality { add(town) }
        add(postcode)
        return out
    }

    /// Plain words for an LLPG classification code.
    static func propertyType(_ code: String) -> String? {
        let c = code.uppercased()
        switch c {
        case "RD02": return "Detached house"
        case "RD03": return "Semi-detached house"
        case "RD04": return "Terraced house"
        case "RD06": return "Flat"
        case "RD07": return "House boat"
        case "RD08": return "Sheltered accommodation"
        case "RD10": return "Privately owned holiday caravan"
        case "RH01", "RH02", "RH03": return "House in multiple occupation"
        default: break
        }
        if c.hasPrefix("RD") { return "Dwelling" }
        if c.hasPrefix("CR") { return "Shop" }
        if c.hasPrefix("CO") { return "Office" }
        if c.hasPrefix("CI") { return "Industrial" }
        if c.hasPrefix("C") { return "Commercial" }
        if c.hasPrefix("P") { return "Parent shell" }
        return nil
    }
}
