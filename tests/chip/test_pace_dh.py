"""PACE on DH: the generic mapping (id-PACE-DH-GM-AES-CBC-CMAC-128) and the integrated mapping
(id-PACE-DH-IM-AES-CBC-CMAC-128). The RFC 5114 groups; the worked examples of ICAO Doc 9303
part 11 (DH based examples of "PACE - Generic Mapping", MRZ T22000129 / 640812 / 101031, and
"PACE - Integrated Mapping", CAN 123456, both on the 1024-bit group, parameter id 0) step by
step; then whole reads in-process against the card-side implementation of this repository
(kiosk.documents.chip.emulator with pace.PaceCard). The emulator is ours too, so those reads
test the reader against our own chip, not an independent one: the worked examples are the
independent check."""

from __future__ import annotations

import random

import pytest

from hardware.chip_reader import SimulatedChipReader
from kiosk.documents.chip import pace, reader, tlv
from kiosk.documents.chip.apdu import CommandApdu
from kiosk.documents.chip.bac import BacKey
from kiosk.documents.chip.dh_math import DH_GROUPS
from kiosk.documents.chip.emulator import EPassportCard

H = bytes.fromhex
KEY = BacKey("T22000129", "640812", "101031")
GROUP = DH_GROUPS[0]


def _n(text: str) -> int:
    return int("".join(text.split()), 16)


def _b(text: str) -> bytes:
    return bytes.fromhex("".join(text.split()))


# The worked example's values (Doc 9303 part 11, DH based example).
Z = H("854D8DF5827FA6852D1A4FA701CDDDCA")
S = _n("FA5B7E3E 49753A0D B9178B7B 9BD898C8")
SK_MAP_IFD = _n("5265030F 751F4AD1 8B08AC56 5FC7AC95 2E41618D")
PK_MAP_IFD = _n("""23FB3749 EA030D2A 25B278D2 A562047A DE3F01B7 4F17A154 02CB7352 CA7D2B3E
                   B71C343D B13D1DEB CE9A3666 DBCFC920 B49174A6 02CB4796 5CAA73DC 702489A4
                   4D41DB91 4DE9613D C5E98C94 160551C0 DF86274B 9359BC04 90D01B03 AD54022D
                   CB4F57FA D6322497 D7A1E28D 46710F46 1AFE710F BBBC5F8B A166F431 1975EC6C""")
PK_MAP_IC = _n("""78879F57 225AA808 0D52ED0F C890A4B2 5336F699 AA89A2D3 A189654A F70729E6
                  23EA5738 B26381E4 DA19E004 706FACE7 B235C2DB F2F38748 312F3C98 C2DD4882
                  A41947B3 24AA1259 AC22579D B93F7085 655AF308 89DBB845 D9E6783F E42C9F24
                  49400306 254C8AE8 EE9DD812 A804C0B6 6E8CAFC1 4F84D825 8950A91B 44126EE6""")
H_SHARED = _n("""5BABEBEF 5B74E5BA 94B5C063 FDA15F1F 1CDE9487 3EE0A5D3 A2FCAB49 F258D07F
                 544F13CB 66658C3A FEE9E727 389BE3F6 CBBBD321 28A8C21D D6EEA3CF 7091CDDF
                 B08B8D00 7D40318D CCA4FFBF 51208790 FB4BD111 E5A968ED 6B6F08B2 6CA87C41
                 0B3CE0C3 10CE104E ABD16629 AA48620C 1279270C B0750C0D 37C57FFF E302AE7F""")
G_MAPPED = _n("""7C9CBFE9 8F9FBDDA 8D143506 FA7D9306 F4CB17E3 C71707AF F5E1C1A1 23702496
                 84D64EE3 7AF44B8D BD9D45BF 6023919C BAA027AB 97ACC771 666C8E98 FF483301
                 BFA4872D EDE9034E DFACB708 14166B7F 36067682 9B826BEA 57291B5A D69FBC84
                 EF1E7790 32A30580 3F743417 93E86974 2D401325 B37EE856 5FFCDEE6 18342DC5""")
SK_IFD = _n("89CCD99B 0E8D3B1F 11E1296D CA68EC53 411CF2CA")
PK_IFD = _n("""907D89 E2D425A1 78AA81AF 4A7774EC 8E388C11 5CAE6703 1E85EECE 520BD911
               551B9AE4 D04369F2 9A02626C 86FBC674 7CC7BC35 2645B616 1A2A42D4 4EDA80A0
               8FA8D61B 76D3A154 AD8A5A51 786B0BC0 71470578 71A92221 2C5F67F4 31731722
               36B7747D 1671E6D6 92A3C7D4 0A0C3C5C E397545D 015C175E B5130551 EDBC2EE5 D4""")
