"""The three-letter codes an MRZ may carry for the issuing state and the nationality: ICAO Doc
9303 part 3 (8th ed., 2021), section 5: ISO 3166-1 alpha-3 with ICAO's exceptions and special
codes. Those two fields have no check digit, so this list is the only thing that can tell a
misread (Germany's ``D<<`` read as ``O<<``) from a real code (mrz_correct uses it).

Codes are as they stand in the MRZ with the ``<`` filler stripped (``D``, not ``D<<``).
"""

from __future__ import annotations

# ISO 3166-1 alpha-3, less DEU: Doc 9303 gives Germany the one-letter code D.
_ISO_3166 = """
ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE
BDI BEL BEN BES BFA BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA
CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE
DJI DMA DNK DOM DZA
ECU EGY ERI ESH ESP EST ETH
FIN FJI FLK FRA FRO FSM
GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY
HKG HMD HND HRV HTI HUN
IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA
JAM JEY JOR JPN
KAZ KEN KGZ KHM KIR KNA KOR KWT
LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA
MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT
NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL
OMN
PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF
QAT
REU ROU RUS RWA
SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR
TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA
UGA UKR UMI URY USA UZB
VAT VCT VEN VGB VIR VNM VUT
WLF WSM
YEM
ZAF ZMB ZWE
"""

# Doc 9303 part 3's own codes beside ISO 3166.
SPECIAL = {
    "D": "Germany",
    "RKS": "Kosovo (UN Security Council resolution 1244)",
    "EUE": "European Union",
    "GBD": "British Overseas Territories Citizen",
    "GBN": "British National (Overseas)",
    "GBO": "British Overseas Citizen",
    "GBP": "British Protected Person",
    "GBS": "British Subject",
    "UNO": "United Nations Organization or one of its officials",
    "UNA": "Specialized agency of the United Nations or one of its officials",
    "UNK": "Resident of Kosovo to whom UNMIK issued a travel document",
    "XBA": "African Development Bank",
    "XIM": "African Export-Import Bank",
    "XCC": "Caribbean Community or one of its emissaries",
    "XCE": "Council of Europe",
    "XCO": "Common Market for Eastern and Southern Africa",
    "XEC": "Economic Community of West African States",
    "XPO": "International Criminal Police Organization (INTERPOL)",
    "XES": "Organization of Eastern Caribbean States",
    "XMP": "Parliamentary Assembly of the Mediterranean",
    "XOM": "Sovereign Military Order of Malta",
    "XDC": "Southern African Development Community",
    "XXA": "Stateless person (1954 Convention)",
    "XXB": "Refugee (1951 Convention and its 1967 Protocol)",
    "XXC": "Refugee other than under the 1951 Convention",
    "XXX": "Person of unspecified nationality",
}
# Codes of states that no longer exist, still printed on documents in circulation.
HISTORICAL = {"ANT": "Netherlands Antilles", "NTZ": "Neutral Zone"}
# Utopia, the fictional state of Doc 9303's worked examples: its specimens must parse.
SPECIMEN = {"UTO": "Utopia (Doc 9303 specimens)"}

CODES: frozenset[str] = frozenset(
    set(_ISO_3166.split()) | set(SPECIAL) | set(HISTORICAL) | set(SPECIMEN)
)


def known(code: str) -> bool:
    """Whether a code (``<`` filler stripped or not) is one Doc 9303 allows."""
    return code.rstrip("<") in CODES
