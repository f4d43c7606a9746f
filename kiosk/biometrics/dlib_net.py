"""dlib's face-recognition ResNet v1, read from its own model file (no dlib needed).

The file ``dlib_face_recognition_resnet_model_v1.dat`` is dlib's binary serialisation of the
network type ``anet_type`` in dlib's tools/python/src/face_recognition.cpp. This module reads the
layers' parameters from it, in the order dlib wrote them (input side first), into plain numpy
arrays, and checks the layer sequence against the known architecture:

    input_rgb_image_sized<150>    (pixel - channel mean) / 256, RGB
    con 32 7x7 /2, affine, relu, max_pool 3x3 /2
    14 residual blocks: con 3x3 (/2 in a "down" block), affine, relu, con 3x3, affine,
        [avg_pool 2x2 /2 of the block's input in a down block], add the block's input, relu
    avg_pool over everything, fc 128 without bias

dlib's semantics kept exactly (they matter, the shapes do not line up by themselves):

* a stride-2 convolution or pooling has no padding, a stride-1 one pads ``size // 2``;
* ``add_prev`` adds two tensors of different shapes as if the smaller were zero-padded at the
  end of each axis (channels, rows, columns), so the output has the larger of each dimension:
  at 8x8 -> 3x3 (block) vs 4x4 (pooled input) the sum is 4x4, and it stays 4x4 afterwards.

Serialisation details (dlib/serialize.h, dlib/cuda/tensor.h): an integer is one control byte
(size in the low nibble, 0x80 = negative) then that many little-endian bytes; a string is its
length as such an integer then its bytes; a float outside tensors is a (mantissa int64,
exponent int16) pair; a tensor is version 2, four dimensions, then little-endian float32s.
Each layer's details start with its version string ("con_4", "affine_", ...), which is how
they are found here; the values between them (flags, empty gradient tensors) are not needed.

:mod:`kiosk.biometrics.resnet_cv` runs the network with OpenCV's dnn module; :func:`forward`
here is a plain numpy version of the same arithmetic, kept as the readable reference the tests
compare both against (and against dlib itself).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kiosk.errors import KioskError

__all__ = ["Block", "Conv", "DlibResNet", "forward", "read_resnet"]

INPUT_SIZE = 150


class ModelFormatError(KioskError):
    """The model file is not the dlib ResNet v1 this module knows how to read."""


@dataclass
class Conv:
    """A convolution with the following affine layer folded in: y = conv(x, w) + b."""

    weight: np.ndarray  # (out, in, k, k) float32, already multiplied by the affine's gamma
    bias: np.ndarray  # (out,) float32
    stride: int
    pad: int


@dataclass
class Block:
    conv1: Conv
    conv2: Conv
    down: bool  # stride-2 block: the shortcut is a 2x2 /2 average pool of the input


@dataclass
class DlibResNet:
    mean_rgb: tuple[float, float, float]
    stem: Conv
    blocks: list[Block] = field(default_factory=list)
    fc: np.ndarray = field(default_factory=lambda: np.zeros((256, 128), np.float32))


class _Reader:
    def __init__(self, data: bytes, pos: int) -> None:
        self.data = data
        self.pos = pos

    def byte(self) -> int:
        b = self.data[self.pos]
        self.pos += 1
        return b

    def int(self) -> int:
        control = self.byte()
        size = control & 0x0F
        if not 1 <= size <= 8:
            raise ModelFormatError(f"bad integer at byte {self.pos - 1}")
        value = int.from_bytes(self.data[self.pos : self.pos + size], "little")
        self.pos += size
        return -value if control & 0x80 else value

    def string(self) -> str:
        n = self.int()
        text = self.data[self.pos : self.pos + n].decode("ascii")
        self.pos += n
        return text

    def float(self) -> float:
        mantissa, exponent = self.int(), self.int()
        return float(mantissa) * 2.0**exponent

    def tensor(self) -> np.ndarray:
        if self.int() != 2:
            raise ModelFormatError(f"unknown tensor version at byte {self.pos}")
        dims = [self.int() for _ in range(4)]
        count = int(np.prod(dims))
        end = self.pos + 4 * count
        if end > len(self.data):
            raise ModelFormatError("model file truncated")
        values = np.frombuffer(self.data, "<f4", count, self.pos)  # a read-only view
        self.pos = end
        return values


# The layer records, by their version strings, in the order dlib writes them.
_TAGS = (
    "input_rgb_image_sized",
    "con_4",
    "affine_",
    "relu_",
    "max_pool_2",
    "avg_pool_2",
    "add_prev_",
    "fc_2",
    "fc_3",
    "con_5",
    "con_6",
    "affine_2",
    "relu_2",
)


def _records(data: bytes) -> list[tuple[str, int]]:
    """(version string, offset just after it) of every layer record, in file order."""
    import re

    names = "|".join(sorted((t for t in _TAGS), key=len, reverse=True))
    found = []
    for m in re.finditer(rb"\x01([\x04-\x20])(" + names.encode() + rb")", data):
        if m.group(1)[0] == len(m.group(2)):
            found.append((m.group(2).decode(), m.end()))
    return found


def _conv(r: _Reader) -> tuple[np.ndarray, np.ndarray, int, int, int]:
    params = r.tensor()
    filters, rows, cols = r.int(), r.int(), r.int()
    stride_y, stride_x = r.int(), r.int()
    pad_y, pad_x = r.int(), r.int()
    if rows != cols or stride_y != stride_x or pad_y != pad_x:
        raise ModelFormatError("non-square convolution")
    n_in = (params.size - filters) // (filters * rows * cols)
    if n_in * filters * rows * cols + filters != params.size:
        raise ModelFormatError("convolution parameters do not add up")
    weight = params[:-filters].reshape(filters, n_in, rows, cols)
    return weight, params[-filters:], stride_y, pad_y, rows


def _affine(r: _Reader, channels: int) -> tuple[np.ndarray, np.ndarray]:
    params = r.tensor()
    if params.size != 2 * channels:
        raise ModelFormatError("affine layer does not match its convolution")
    return params[:channels], params[channels:]


def read_resnet(path: str | Path) -> DlibResNet:
    """The network's parameters from dlib's model file; ModelFormatError if the file does not
    hold exactly the architecture described in the module's docstring."""
    data = Path(path).read_bytes()
    records = _records(data)
    short = {"input_rgb_image_sized": "in", "max_pool": "max", "avg_pool": "avg", "add_prev": "add"}
    kinds = [(lambda k: short.get(k, k))(k.rstrip("0123456789").rstrip("_")) for k, _p in records]
    seq = " ".join(kinds)
    block = "con affine relu con affine add relu"
    down = "con affine relu con affine avg add relu"
    expected = (
        "in con affine relu max "
        + " ".join(
            [block] * 3
            + [down]
            + [block] * 3
            + [down]
            + [block] * 2
            + [down]
            + [block] * 2
            + [down]
        )
        + " avg fc"
    )
    if seq != expected:
        raise ModelFormatError("not dlib's face recognition ResNet v1: unexpected layers")

    pending: tuple[np.ndarray, np.ndarray, int, int, int] | None = None
    convs: list[Conv] = []
    downs: list[bool] = []
    mean = (0.0, 0.0, 0.0)
    fc = None
    for kind, (_name, pos) in zip(kinds, records, strict=True):
        r = _Reader(data, pos)
        if kind == "in":
            mean = (r.float(), r.float(), r.float())
            if (r.int(), r.int()) != (INPUT_SIZE, INPUT_SIZE):
                raise ModelFormatError("unexpected input size")
        elif kind == "con":
            pending = _conv(r)  # later versions ("con_5", "con_6") only append flags
        elif kind == "affine":
            if pending is None:
                raise ModelFormatError("affine layer without a convolution")
            weight, bias, stride, pad, size = pending
            gamma, beta = _affine(r, weight.shape[0])
            if pad != (0 if stride != 1 else size // 2):
                raise ModelFormatError("unexpected convolution padding")
            convs.append(
                Conv(
                    np.ascontiguousarray(weight * gamma[:, None, None, None]),
                    (bias * gamma + beta).astype(np.float32),
                    stride,
                    pad,
                )
            )
            pending = None
        elif kind == "max":
            if (r.int(), r.int(), r.int(), r.int(), r.int(), r.int()) != (3, 3, 2, 2, 0, 0):
                raise ModelFormatError("unexpected max pooling")
        elif kind == "avg" and len(convs) > 1:
            size, _nc, stride = r.int(), r.int(), r.int()
            if size != 0:  # not the global pool at the end: a down block's shortcut
                if (size, stride) != (2, 2):
                    raise ModelFormatError("unexpected shortcut pooling")
                downs.append(True)
        elif kind == "add":
            if len(downs) < (len(convs) - 1) // 2:
                downs.append(False)
        elif kind == "fc":
            outputs, inputs = r.int(), r.int()
            params = r.tensor()
            if params.size != outputs * inputs:
                raise ModelFormatError("unexpected fully connected layer")
            fc = params.reshape(inputs, outputs)
    if fc is None or len(convs) != 29 or len(downs) != 14:
        raise ModelFormatError("not dlib's face recognition ResNet v1: parameters missing")
    blocks = [Block(convs[1 + 2 * i], convs[2 + 2 * i], downs[i]) for i in range(14)]
    return DlibResNet(mean_rgb=mean, stem=convs[0], blocks=blocks, fc=fc)


# --- numpy reference forward pass ---------------------------------------------------------------


def _conv2d(x: np.ndarray, conv: Conv) -> np.ndarray:
    """(C, H, W) -> (O, H', W'): cross-correlation, dlib's padding and stride, via im2col."""
    c = x.shape[0]
    k = conv.weight.shape[2]
    if conv.pad:
        x = np.pad(x, ((0, 0), (conv.pad, conv.pad), (conv.pad, conv.pad)))
    s = conv.stride
    oh, ow = (x.shape[1] - k) // s + 1, (x.shape[2] - k) // s + 1
    st = x.strides
    cols = np.lib.stride_tricks.as_strided(
        x, (c, k, k, oh, ow), (st[0], st[1], st[2], st[1] * s, st[2] * s)
    )
    out = conv.weight.reshape(conv.weight.shape[0], -1) @ cols.reshape(c * k * k, oh * ow)
    return (out + conv.bias[:, None]).reshape(-1, oh, ow)


def _pool(x: np.ndarray, size: int, stride: int, op) -> np.ndarray:
    c, h, w = x.shape
    oh, ow = (h - size) // stride + 1, (w - size) // stride + 1
    st = x.strides
    win = np.lib.stride_tricks.as_strided(
        x, (c, oh, ow, size, size), (st[0], st[1] * stride, st[2] * stride, st[1], st[2])
    )
    return op(win, axis=(3, 4))


def _add_padded(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """dlib's add_prev: the sum over the larger shape, the smaller zero-padded at the end."""
    shape = tuple(max(p, q) for p, q in zip(a.shape, b.shape, strict=True))
    out = np.zeros(shape, np.float32)
    out[: a.shape[0], : a.shape[1], : a.shape[2]] += a
    out[: b.shape[0], : b.shape[1], : b.shape[2]] += b
    return out


def preprocess(net: DlibResNet, chip_rgb: np.ndarray) -> np.ndarray:
    """A 150x150 RGB uint8 chip as the (3, 150, 150) float32 input dlib's input layer makes."""
    if chip_rgb.shape != (INPUT_SIZE, INPUT_SIZE, 3) or chip_rgb.dtype != np.uint8:
        raise ValueError(f"expected a {INPUT_SIZE}x{INPUT_SIZE} RGB uint8 chip")
    mean = np.array(net.mean_rgb, np.float32)[:, None, None]
    return ((chip_rgb.transpose(2, 0, 1).astype(np.float32) - mean) / 256.0).astype(np.float32)


def forward(net: DlibResNet, chip_rgb: np.ndarray) -> np.ndarray:
    """The (128,) descriptor of one aligned chip, in numpy float32 (slow reference)."""
    x = np.maximum(_conv2d(preprocess(net, chip_rgb), net.stem), 0)
    x = _pool(x, 3, 2, np.max)
    for block in net.blocks:
        y = np.maximum(_conv2d(x, block.conv1), 0)
        y = _conv2d(y, block.conv2)
        shortcut = _pool(x, 2, 2, np.mean) if block.down else x
        x = np.maximum(_add_padded(y, shortcut), 0)
    return x.mean(axis=(1, 2)) @ net.fc
