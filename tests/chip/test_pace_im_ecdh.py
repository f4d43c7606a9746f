"""PACE integrated mapping on ECDH (id-PACE-ECDH-IM-AES-CBC-CMAC-128): the worked example of
ICAO Doc 9303 part 11 ("PACE - Integrated Mapping", ECDH based example: CAN 123456,
brainpoolP256r1) step by step, including the point encoding of appendix B; then whole reads
in-process against this repository's own card side (the emulator), which tests the reader
against our own chip; the worked example is the independent check."""

from __future__ import annotations

import pytest

from hardware.chip_reader import SimulatedChipReader
from kiosk.documents.chip import pace, reader, tlv
from kiosk.documents.chip.apdu import CommandApdu
from kiosk.documents.chip.bac import BacKey
from kiosk.documents.chip.ec_math import CURVES
from kiosk.documents.chip.emulator import EPassportCard


def _b(text: str) -> bytes:
    return bytes.fromhex("".join(text.split()))


CURVE = CURVES[13]
KEY = BacKey("T22000129", "640812", "101031")  # not used for K_pi: the example's is the CAN's
K_PI = _b("591468CD A83D6521 9CCCB856 0233600F")
Z = _b("143DC40C 08C8E891 FBED7DED B92B64AD")
S = _b("2923BE84 E16CD6AE 529049F1 F1BBE9EB")
T = _b("5DD4CBFC 96F5453B 130D890A 1CDBAE32")
R = _b("""E4447E2D FB3586BA C05DDB00 156B57FB B2179A39 49294C97 25418980 0C517BAA
          8DA0FF39 7ED8C445 D3E421E4 FEB57322""")
RP = int.from_bytes(
    _b("A2F8FF2D F50E52C6 599F386A DCB595D2 29F6A167 ADE2BE5F 2C3296AD D5B7430E"), "big"
)
G_MAPPED = (
    int.from_bytes(
        _b("""8E82D315 59ED0FDE 92A4D049 8ADD3C23 BABA94FB 77691E31
                                 E90AEA77 FB17D427"""),
        "big",
    ),
    int.from_bytes(
        _b("""4C1AE14B D0C3DBAC 0C871B7F 36081693 64437CA3 0AC243A0
                                 89D3F266 C1E60FAD"""),
        "big",
    ),
)
SK_IFD = int.from_bytes(
    _b("""A73FB703 AC1436A1 8E0CFA5A BB3F7BEC 7A070E7A 6788486B
                              EE230C4A 22762595"""),
    "big",
)
PK_IFD = _b("""04 89CBA23F FE96AA18 D824627C 3E934E54 A9FD0B87 A95D1471 DC1C0ABF DCD640D4
               6755DE9B 7B778280 B6BEBD57 439ADFEB 0E21FD4E D6DF4257 8C13418A 59B34C37""")
PK_IC = _b("""04 67F78E5F 7F768608 2B293E8D 087E0569 16D0F74B C01A5F89 57D0DE45 691E51E8
              932B69A9 62B52A09 85AD2C0A 271EE6A1 3A8ADDDC D1A3A994 B9DED257 F4D22753""")
SHARED = _b("4F150FDE 1D4F0E38 E95017B8 91BAE171 33A0DF45 B0D3E18B 60BA7BEA FDC2C713")
KS_ENC = _b("0D3FEB33 251A6370 893D62AE 8DAAF51B")
KS_MAC = _b("B01E89E3 D9E8719E 586B50B4 A7506E0B")
TOKEN_IFD, TOKEN_IC = _b("450F02B8 6F6A0909"), _b("75D4D96E 8D5B0308")


