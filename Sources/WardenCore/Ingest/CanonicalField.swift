/// The fields Warden understands. A manifest maps each column of an extract to one of these.
///
/// Each field has a value type that decides how it is validated and normalised (see
/// `FieldParser`). The raw value is the name used in `sources.toml` and the warehouse column.
public enum CanonicalField: String, CaseIterable, Sendable, Codable {
    case recordKey = "record_key"
    case groupKey = "group_key"
    case role
    case title
    case givenName = "given_name"
    case middleNames = "middle_names"
    case surname
    case fullName = "full_name"
    case dob
    case dateOfDeath = "date_of_death"
    case gender
    case nino
    case nhsNumber = "nhs_number"
    case maritalStatus = "marital_status"
    case phone
    case mobile
    case email
    case uprn
    case parentUPRN = "parent_uprn"
    case usrn
    case subBuilding = "sub_building"
    case buildingName = "building_name"
    case buildingNumber = "building_number"
    case street
    case locality
    case town
    case address
    case addressLine = "address_line"
    case postcode
    case location
    case correspondenceAddress = "correspondence_address"
    case correspondencePostcode = "correspondence_postcode"
    case ward
    case easting
    case northing
    case propertyClass = "property_class"
    case startDate = "start_date"
    case endDate = "end_date"
    case eventDate = "event_date"
    case category
    case outcome
    case status
    case flagCode = "flag_code"
    case flagDescription = "flag_description"
    case band
    case discount
    case exemption
    case relief
    case amount
    case rateableValue = "rateable_value"
    case bedrooms
    case tenure
    case propertyType = "property_type"
    case licenceNumber = "licence_number"
    case maxOccupants = "max_occupants"
    case businessName = "business_name"
    case ignore

    /// How a field's text is checked and normalised.
    public enum ValueType: Sendable {
        case text, name, date, gender, nino, nhs, phone, email, uprn, integer, decimal, postcode, lowerText, ignored
    }

    public var valueType: ValueType {
        switch self {
        case .title, .givenName, .middleNames, .surname, .fullName: return .name
        case .dob, .dateOfDeath, .startDate, .endDate, .eventDate: return .date
        case .gender: return .gender
        case .nino: return .nino
        case .nhsNumber: return .nhs
        case .phone, .mobile: return .phone
        case .email: return .email
        case .uprn, .parentUPRN: return .uprn
        case .usrn, .bedrooms, .maxOccupants: return .integer
        case .easting, .northing, .amount, .rateableValue: return .decimal
        case .postcode, .correspondencePostcode: return .postcode
        case .role, .tenure, .discount, .relief: return .lowerText
        case .ignore: return .ignored
        default: return .text
        }
    }

    /// Fields that may be mapped from several columns; their values are joined with ", ".
    public var isRepeatable: Bool {
        self == .addressLine || self == .correspondenceAddress || self == .ignore
    }

    /// Fields stored as their own warehouse column. `fullName` is split into name parts;
    /// `addressLine` is joined into `address`; `mobile` is stored as `phone`-like column of its own.
    public var isStoredDirectly: Bool {
        switch self {
        case .fullName, .addressLine, .ignore: return false
        default: return true
        }
    }
}

/// What each row of a source describes. Decides what the warehouse derives from it.
public enum SourceKind: String, CaseIterable, Sendable, Codable {
    case gazetteer, person, event, licence, property, business
}

/// How a `full_name` column is written.
public enum NameFormat: String, CaseIterable, Sendable, Codable {
    case titleForenamesSurname = "title forenames surname"
    case surnameCommaForenames = "surname, forenames"
    case surnameForenames = "surname forenames"
}

/// The event types property timelines and risk features understand.
public enum EventType: String, CaseIterable, Sendable, Codable {
    case asb, fpn = "fpn", pestControl = "pest_control", ctSummons = "ct_summons", noise, inspection
    case licence

    /// How an officer names it.
    public var label: String {
        switch self {
        case .asb: return "ASB"
        case .fpn: return "Fixed penalty notice"
        case .pestControl: return "Pest control"
        case .ctSummons: return "Council tax summons"
        case .noise: return "Noise complaint"
        case .inspection: return "Inspection"
        case .licence: return "Licence"
        }
    }
}

extension CanonicalField {
    /// The group of personal data a value of this field belongs to under the access policy:
    /// a role that may not see the group is not shown the value, wherever it appears (a field
    /// issue's value read from an extract included). Nil: not personal (a ward, a grid reference).
    public var fieldGroup: Policy.FieldGroup? {
        switch self {
        case .title, .givenName, .middleNames, .surname, .fullName, .dob, .dateOfDeath, .gender, .maritalStatus, .businessName:
            return .identity
        case .nino, .nhsNumber: return .identifiers
        case .phone, .mobile, .email: return .contact
        case .subBuilding, .buildingName, .buildingNumber, .street, .locality, .town, .address, .addressLine, .postcode,
             .location, .correspondenceAddress, .correspondencePostcode:
            return .address
        case .amount: return .benefits
        case .uprn, .parentUPRN, .usrn, .ward, .easting, .northing, .propertyClass, .bedrooms, .propertyType, .maxOccupants, .ignore:
            return nil
        default: return .records
        }
    }
}
