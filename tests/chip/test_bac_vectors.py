"""BAC and secure messaging against the worked example of ICAO Doc 9303 part 11, appendix D
(MRZ L898902C<3 / 690806 / 940623): every intermediate value the appendix publishes."""

from __future__ import annotations

import pytest

from kiosk.documents.chip import bac
from kiosk.documents.chip.apdu import CommandApdu
from kiosk.documents.chip.crypto import des3_encrypt, pad, retail_mac
from kiosk.documents.chip.secure_messaging import SecureMessaging, SecureMessagingError

H = bytes.fromhex
KEY = bac.BacKey("L898902C", "690806", "940623")
KS_ENC = H("979EC13B1CBFE9DCD01AB0FED307EAE5")
KS_MAC = H("F1CB1F1FB5ADF208806B89DC579DC1F8")
SSC0 = H("887022120C06C226")


def test_key_derivation_from_the_mrz():
    assert KEY.mrz_information() == "L898902C<369080619406236"
    assert KEY.seed() == H("239AB9CB282DAF66231DC5A4DF6BFBAE")
    assert KEY.keys() == (
        H("AB94FDECF2674FDFB9B391F85D7F76F2"),
        H("7962D9ECE03D1ACD4C76089DCE131543"),
    )


def test_long_document_number_uses_the_whole_number():
    key = bac.BacKey("D23145890734", "340712", "950712")
    assert key.mrz_information() == "D23145890734934071279507122"


def test_mutual_authentication_replays_the_example():
    rnd_ic, rnd_ifd = H("4608F91988702212"), H("781723860C06C226")
    k_ifd = H("0B795240CB7049B01C19B33E32804F0B")
    sent: list[bytes] = []

    def chip(apdu: bytes) -> bytes:
        sent.append(apdu)
        if apdu[1] == 0x84:
            return rnd_ic + b"\x90\x00"
        return (
            H("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449")
            + b"\x90\x00"
        )

    sm = bac.authenticate(chip, KEY, rnd_ifd=rnd_ifd, k_ifd=k_ifd)
    assert sent[0] == H("0084000008")
    assert sent[1] == H(
        "0082000028"
        "72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F"
        "76ED92F2"
        "5F1448EEA8AD90A7"
        "28"
    )
    assert (sm.ks_enc, sm.ks_mac, sm.ssc) == (KS_ENC, KS_MAC, SSC0)


def test_card_side_answers_with_the_example_cryptogram():
    cmd = H("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A7")
    answer = bac.card_answer(
        KEY, H("4608F91988702212"), cmd, k_ic=H("0B4F80323EB3191CB04970CB4052790B")
    )
    assert answer is not None
    resp, sm = answer
    assert resp == H(
        "46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449"
    )
    assert (sm.ks_enc, sm.ks_mac, sm.ssc) == (KS_ENC, KS_MAC, SSC0)


def test_wrong_mrz_is_refused_by_the_card_side():
    cmd = H("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A7")
    wrong = bac.BacKey("L898902C", "690806", "940624")
    assert bac.card_answer(wrong, H("4608F91988702212"), cmd) is None


def test_retail_mac_and_encryption_of_the_example():
    assert des3_encrypt(KS_ENC, pad(H("011E"))) == H("6375432908C044F6")
    n = H("887022120C06C2270CA4020C800000008709016375432908C044F6")
    assert retail_mac(KS_MAC, pad(n)) == H("BF8B92D635FF24F8")


def test_secure_messaging_select_and_read_binary_of_the_example():
    sm = SecureMessaging(KS_ENC, KS_MAC, SSC0)
    # SELECT EF.COM
    assert sm.protect(CommandApdu(0x00, 0xA4, 0x02, 0x0C, H("011E"))) == H(
        "0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800"
    )
    assert sm.ssc == H("887022120C06C227")
    r = sm.unprotect(H("990290008E08FA855A5D4C50A8ED9000"))
    assert (r.data, r.sw, sm.ssc) == (b"", 0x9000, H("887022120C06C228"))
    # READ BINARY, first four bytes
    assert sm.protect(CommandApdu(0x00, 0xB0, 0x00, 0x00, le=4)) == H(
        "0CB000000D9701048E08ED6705417E96BA5500"
    )
    r = sm.unprotect(H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000"))
    assert (r.data, r.sw, sm.ssc) == (H("60145F01"), 0x9000, H("887022120C06C22A"))
    # READ BINARY, the remaining 18 bytes from offset 4
    assert sm.protect(CommandApdu(0x00, 0xB0, 0x00, 0x04, le=0x12)) == H(
        "0CB000040D9701128E082EA28A70F3C7B53500"
    )
    r = sm.unprotect(
        H("871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000")
    )
    assert r.data == H("04303130365F36063034303030305C026175")
    assert sm.ssc == H("887022120C06C22C")


def test_a_flipped_response_mac_breaks_the_channel():
    sm = SecureMessaging(KS_ENC, KS_MAC, SSC0)
    sm.protect(CommandApdu(0x00, 0xA4, 0x02, 0x0C, H("011E")))
    with pytest.raises(SecureMessagingError):
        sm.unprotect(H("990290008E08FA855A5D4C50A8EE9000"))


def test_card_side_unwraps_what_the_reader_wraps_and_back():
    reader = SecureMessaging(KS_ENC, KS_MAC, SSC0)
    card = SecureMessaging(KS_ENC, KS_MAC, SSC0)
    for cmd in (
        CommandApdu(0x00, 0xA4, 0x02, 0x0C, H("011E")),
        CommandApdu(0x00, 0xB0, 0x01, 0x00, le=1000),  # extended Le
        CommandApdu(0x00, 0xB1, 0x00, 0x00, H("54038000FF"), le=256),
    ):  # odd INS
        got = card.unprotect_command(CommandApdu.parse(reader.protect(cmd)))
        assert got == cmd
        payload = bytes(range(256)) * 4 if cmd.le == 1000 else b"\x53\x02ab"
        r = reader.unprotect(card.protect_response(cmd.ins, payload[: cmd.le or 0], 0x9000))
        assert r.data == payload[: cmd.le or 0]
    assert reader.ssc == card.ssc


def test_a_replayed_command_fails_on_the_card():
    reader = SecureMessaging(KS_ENC, KS_MAC, SSC0)
    card = SecureMessaging(KS_ENC, KS_MAC, SSC0)
    apdu = CommandApdu.parse(reader.protect(CommandApdu(0x00, 0xA4, 0x02, 0x0C, H("011E"))))
    card.unprotect_command(apdu)
    card.protect_response(0xA4, b"", 0x9000)
    with pytest.raises(SecureMessagingError):
        card.unprotect_command(apdu)  # the SSC has moved on: the same MAC no longer verifies