def test_integrated_mapping_of_the_worked_example() -> None:
    assert pace.kdf(b"123456", 3) == K_PI
    assert pace._aes_cbc(K_PI, Z, decrypt=True) == S
    assert pace.pseudo_random(S, T, CURVE.p.bit_length()) == R
    assert int.from_bytes(R, "big") % CURVE.p == RP
    assert CURVE.encode_to_point(RP) == G_MAPPED
    assert pace.integrated_map(CURVE, S, T) == G_MAPPED
    assert CURVE.encode(CURVE.mul(SK_IFD, G_MAPPED)) == PK_IFD
    secret = pace.shared_secret(CURVE, CURVE.mul(SK_IFD, CURVE.decode(PK_IC)))
    assert secret == SHARED
    assert (pace.kdf(secret, 1), pace.kdf(secret, 2)) == (KS_ENC, KS_MAC)
    im = pace.PACE_ECDH_IM_AES_128
    assert pace.auth_token(KS_MAC, CURVE, PK_IC, im) == TOKEN_IFD
    assert pace.auth_token(KS_MAC, CURVE, PK_IFD, im) == TOKEN_IC


@pytest.mark.parametrize("param", [12, 13], ids=["P-256", "brainpoolP256r1"])
def test_the_point_encoding_lands_on_the_curve(param) -> None:
    curve = CURVES[param]
    for i in range(1, 40):
        x, y = curve.encode_to_point(pow(7919, i, curve.p))
        assert curve.on_curve((x, y))


def test_the_reader_replays_the_worked_example() -> None:
    def ga(data: bytes) -> bytes:
        return tlv.encode(0x7C, data) + bytes.fromhex("9000")

    answers = iter(
        [
            bytes.fromhex("9000"),
            ga(tlv.encode(0x80, Z)),
            ga(b""),
            ga(tlv.encode(0x84, PK_IC)),
            ga(tlv.encode(0x86, TOKEN_IC)),
        ]
    )
    sent: list[bytes] = []

    def chip(apdu: bytes) -> bytes:
        sent.append(apdu)
        return next(answers)

    info = pace.PaceInfo(pace.PACE_ECDH_IM_AES_128, 2, 13)
    assert info.mapping == "ECDH-IM"
    sm = pace.authenticate(chip, KEY, info, sk_eph=SK_IFD, nonce_t=T, password=K_PI)
    assert sent[0] == bytes.fromhex("0022C1A412800A04007F0007020204040283010184010D")
    assert CommandApdu.parse(sent[2]).data == tlv.encode(0x7C, tlv.encode(0x81, T))
    assert CommandApdu.parse(sent[3]).data == tlv.encode(0x7C, tlv.encode(0x83, PK_IFD))
    assert sent[4] == bytes.fromhex("008600000C7C0A8508") + TOKEN_IFD + b"\x00"
    assert (sm.ks_enc, sm.ks_mac) == (KS_ENC, KS_MAC)


@pytest.mark.parametrize("param", [12, 13], ids=["P-256", "brainpoolP256r1"])
def test_an_ecdh_im_chip_is_read_and_verified(passport, trust, param) -> None:
    card = EPassportCard(
        passport.files,
        passport.key,
        pace_parameter_id=param,
        pace_protocol=pace.PACE_ECDH_IM_AES_128,
    )
    rdr = SimulatedChipReader(card)
    rdr.connect()
    sent: list[bytes] = []

    def transmit(apdu: bytes) -> bytes:
        sent.append(apdu)
        return rdr.transmit(apdu)

    doc = reader.read_and_verify(transmit, passport.mrz_lines, passport.key, trust)
    assert doc.problems == [], doc.error
    assert doc.verified and doc.access_protocol == "PACE" and doc.pace_mapping == "ECDH-IM"
    assert doc.to_json()["pace_mapping"] == "ECDH-IM"
    assert pace.PACE_ECDH_IM_AES_128 in next(a for a in sent if a[1] == 0x22)
    k = passport.key
    rdr.connect()
    doc = reader.read_and_verify(
        rdr.transmit, passport.mrz_lines, BacKey(k.document_number, k.birth_date, "010101"), trust
    )
    assert doc.problems == [reader.ACCESS_DENIED] and not doc.verified


def test_card_access_offers_the_integrated_mapping() -> None:
    assert pace.parse_card_access(pace.build_card_access(12, pace.PACE_ECDH_IM_AES_128)) == [
        pace.PaceInfo(pace.PACE_ECDH_IM_AES_128, 2, 12)
    ]
