"""Elliptic-curve point arithmetic for PACE's generic mapping (Doc 9303 part 11, 4.4.3.3.1).

The mapping builds a new generator G~ = s*G + H, and the key agreement then runs on G~; no
library exposes ECDH on a caller's generator, so the few operations are done here, on affine
coordinates with Python integers (a 256-bit multiplication takes milliseconds). Only public
protocol values and ephemeral keys pass through here.
"""

from __future__ import annotations

from dataclasses import dataclass

Point = tuple[int, int] | None  # None is the point at infinity


@dataclass(frozen=True)
class Curve:
    name: str
    p: int
    a: int
    b: int
    g: tuple[int, int]
    n: int

    @property
    def size(self) -> int:
        return (self.p.bit_length() + 7) // 8

    def on_curve(self, pt: Point) -> bool:
        if pt is None:
            return False
        x, y = pt
        return (y * y - (x * x * x + self.a * x + self.b)) % self.p == 0

    def add(self, p1: Point, p2: Point) -> Point:
        if p1 is None:
            return p2
        if p2 is None:
            return p1
        (x1, y1), (x2, y2) = p1, p2
        if x1 == x2:
            if (y1 + y2) % self.p == 0:
                return None
            lam = (3 * x1 * x1 + self.a) * pow(2 * y1, -1, self.p)
        else:
            lam = (y2 - y1) * pow(x2 - x1, -1, self.p)
        lam %= self.p
        x3 = (lam * lam - x1 - x2) % self.p
        return x3, (lam * (x1 - x3) - y1) % self.p

    def mul(self, k: int, pt: Point) -> Point:
        result: Point = None
        addend = pt
        while k:
            if k & 1:
                result = self.add(result, addend)
            addend = self.add(addend, addend)
            k >>= 1
        return result

    def encode(self, pt: Point) -> bytes:
        """Uncompressed: 04 || x || y."""
        if pt is None:
            raise ValueError("cannot encode the point at infinity")
        return b"\x04" + pt[0].to_bytes(self.size, "big") + pt[1].to_bytes(self.size, "big")

    def encode_to_point(self, t: int) -> tuple[int, int]:
        """f_G of PACE's integrated mapping on ECDH (Doc 9303 part 11, appendix B.2, affine
        coordinates): a field element onto the curve, for p = 3 mod 4 and cofactor 1 (both
        curves here)."""
        p, a, b = self.p, self.a, self.b
        if p % 4 != 3:
            raise ValueError("the point encoding needs p = 3 mod 4")
        alpha = -t * t % p
        alpha2 = (alpha + alpha * alpha) % p
        if alpha2 == 0:
            raise ValueError("the point encoding is undefined for this value")
        x2 = -b * (1 + alpha2) * pow(a * alpha2, p - 2, p) % p
        x3 = alpha * x2 % p
        h2 = (x2 * x2 * x2 + a * x2 + b) % p
        u = t * t * t * h2 % p
        big_a = pow(h2, p - 1 - (p + 1) // 4, p)
        pt = (x2, big_a * h2 % p) if big_a * big_a * h2 % p == 1 else (x3, big_a * u % p)
        if not self.on_curve(pt):
            raise ValueError("the point encoding left the curve")
        return pt

    def decode(self, raw: bytes) -> tuple[int, int]:
        if len(raw) != 1 + 2 * self.size or raw[0] != 0x04:
            raise ValueError("not an uncompressed point of this curve")
        n = self.size
        pt = (int.from_bytes(raw[1 : 1 + n], "big"), int.from_bytes(raw[1 + n :], "big"))
        if not self.on_curve(pt):
            raise ValueError("point is not on the curve")
        return pt


# Standardized domain parameters (BSI TR-03110 part 3, table 4): 12 = NIST P-256,
# 13 = brainpoolP256r1.
CURVES: dict[int, Curve] = {
    12: Curve(
        "secp256r1",
        0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF,
        0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFC,
        0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B,
        (
            0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
            0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5,
        ),
        0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
    ),
    13: Curve(
        "brainpoolP256r1",
        0xA9FB57DBA1EEA9BC3E660A909D838D726E3BF623D52620282013481D1F6E5377,
        0x7D5A0975FC2C3057EEF67530417AFFE7FB8055C126DC5C6CE94A4B44F330B5D9,
        0x26DC5C6CE94A4B44F330B5D9BBD77CBF958416295CF7E1CE6BCCDC18FF8C07B6,
        (
            0x8BD2AEB9CB7E57CB2C4B482FFC81B7AFB9DE27E1E3BD23C23A4453BD9ACE3262,
            0x547EF835C3DAC4FD97F8461A14611DC9C27745132DED8E545C1D54C72F046997,
        ),
        0xA9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7,
    ),
}
