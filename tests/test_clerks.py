import stat

import pytest

from kiosk.clerks import MAX_FAILURES, ClerkRegistry
from kiosk.errors import InputError


class Clock:
    t = 0.0

    def __call__(self) -> float:
        return self.t


def test_pins_are_hashed_and_checked(tmp_path) -> None:
    reg = ClerkRegistry(tmp_path / "clerks.json")
    reg.add("clerk-7", "482913")
    text = (tmp_path / "clerks.json").read_text()
    assert "482913" not in text
    assert stat.S_IMODE((tmp_path / "clerks.json").stat().st_mode) == 0o600
    assert reg.authenticate("clerk-7", "482913")
    assert not reg.authenticate("clerk-7", "000000")
    assert not reg.authenticate("nobody", "482913")
    assert reg.ids() == ["clerk-7"]
    assert reg.remove("clerk-7") and not reg.authenticate("clerk-7", "482913")


def test_lockout_after_repeated_failures(tmp_path) -> None:
    clock = Clock()
    reg = ClerkRegistry(tmp_path / "clerks.json", clock=clock)
    reg.add("c1", "1234")
    for _ in range(MAX_FAILURES):
        assert not reg.authenticate("c1", "9999")
    assert not reg.authenticate("c1", "1234")  # right PIN, but locked out
    clock.t += 301
    assert reg.authenticate("c1", "1234")


@pytest.mark.parametrize(("cid", "pin"), [("bad id", "1234"), ("c", "12"), ("c", "abcd")])
def test_bad_input(tmp_path, cid, pin) -> None:
    with pytest.raises(InputError):
        ClerkRegistry(tmp_path / "c.json").add(cid, pin)