PK_IC = _n("""075693D9 AE941877 573E634B 6E644F8E 60AF17A0 076B8B12 3D920107 4D36152B
              D8B3A213 F53820C4 2ADC79AB 5D0AEEC3 AEFB9139 4DA476BD 97B9B14D 0A65C1FC
              71A0E019 CB08AF55 E1F72900 5FBA7E3F A5DC4189 9238A250 767A6D46 DB974064
              386CD456 743585F8 E5D90CC8 B4004B1F 6D866C79 CE0584E4 9687FF61 BC29AEA1""")
SHARED = _b("""6BABC7B3A72BCD7EA385E4C62DB2625BD8613B24149E146A629311C4CA6698E3
              8B834B6A9E9CD7184BA8834AFF5043D436950C4C1E7832367C10CB8C314D40E5
              990B0DF7013E64B4549E2270923D06F08CFF6BD3E977DDE6ABE4C31D55C0FA2E
              465E553E77BDF75E3193D3834FC26E8EB1EE2FA1E4FC97C18C3F6CFFFE2607FD""")
KS_ENC, KS_MAC = H("2F7F46ADCC9E7E521B45D192FAFA9126"), H("805A1D27D45A5116F73C54469462B7D8")
TOKEN_IFD, TOKEN_IC = H("B46DD9BD4D98381F"), H("917F37B5C0E6D8D1")


