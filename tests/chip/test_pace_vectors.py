"""PACE (ECDH generic mapping, AES-128) against the worked example of ICAO Doc 9303 part 11,
appendix G.1 (MRZ T22000129 / 640812 / 101031, brainpoolP256r1), and AES secure messaging
against a published known answer."""

from __future__ import annotations

from kiosk.documents.chip import pace
from kiosk.documents.chip.apdu import CommandApdu
from kiosk.documents.chip.bac import BacKey
from kiosk.documents.chip.ec_math import CURVES
from kiosk.documents.chip.secure_messaging import AesSecureMessaging

H = bytes.fromhex
KEY = BacKey("T22000129", "640812", "101031")
CURVE = CURVES[13]
SK_MAP_IFD = 0x7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99
SK_MAP_IC = 0x498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560
SK_IFD = 0xA73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595
SK_IC = 0x107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A
PK_MAP_IC = H(
    "04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F57"
    "30D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54"
)
PK_IC = H(
    "049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB"
    "7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094"
)


def test_password_key_and_nonce():
    assert pace.password_key(KEY) == H("89DED1B26624EC1E634C1989302849DD")
    s = pace._aes_cbc(pace.password_key(KEY), H("95A3A016522EE98D01E76CB6B98B42C3"), decrypt=True)
    assert s == H("3F00C4D39D153F2B2A214A078D899B22")


def test_mapping_key_agreement_and_tokens():
    assert CURVE.encode(CURVE.mul(SK_MAP_IFD, CURVE.g)) == H(
        "047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E"
        "544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D"
    )
    assert CURVE.encode(CURVE.mul(SK_MAP_IC, CURVE.g)) == PK_MAP_IC
    g = pace._mapped_generator(
        CURVE, 0x3F00C4D39D153F2B2A214A078D899B22, SK_MAP_IFD, CURVE.decode(PK_MAP_IC)
    )
    assert g == (
        0x8CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E2,
        0x8C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522,
    )
    pk_ifd = CURVE.encode(CURVE.mul(SK_IFD, g))
    assert pk_ifd == H(
        "042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C"
        "3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462"
    )
    assert CURVE.encode(CURVE.mul(SK_IC, g)) == PK_IC
    secret = CURVE.mul(SK_IFD, CURVE.decode(PK_IC))[0].to_bytes(32, "big")
    assert secret == H("28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925")
    ks_enc, ks_mac = pace.kdf(secret, 1), pace.kdf(secret, 2)
    assert ks_enc == H("F5F0E35C0D7161EE6724EE513A0D9A7F")
    assert ks_mac == H("FE251C7858B356B24514B3BD5F4297D1")
    assert pace.auth_token(ks_mac, CURVE, PK_IC) == H("C2B0BD78D94BA866")


def test_the_reader_replays_the_worked_example():
    """The reader's side against the chip's published answers, step by step."""
    answers = iter(
        [
            H("9000"),
            H("7C12801095A3A016522EE98D01E76CB6B98B42C3") + H("9000"),
            H("7C438241") + PK_MAP_IC + H("9000"),
            H("7C438441") + PK_IC + H("9000"),
        ]
    )
    sent: list[bytes] = []
    secret = CURVE.mul(SK_IFD, CURVE.decode(PK_IC))[0].to_bytes(32, "big")
    g = pace._mapped_generator(
        CURVE, 0x3F00C4D39D153F2B2A214A078D899B22, SK_MAP_IFD, CURVE.decode(PK_MAP_IC)
    )
    pk_ifd = CURVE.encode(CURVE.mul(SK_IFD, g))
    chip_token = pace.auth_token(pace.kdf(secret, 2), CURVE, pk_ifd)

    def chip(apdu: bytes) -> bytes:
        sent.append(apdu)
        try:
            return next(answers)
        except StopIteration:
            return pace.tlv.encode(0x7C, pace.tlv.encode(0x86, chip_token)) + H("9000")

    info = pace.PaceInfo(pace.PACE_ECDH_GM_AES_128, 2, 13)
    sm = pace.authenticate(chip, KEY, info, sk_map=SK_MAP_IFD, sk_eph=SK_IFD)
    assert sent[0] == H("0022C1A412800A04007F0007020204020283010184010D")
    assert sent[1] == H("10860000027C0000")
    assert sent[2][5:] == H(
        "7C438141047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262"
        "E0C2CC5E544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777"
        "A9C4922D00"
    )
    assert sent[4] == H("008600000C7C0A8508C2B0BD78D94BA86600")
    assert (sm.ks_enc, sm.ks_mac, sm.ssc) == (
        H("F5F0E35C0D7161EE6724EE513A0D9A7F"),
        H("FE251C7858B356B24514B3BD5F4297D1"),
        bytes(16),
    )


def test_card_access_round_trip():
    assert pace.parse_card_access(pace.build_card_access(12)) == [
        pace.PaceInfo(pace.PACE_ECDH_GM_AES_128, 2, 12)
    ]
    # an EF.CardAccess offering only ECDH-GM with 3DES offers nothing this reader does
    assert pace.parse_card_access(H("31143012060a04007f0007020204020102010202010d")) == []


def test_aes_secure_messaging_known_answer():
    sm = AesSecureMessaging(
        H("68406b4162100563d9c901a6154d2901"),
        H("73ff268784f72af833fdc9464049afc9"),
        (4).to_bytes(16, "big"),
    )
    cmd = CommandApdu.parse(H("002281b60f830d44455445535444564445303139"))
    assert sm.protect(cmd) == H(
        "0c2281b61d871101a7bb8f230fff9221162ad673b9f319a88e08d8713e9b7a600b4900"
    )
    r = sm.unprotect(H("990290008e08c8488f79fef386c79000"))
    assert r.sw == 0x9000 and r.data == b""
