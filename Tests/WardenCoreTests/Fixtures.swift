import Foundation
@testable import WardenCore

/// A tiny borough written by hand: a gazetteer and two person extracts in different dialects.
enum Fixture {
    static let manifest = """
    [borough]
    name = "Test Borough"
    as_of = "2026-10-31"

    [[source]]
    name = "gazetteer"
    system = "gazetteer"
    kind = "gazetteer"
    file = "llpg.csv"
    date_formats = ["yyyy-MM-dd"]
    [source.columns]
    UPRN = { field = "uprn", required = true }
    SAO = "sub_building"
    PAO = "building_number"
    STREET = "street"
    TOWN = "town"
    POSTCODE = "postcode"
    WARD = "ward"
    EASTING = "easting"
    NORTHING = "northing"
    CLASS = "property_class"

    [[source]]
    name = "council_tax"
    system = "council_tax"
    kind = "person"
    title = "Council Tax"
    file = "ctax.psv"
    delimiter = "|"
    date_formats = ["dd/MM/yyyy"]
    name_format = "title forenames surname"
    key = ["ACCOUNT"]
    [source.columns]
    ACCOUNT = "group_key"
    "Liable Name" = "full_name"
    ADDR1 = "address_line"
    ADDR2 = "address_line"
    POSTCODE = "postcode"
    DOB = "dob"
    NINO = "nino"
    "Start Date" = { field = "start_date", required = true }
    SPD = { field = "discount", values = { "Y" = "single_person", "N" = "" } }

    [[source]]
    name = "benefits"
    system = "housing_benefit"
    kind = "person"
    file = "hb.csv"
    encoding = "windows-1252"
    date_formats = ["yyyy-MM-dd", "dd-MMM-yy"]
    name_format = "surname, forenames"
    [source.columns]
    CLAIM = "group_key"
    NAME = "full_name"
    ROLE = "role"
    NHS = "nhs_number"
    PHONE = "phone"
    ADDRESS = "address"
    PC = "postcode"
    """

    static let llpg = """
    UPRN,SAO,PAO,STREET,TOWN,POSTCODE,WARD,EASTING,NORTHING,CLASS
    100000000001,,14,Elm Road,London,E17 4AB,Hoe Street,537000,189000,RD04
    100000000002,Flat A,16,Elm Road,London,E17 4AB,Hoe Street,537010,189000,RD06

    100000000003,,2,High Street,London,E17 7JY,High Street,537500,188500,CR01

    """

    static let ctax = """
    ACCOUNT|Liable Name|ADDR1|ADDR2|POSTCODE|DOB|NINO|Start Date|SPD
    A1|Mr John Paul SMITH|14 Elm Rd|London|e174ab|28/10/1955|AB123456C|01/04/2019|Y
    A2|Mrs Zoë Ağaoğlu|Flat A|16 Elm Road|E17 4AB|12/25/1980|not-a-nino|02/05/2020|N
    A3|Ms Jane Doe|2 High St||E17 7JY|31/02/1980||15/06/2021|N
    A4|Mr Late Start|3 High St||E17 7JY|||tomorrow|N

    """

    /// Windows-1252: "Zoë" with 0xEB and an apostrophe 0x92.
    static var hb: [UInt8] {
        Array("CLAIM,NAME,ROLE,NHS,PHONE,ADDRESS,PC\r\n".utf8)
            + Array("C9,\"AGAOGLU, Zo".utf8) + [0xEB] + Array("\",Claimant,943 476 5919,07700 900123,\"Flat A, 16 Elm Road\",E17 4AB\r\n".utf8)
            + Array("C9,\"O".utf8) + [0x92] + Array("NEILL, Sean\",Partner,9434765918,020 8123 4567,\"Flat A, 16 Elm Road\",E174AB\r\n".utf8)
    }

    /// Writes the fixture borough into a fresh folder and returns the manifest path.
    static func write(manifest: String = manifest, files overrides: [String: [UInt8]] = [:]) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-fixture-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var files: [String: [UInt8]] = ["llpg.csv": Array(llpg.utf8), "ctax.psv": Array(ctax.utf8), "hb.csv": hb]
        for (k, v) in overrides { files[k] = v }
        for (name, bytes) in files { try! Data(bytes).write(to: dir.appendingPathComponent(name)) }
        let m = dir.appendingPathComponent("sources.toml")
        try! manifest.write(to: m, atomically: true, encoding: .utf8)
        return m.path
    }

    static func freshWarehouse() throws -> Warehouse {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-wh-\(UUID().uuidString)")
        return try Warehouse(path: dir.appendingPathComponent("w.sqlite").path)
    }
}