def _probably_prime(n: int, rounds: int = 24) -> bool:
    """Miller-Rabin with fixed bases (a typo in a published constant is not prime)."""
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    rng = random.Random(5114)
    for _ in range(rounds):
        x = pow(rng.randrange(2, n - 2), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


@pytest.mark.parametrize("param", sorted(DH_GROUPS))
def test_the_standardized_groups_are_what_rfc_5114_says(param) -> None:
    g = DH_GROUPS[param]
    assert (g.p.bit_length(), g.n.bit_length()) == [(1024, 160), (2048, 224), (2048, 256)][param]
    assert _probably_prime(g.p) and _probably_prime(g.n)
    assert (g.p - 1) % g.n == 0 and g.g != 1 and pow(g.g, g.n, g.p) == 1


def test_nonce_of_the_worked_example() -> None:
    assert pace.password_key(KEY) == H("89DED1B26624EC1E634C1989302849DD")
    assert pace._aes_cbc(pace.password_key(KEY), Z, decrypt=True) == S.to_bytes(16, "big")


def test_mapping_agreement_and_tokens_of_the_worked_example() -> None:
    assert GROUP.mul(SK_MAP_IFD, GROUP.g) == PK_MAP_IFD
    assert GROUP.mul(SK_MAP_IFD, GROUP.decode(GROUP.encode(PK_MAP_IC))) == H_SHARED
    g_mapped = pace._mapped_generator(GROUP, S, SK_MAP_IFD, PK_MAP_IC)
    assert g_mapped == G_MAPPED
    assert GROUP.mul(SK_IFD, g_mapped) == PK_IFD  # the terminal's key is on the mapped group
    secret = pace.shared_secret(GROUP, GROUP.mul(SK_IFD, PK_IC))
    assert secret == SHARED and len(secret) == 128
    assert (pace.kdf(secret, 1), pace.kdf(secret, 2)) == (KS_ENC, KS_MAC)
    # each side's token is over the other's public key (7F49 { 06 OID, 84 y })
    assert pace.auth_token(KS_MAC, GROUP, GROUP.encode(PK_IC)) == TOKEN_IFD
    assert pace.auth_token(KS_MAC, GROUP, GROUP.encode(PK_IFD)) == TOKEN_IC


def test_the_reader_replays_the_worked_example() -> None:
    """The reader's side against the chip's published answers, step by step."""

    def ga(tag: int, value: bytes) -> bytes:
        return tlv.encode(0x7C, tlv.encode(tag, value)) + H("9000")

    answers = iter(
        [
            H("9000"),
            ga(0x80, Z),
            ga(0x82, GROUP.encode(PK_MAP_IC)),
            ga(0x84, GROUP.encode(PK_IC)),
            ga(0x86, TOKEN_IC),
        ]
    )
    sent: list[bytes] = []

    def chip(apdu: bytes) -> bytes:
        sent.append(apdu)
        return next(answers)

    info = pace.PaceInfo(pace.PACE_DH_GM_AES_128, 2, 0)
    sm = pace.authenticate(chip, KEY, info, sk_map=SK_MAP_IFD, sk_eph=SK_IFD)
    # MSE:Set AT names id-PACE-DH-GM-AES-CBC-CMAC-128, the MRZ password and parameter id 0
    assert sent[0] == H("0022C1A412800A04007F00070202040102830101840100")

    def sent_object(i: int, tag: int) -> bytes | None:
        return tlv.find(tlv.unwrap(CommandApdu.parse(sent[i]).data, 0x7C), tag)

    assert sent_object(2, 0x81) == GROUP.encode(PK_MAP_IFD)
    assert sent_object(3, 0x83) == GROUP.encode(PK_IFD)
    assert sent[4] == H("008600000C7C0A8508") + TOKEN_IFD + H("00")
    assert (sm.ks_enc, sm.ks_mac, sm.ssc) == (KS_ENC, KS_MAC, bytes(16))


def test_a_wrong_chip_token_is_refused() -> None:
    answers = iter(
        [
            H("9000"),
            tlv.encode(0x7C, tlv.encode(0x80, Z)) + H("9000"),
            tlv.encode(0x7C, tlv.encode(0x82, GROUP.encode(PK_MAP_IC))) + H("9000"),
            tlv.encode(0x7C, tlv.encode(0x84, GROUP.encode(PK_IC))) + H("9000"),
            tlv.encode(0x7C, tlv.encode(0x86, bytes(8))) + H("9000"),
        ]
    )
    info = pace.PaceInfo(pace.PACE_DH_GM_AES_128, 2, 0)
    with pytest.raises(pace.PaceError):
        pace.authenticate(lambda _a: next(answers), KEY, info, sk_map=SK_MAP_IFD, sk_eph=SK_IFD)


@pytest.mark.parametrize(
    "value", [1, GROUP.p - 1, 2, GROUP.p + 5], ids=["one", "p-1", "outside-subgroup", "above-p"]
)
def test_public_values_outside_the_subgroup_are_refused(value) -> None:
    """A chip (or reader) sending 1, p-1 or an element of another subgroup would force or
    leak the key (small-subgroup attacks): such a value is refused before any exponent."""
    raw = value.to_bytes(GROUP.size + (1 if value > GROUP.p else 0), "big")
    with pytest.raises(ValueError):
        GROUP.decode(raw)


def test_card_access_offers_dh_and_ecdh() -> None:
    both = tlv.encode(
        0x31,
        tlv.unwrap(pace.build_card_access(2, pace.PACE_DH_GM_AES_128), 0x31)
        + tlv.unwrap(pace.build_card_access(13), 0x31),
    )
    assert pace.parse_card_access(both) == [
        pace.PaceInfo(pace.PACE_DH_GM_AES_128, 2, 2),
        pace.PaceInfo(pace.PACE_ECDH_GM_AES_128, 2, 13),
    ]
    # a DH parameter id that is not standardized is not offered to the reader
    assert pace.parse_card_access(pace.build_card_access(7, pace.PACE_DH_GM_AES_128)) == []


def _read(passport, trust, param, *, key=None, extended=True, sent=None):
    card = EPassportCard(
        passport.files, passport.key, pace_parameter_id=param, pace_protocol=pace.PACE_DH_GM_AES_128
    )
    rdr = SimulatedChipReader(card)
    rdr.connect()

    def transmit(apdu: bytes) -> bytes:
        if sent is not None:
            sent.append(apdu)
        return rdr.transmit(apdu)

    return reader.read_and_verify(
        transmit, passport.mrz_lines, key or passport.key, trust, extended=extended
    )


@pytest.mark.parametrize("param", [0, 1, 2], ids=["1024-160", "2048-224", "2048-256"])
def test_a_dh_pace_chip_is_read_and_verified(passport, trust, param) -> None:
    sent: list[bytes] = []
    doc = _read(passport, trust, param, sent=sent)
    assert doc.problems == [], doc.error
    assert doc.verified and doc.access_protocol == "PACE" and doc.pace_mapping == "DH-GM"
    mse = next(a for a in sent if a[1] == 0x22)
    assert pace.PACE_DH_GM_AES_128 in mse  # DH, not ECDH, was negotiated
    assert not any(a[1] == 0x82 for a in sent)  # no BAC EXTERNAL AUTHENTICATE
    assert doc.data_groups[2] == passport.files[0x0102]


def test_a_wrong_mrz_is_refused_by_dh_pace(passport, trust) -> None:
    k = passport.key
    doc = _read(passport, trust, 0, key=BacKey(k.document_number, k.birth_date, "010101"))
    assert doc.problems == [reader.ACCESS_DENIED]
    assert not doc.verified and doc.data_groups == {}


# --- Integrated mapping on DH (id-PACE-DH-IM-AES-CBC-CMAC-128): Doc 9303 part 11's worked
# example "PACE - Integrated Mapping", DH based (the password there is the CAN 123456).

IM_K_PI = H("591468CDA83D65219CCCB8560233600F")
IM_Z = H("9ABB8864CA0FF1551E620D1EF4E13510")
IM_S = H("FA5B7E3E49753A0DB9178B7B9BD898C8")
IM_T = H("B3A6DB3C870C3E99245E0D1C06B747DE")
IM_R = _b("""EAB98D13E09052952AA729907C3C946184DEA0FE74AD2B3AF506F0A83018459C
            38099CD1F7FF4EA0A078DB1FAC1365505E3DC85500EF95E20B4EEF2E88489233
            BEE0546B472F994B618D168702406791DEEF3CB4810932EC278F3533FDB860EB
            4835C36FA4F1BF3FA0B828A718C96BDE88FBA38A3E6C35AAA10959251EB5FC71
            0FC187258995944C0F926E249373F485""")
IM_RP = _n("""A0C7C50C 002061A5 1CC87D25 4EF38068 607417B6 EE1B3647 3CFB800D 2D2E5FA2
              B6980F01 105D24FA B22ACD1B FA5C8A4C 093ECDFA FE6D7125 D42A843E 33860383
              5CF19AFA FF75EFE2 1DC5F6AA 1F9AE46C 25087E73 68166FB0 8C1E4627 AFED7D93
              570417B7 90FF7F74 7E57F432 B04E1236 819E0DFE F5B6E77C A4999925 328182D2""")
IM_G = _n("""1D7D767F 11E333BC D6DBAEF4 0E799E7A 926B9697 3550656F F3C83072 6D118D61
             C276CDCC 61D475CF 03A98E0C 0E79CAEB A5BE2557 8BD4551D 0B109032 36F0B0F9
             76852FA7 8EEA14EA 0ACA87D1 E91F688F E0DFF897 BBE35A47 2621D343 564B262F
             34223AE8 FC59B664 BFEDFA2B FE7516CA 5510A6BB B633D517 EC25D4E0 BBAA16C2""")
IM_SK_IFD = _n("""4BD0E547 40F9A028 E6A515BF DAF96784 8C4F5F5F FF65AA09 15947FFD 1A0DF2FA
                  6981271B C905F355 1457B7E0 3AC3B806 6DE4AA40 6C1171FB 43DD939C 4BA16175
                  103BA3DE E16419AA 248118F9 0CC36A3D 6F4C3736 52E0C3CC E7F0F1D0 C5425B36
                  00F0F0D6 A67F004C 8BBA33F2 B4733C72 52445C1D FC4F1107 203F71D2 EFB28161""")
IM_PK_IC = _n("""928D9A0F 9DBA450F 13FC859C 6F290D1D 36E42431 138A4378 500BEB4E 0401854C
                 FF111F71 CB6DC1D0 335807A1 1388CC8E AA87B079 07AAD9FB A6B169AF 6D8C26AF
                 8DDDC39A DC3AD2E3 FF882B84 D23E9768 E95A80E4 746FB07A 9767679F E92133B4
                 D379935C 771BD7FB ED6C7BB4 B1708B27 5EA75679 524CDC9C 6A91370C C662A2F3""")
IM_PK_IFD = _n("""0F0CC629 45A80292 51FB7EF3 C094E12E C68E4EF0 7F27CB9D 9CD04C5C 4250FAE0
                  E4F8A951 557E929A EB48E5C6 DD47F2F5 CD7C351A 9BD2CD72 2C07EDE1 66770F08
                  FFCB3702 62CF308D D7B07F2E 0DA9CAAA 1492344C 85290691 9538C98A 4BA4187E
                  76CE9D87 832386D3 19CE2E04 3C3343AE AE6EDBA1 A9894DC5 094D22F7 FE1351D5""")
IM_SHARED = _b("""419410D6C0A17A4C07C54872CE1CBCEB0A2705C1A434C8A89A4CFE41F1D78124
                 CA7EC52BDE7615E5345E48AB1ABB6E7D1D59A57F3174084D3CA4570397C1F622
                 28BDFDB2DA191EA2239E2C060DBE3BBC23C2FCD0AF12E0F9E0B99FCF91FF1959
                 011D5798B2FCBC1F14FCC24E441F4C8F9B08D977E9498560E63E7FFAB3134EA7""")
IM_KS_ENC = H("01AFC10CF87BE36D8179E87370171F07")
IM_KS_MAC = H("23F0FBD05FD6C7B8B88F4C8309669061")
IM_TOKEN_IFD, IM_TOKEN_IC = H("55D61977CBF5307E"), H("C2F04230187E1525")


def test_integrated_mapping_of_the_worked_example() -> None:
    assert pace.kdf(b"123456", 3) == IM_K_PI  # K_pi of the CAN
    assert pace._aes_cbc(IM_K_PI, IM_Z, decrypt=True) == IM_S
    assert pace.pseudo_random(IM_S, IM_T, GROUP.p.bit_length()) == IM_R
    assert int.from_bytes(IM_R, "big") % GROUP.p == IM_RP
    g = pace.integrated_map(GROUP, IM_S, IM_T)
    assert g == IM_G
    assert GROUP.mul(IM_SK_IFD, g) == IM_PK_IFD
    secret = pace.shared_secret(GROUP, GROUP.mul(IM_SK_IFD, IM_PK_IC))
    assert secret == IM_SHARED
    assert (pace.kdf(secret, 1), pace.kdf(secret, 2)) == (IM_KS_ENC, IM_KS_MAC)
    im = pace.PACE_DH_IM_AES_128
    assert pace.auth_token(IM_KS_MAC, GROUP, GROUP.encode(IM_PK_IC), im) == IM_TOKEN_IFD
    assert pace.auth_token(IM_KS_MAC, GROUP, GROUP.encode(IM_PK_IFD), im) == IM_TOKEN_IC


def test_the_reader_replays_the_integrated_mapping_example() -> None:
    def ga(data: bytes) -> bytes:
        return tlv.encode(0x7C, data) + H("9000")

    answers = iter(
        [
            H("9000"),
            ga(tlv.encode(0x80, IM_Z)),
            ga(b""),
            ga(tlv.encode(0x84, GROUP.encode(IM_PK_IC))),
            ga(tlv.encode(0x86, IM_TOKEN_IC)),
        ]
    )
    sent: list[bytes] = []

    def chip(apdu: bytes) -> bytes:
        sent.append(apdu)
        return next(answers)

    info = pace.PaceInfo(pace.PACE_DH_IM_AES_128, 2, 0)
    assert info.mapping == "DH-IM"
    sm = pace.authenticate(chip, KEY, info, sk_eph=IM_SK_IFD, nonce_t=IM_T, password=IM_K_PI)
    assert sent[0] == H("0022C1A412800A04007F00070202040302830101840100")
    assert CommandApdu.parse(sent[2]).data == tlv.encode(0x7C, tlv.encode(0x81, IM_T))
    assert sent[4] == H("008600000C7C0A8508") + IM_TOKEN_IFD + H("00")
    assert (sm.ks_enc, sm.ks_mac) == (IM_KS_ENC, IM_KS_MAC)


@pytest.mark.parametrize("param", [0, 1, 2], ids=["1024-160", "2048-224", "2048-256"])
def test_an_integrated_mapping_chip_is_read_and_verified(passport, trust, param) -> None:
    card = EPassportCard(
        passport.files, passport.key, pace_parameter_id=param, pace_protocol=pace.PACE_DH_IM_AES_128
    )
    rdr = SimulatedChipReader(card)
    rdr.connect()
    sent: list[bytes] = []

    def transmit(apdu: bytes) -> bytes:
        sent.append(apdu)
        return rdr.transmit(apdu)

    doc = reader.read_and_verify(transmit, passport.mrz_lines, passport.key, trust, extended=True)
    assert doc.problems == [], doc.error
    assert doc.verified and doc.access_protocol == "PACE" and doc.pace_mapping == "DH-IM"
    assert pace.PACE_DH_IM_AES_128 in next(a for a in sent if a[1] == 0x22)
    k = passport.key
    wrong = BacKey(k.document_number, k.birth_date, "010101")
    rdr.connect()
    doc = reader.read_and_verify(rdr.transmit, passport.mrz_lines, wrong, trust, extended=True)
    assert doc.problems == [reader.ACCESS_DENIED] and not doc.verified


def test_integrated_mapping_nonces_of_the_wrong_length_are_refused() -> None:
    with pytest.raises(pace.PaceError):
        pace.integrated_map(GROUP, IM_S, IM_T[:8])
