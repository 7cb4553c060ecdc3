/// The built-in copy of `rules/fraud.toml`, used when no rule file is found (an installed binary
/// run from anywhere). A test keeps it identical to the file; edit the file, then copy it here.
enum DefaultFraudRules {
    static let text = #"""
# Warden counter-fraud rules
#
# Each [[rule]] finds one kind of case. It picks an evidence *pattern* that Warden knows how to
# look for (the list is in docs/counter-fraud.md) and sets, in plain numbers and lists, which
# systems count as evidence, how strongly, how recent, how many independent sources are needed,
# how sure the rule is, and what a case is worth a year.
#
# Change any number or list and run `warden fraud rules --check` (or `warden fraud scan`, which
# checks first and refuses to run with a broken file). A rule's version is a hash of what it
# depends on: every case records the version that raised it and the version that last scored it.
#
# The values below are starting estimates: replace them with your council's own figures.

[settings]
threshold = 50     # risk 0-100 from which a case is queued; lower ones are kept as "below threshold"
keep_from = 15     # findings scoring below this are noise and are not kept at all
due_days = 28      # a new case is due for triage this many days after it is raised

# Annual council tax per band: the borough's Band D and the statutory ratios (A = 6/9 of D ...).
# Formulas read the property's figure as band_charge.
[band_charges]
A = 1266.67
B = 1477.78
C = 1688.89
D = 1900.00
E = 2322.22
F = 2744.44
G = 3166.67
H = 3800.00

# How the scan reads who lives at an address (every rule uses this).
[presence]
stale_factor = 0.25   # an undated entry (the register) of someone whose dated records here have ended keeps this share of its weight
moved_factor = 0.2    # ... of someone with newer dated records at another address
same_name_is_same_person = true   # records at one address whose names agree (and whose dates of birth and sex do not disagree) are one person

# How strongly one current record of each system says that a person lives at its address (0-1).
# half_life_days: an open record's weight halves every so many days after it started; 0 means the
# service keeps the record current. refresh_days: an undated entry (the register, a school census)
# was made at most this long before the extract, so it cannot show someone was there after a
# departure, a move or a claim that falls inside that window.
[evidence.council_tax]
weight = 0.85

[evidence.electoral_register]
weight = 0.6          # the register at the extract date; entries can linger after someone leaves
adult_from_column = "Date of Attainment"   # attainers (16 and 17) are not adults until this date
refresh_days = 450    # the annual canvass, and entries that linger until the next one

[evidence.housing_benefit]
weight = 0.9
half_life_days = 1095  # a claim's household is declared when it starts and rarely revisited
current_roles = ["claimant"]   # ... but the claimant's own address is where the award is paid: kept current

[evidence.tenancy]
weight = 0.85
half_life_days = 1825  # joint tenants stay on the tenancy after one of them leaves

[evidence.school_roll]
weight = 0.75
refresh_days = 180    # the termly census

[evidence.freedom_pass]
weight = 0.45
half_life_days = 1095  # the address at issue: a pass can outlive a move

[evidence.blue_badge]
weight = 0.45
half_life_days = 730

[evidence.troubled_families]
weight = 0.5
half_life_days = 730


[[rule]]
id = "spd-other-adults"
case_type = "single_person_discount"
title = "Single person discount while other adults live there"
pattern = "discount_with_other_adults"
claim_system = "council_tax"
discount = "single_person"
evidence = ["electoral_register", "housing_benefit", "school_roll", "tenancy", "council_tax", "freedom_pass", "blue_badge", "troubled_families"]
min_sources = 1
adult_age = 18
disregard_pupils_up_to_age = 19   # a son or daughter of 18 or 19 still at school is disregarded by law
discount_from_column = "SPD_START"   # when the discount began: awarded to a holder already living here, the household changed then
grown_child_factor = 0.6          # an adult of unknown age sharing the surname of the pupils here, not their parent contact: probably
                                  # an older son or daughter — at 18 or 19 most are disregarded (education, training, school leavers)
strength = 0.9
value = "0.25 * band_charge"      # the discount is 25% of the bill

[[rule]]
id = "deceased-freedom-pass"
case_type = "deceased_holder"
title = "Freedom pass active after the holder's death"
pattern = "holder_active_after_death"
claim_system = "freedom_pass"
active_statuses = ["Active"]
death_system = "deaths"
grace_days = 14       # a death is registered within 5 days and Tell Us Once tells the council the same day:
                      # a pass cancelled within two weeks of the death is normal processing
strength = 0.95
value = "250"         # the borough's yearly cost of one pass

[[rule]]
id = "deceased-blue-badge"
case_type = "deceased_holder"
title = "Blue badge active after the holder's death"
pattern = "holder_active_after_death"
claim_system = "blue_badge"
active_statuses = ["Active"]
death_system = "deaths"
grace_days = 14       # as for passes (Tell Us Once)
strength = 0.95
value = "657"         # the yearly cost of a misused badge (parking charges not paid)

[[rule]]
id = "deceased-benefit-claim"
case_type = "deceased_holder"
title = "Benefit claim still open after the claimant's death"
pattern = "holder_active_after_death"
claim_system = "housing_benefit"
death_system = "deaths"
grace_days = 30
strength = 0.9
value = "52 * weekly_amount"

[[rule]]
id = "deceased-single-person-discount"
case_type = "deceased_holder"
title = "Single person discount still on the account after the holder's death"
pattern = "holder_active_after_death"
claim_system = "council_tax"
discount = "single_person"
death_system = "deaths"
grace_days = 30
strength = 0.8
value = "0.25 * band_charge"

[[rule]]
id = "tenant-living-elsewhere"
case_type = "subletting"
title = "Social tenant living elsewhere while others live at the tenancy"
pattern = "tenant_living_elsewhere"
claim_system = "tenancy"
evidence = ["electoral_register", "housing_benefit", "school_roll", "council_tax", "troubled_families"]
elsewhere_evidence = ["council_tax", "electoral_register", "housing_benefit", "school_roll", "tenancy"]
void_roles = ["council"]   # the council's own council tax account for an empty home (housing voids): one begun
void_weight = 0.8          # after the tenancy, which never ended, says the tenant left
min_sources = 1
adult_age = 18
strength = 0.9
value = "12000"      # a year of temporary accommodation avoided when the home is recovered

[[rule]]
id = "claim-omits-adult"
case_type = "undeclared_member"
title = "Benefit claim leaves out an adult living there"
pattern = "household_omits_adult"
claim_system = "housing_benefit"
evidence = ["electoral_register", "council_tax", "school_roll", "tenancy", "freedom_pass", "blue_badge", "troubled_families"]
min_sources = 1
adult_age = 18
alone_discount = "single_person"   # a claimant who also has this council tax discount here has said twice they live alone
couple_bedrooms = 1   # in a one-bedroom home an adult of the other sex the claim leaves out is more likely a partner than a sharer
strength = 0.95    # an adult of the household left off the claim is a change the claimant must report
value = "52 * weekly_amount * 0.5"   # a partner's income typically halves the award

[[rule]]
id = "exemption-occupied"
case_type = "occupied_exemption"
title = "Empty-home exemption on an occupied property"
pattern = "exemption_with_residents"
claim_system = "council_tax"
exemptions = ["C", "F"]     # C: empty and unfurnished; F: awaiting probate
evidence = ["electoral_register", "housing_benefit", "school_roll", "tenancy", "council_tax", "freedom_pass", "blue_badge", "troubled_families"]
min_sources = 1
strength = 0.9
value = "band_charge"       # the whole bill goes unpaid

[[rule]]
id = "sbrr-several-properties"
case_type = "business_rates_relief"
title = "Small business rate relief on more than one property"
pattern = "relief_on_several_properties"
claim_system = "business_rates"
relief = "small_business"
small_property_below = 2900          # other properties under this rateable value are allowed
count_unrelieved_properties = true   # the legal test: relief is wrong whenever the ratepayer also occupies a property of £2,900 or more, relieved or not
strength = 0.9
value = "min(rateable_value, 15000) * 0.499"   # relief is worth the bill on the relieved property

"""#
}
