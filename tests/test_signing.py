import copy

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from simcontract.signing import (
    SignatureError,
    canonical_bytes,
    key_id,
    load_public_key_pem,
    make_envelope,
    open_envelope,
    public_key_pem,
)


def test_canonical_form_is_rfc8785() -> None:
    assert (
        canonical_bytes({"b": 1, "a": [1.0, "é"], "c": None})
        == '{"a":[1,"é"],"b":1,"c":null}'.encode()
    )


def test_envelope_round_trip_and_any_change_fails() -> None:
    key = Ed25519PrivateKey.generate()
    obj = {"record_id": "x", "n": 1, "names": ["Әсел"]}
    env = make_envelope("record", obj, key)
    pub = load_public_key_pem(public_key_pem(key.public_key()))
    assert open_envelope("record", env, pub) == obj
    assert env["key_id"] == key_id(pub) and len(env["key_id"]) == 32
    tampered = copy.deepcopy(env)
    tampered["record"]["n"] = 2
    with pytest.raises(SignatureError, match="does not verify"):
        open_envelope("record", tampered, pub)
    other = Ed25519PrivateKey.generate().public_key()
    with pytest.raises(SignatureError, match="key_id"):
        open_envelope("record", env, other)
    with pytest.raises(SignatureError, match="exactly the keys"):
        open_envelope("record", {**env, "extra": 1}, pub)
    with pytest.raises(SignatureError, match="base64"):
        open_envelope("record", {**env, "signature": "!!"}, pub)
