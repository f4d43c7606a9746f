"""dlib's face-recognition ResNet v1 run by OpenCV's dnn module: the same weights, faster.

Why: the dlib wheel in use (dlib-bin) is built without BLAS, so its convolutions run on dlib's
own matrix code, ~70 ms of CPU per 150x150 chip here; OpenCV's dnn runs the identical network
(its 3x3 convolutions with Winograd, AVX2) several times faster. OpenCV also releases the GIL
while it computes, and dlib's Python binding does not, which is what stalled the kiosk's GUI
thread while a match ran.

How: :func:`kiosk.biometrics.dlib_net.read_resnet` reads the weights from dlib's own model file;
:func:`onnx_model` writes them as a small ONNX graph (encoded here by hand: ONNX is protobuf,
and the ``onnx`` package is not needed for six field types), and OpenCV reads that from memory.
Nothing is written to disk and no second copy of the model is shipped.

The graph is dlib's network step for step; the affine (frozen batch-norm) layers are folded into
their convolutions, a down block's shortcut (2x2 /2 average pool, zero-padded to the block's
channels) is a fixed 2x2 /2 convolution with 0.25 on the diagonal, and where dlib's add_prev
pads the smaller tensor spatially (8x8 -> 3x3 vs 4x4, and 4x4 -> 1x1 vs 2x2) the block's
output is zero-padded at the bottom and right with Pad. tests/biometrics/test_resnet_cv.py
checks descriptors against dlib's to 1e-4 and the decisions on real photographs.
"""

from __future__ import annotations

import struct
import threading
from pathlib import Path

import numpy as np

from kiosk.biometrics import dlib_net

__all__ = ["CvResNet", "onnx_model"]

_OPSET = 11


# --- a minimal protobuf writer, for the few ONNX messages used ---------------------------------


def _varint(n: int) -> bytes:
    out = bytearray()
    n &= (1 << 64) - 1
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _int(field: int, value: int) -> bytes:
    return _varint(field << 3) + _varint(value)


def _bytes(field: int, value: bytes | str) -> bytes:
    data = value.encode() if isinstance(value, str) else value
    return _varint(field << 3 | 2) + _varint(len(data)) + data


def _attr_ints(name: str, values: list[int]) -> bytes:  # AttributeProto, type INTS (7)
    return _bytes(1, name) + b"".join(_int(8, v) for v in values) + _int(20, 7)


def _attr_float(name: str, value: float) -> bytes:  # AttributeProto, type FLOAT (1)
    return _bytes(1, name) + _varint(2 << 3 | 5) + struct.pack("<f", value) + _int(20, 1)


def _node(op: str, inputs: list[str], output: str, *attrs: bytes) -> bytes:  # NodeProto
    body = b"".join(_bytes(1, i) for i in inputs) + _bytes(2, output) + _bytes(3, output)
    body += _bytes(4, op) + b"".join(_bytes(5, a) for a in attrs)
    return _bytes(1, body)


class _Raw:
    """A length-delimited field whose (large) payload is kept as separate chunks, so that the
    24 MB of weights are copied once, into the final bytes, not once per nesting level."""

    def __init__(self, field: int, chunks: list[bytes | memoryview]) -> None:
        self.chunks = chunks
        self.head = _varint(field << 3 | 2) + _varint(sum(len(c) for c in chunks))

    def __len__(self) -> int:
        return len(self.head) + sum(len(c) for c in self.chunks)

    def parts(self) -> list[bytes | memoryview]:
        return [self.head, *self.chunks]


def _tensor(name: str, array: np.ndarray) -> _Raw:  # GraphProto.initializer, TensorProto
    kind = {np.dtype(np.float32): 1, np.dtype(np.int64): 7}[array.dtype]
    data = np.ascontiguousarray(array, array.dtype.newbyteorder("<"))
    head = b"".join(_int(1, d) for d in array.shape) + _int(2, kind) + _bytes(8, name)
    raw = data.data.cast("B")
    return _Raw(5, [head, _varint(9 << 3 | 2) + _varint(len(raw)), raw])


def _value_info(field: int, name: str, shape: tuple[int, ...]) -> bytes:
    dims = b"".join(_bytes(1, _int(1, d)) for d in shape)
    tensor_type = _int(1, 1) + _bytes(2, dims)
    return _bytes(field, _bytes(1, name) + _bytes(2, _bytes(1, tensor_type)))


class _Graph:
    def __init__(self) -> None:
        self.nodes: list[bytes] = []
        self.weights: list[_Raw] = []
        self._n = 0

    def name(self, stem: str) -> str:
        self._n += 1
        return f"{stem}{self._n}"

    def const(self, stem: str, array: np.ndarray) -> str:
        name = self.name(stem)
        self.weights.append(_tensor(name, array))
        return name

    def op(self, op: str, inputs: list[str], *attrs: bytes) -> str:
        out = self.name(op.lower())
        self.nodes.append(_node(op, inputs, out, *attrs))
        return out

    def conv(
        self, x: str, weight: np.ndarray, bias: np.ndarray | None, stride: int, pad: int
    ) -> str:
        k = weight.shape[2]
        inputs = [x, self.const("w", weight.astype(np.float32))]
        if bias is not None:
            inputs.append(self.const("b", bias.astype(np.float32)))
        return self.op(
            "Conv",
            inputs,
            _attr_ints("kernel_shape", [k, k]),
            _attr_ints("strides", [stride, stride]),
            _attr_ints("pads", [pad, pad, pad, pad]),
        )


def _out_size(size: int, k: int, stride: int, pad: int) -> int:
    return (size + 2 * pad - k) // stride + 1


def onnx_model(net: dlib_net.DlibResNet) -> bytes:
    """The network as a serialised ONNX ModelProto: input "chip" (n, 3, 150, 150), already
    normalised as dlib's input layer does; output "descriptor" (n, 128)."""
    g = _Graph()
    stem = net.stem
    x = g.op("Relu", [g.conv("chip", stem.weight, stem.bias, stem.stride, stem.pad)])
    x = g.op("MaxPool", [x], _attr_ints("kernel_shape", [3, 3]), _attr_ints("strides", [2, 2]))
    size = _out_size(
        _out_size(dlib_net.INPUT_SIZE, stem.weight.shape[2], stem.stride, stem.pad), 3, 2, 0
    )
    channels = stem.weight.shape[0]
    for block in net.blocks:
        c1, c2 = block.conv1, block.conv2
        y = g.op("Relu", [g.conv(x, c1.weight, c1.bias, c1.stride, c1.pad)])
        y = g.conv(y, c2.weight, c2.bias, c2.stride, c2.pad)
        out_channels = c2.weight.shape[0]
        block_size = _out_size(size, c1.weight.shape[2], c1.stride, c1.pad)
        if block.down:
            # dlib: avg_pool 2x2 /2 of the input, zero-padded to the block's channels.
            shortcut_w = np.zeros((out_channels, channels, 2, 2), np.float32)
            shortcut_w[np.arange(channels), np.arange(channels)] = 0.25
            shortcut = g.conv(x, shortcut_w, None, 2, 0)
            shortcut_size = _out_size(size, 2, 2, 0)
            if shortcut_size > block_size:  # dlib's add_prev pads the smaller one with zeros
                extra = shortcut_size - block_size
                pads = np.array([0, 0, 0, 0, 0, 0, extra, extra], np.int64)
                y = g.op("Pad", [y, g.const("pads", pads)])
                block_size = shortcut_size
            elif shortcut_size != block_size:
                raise dlib_net.ModelFormatError("unexpected shortcut size")
        else:
            shortcut = x
        x = g.op("Relu", [g.op("Add", [y, shortcut])])
        size, channels = block_size, out_channels
    x = g.op("Flatten", [g.op("GlobalAveragePool", [x])])
    out = g.op("MatMul", [x, g.const("fc", net.fc.astype(np.float32))])
    g.nodes.append(_node("Identity", [out], "descriptor"))
    head = b"".join(g.nodes) + _bytes(2, "dlib_resnet_v1")
    tail = _value_info(11, "chip", (1, 3, dlib_net.INPUT_SIZE, dlib_net.INPUT_SIZE)) + _value_info(
        12, "descriptor", (1, 128)
    )
    graph = _Raw(7, [head, *(p for w in g.weights for p in w.parts()), tail])
    opset = _bytes(8, _bytes(1, "") + _int(2, _OPSET))
    return b"".join([_int(1, 6), _bytes(2, "simkiosk"), opset, *graph.parts()])


class CvResNet:
    """dlib's ResNet v1 in an OpenCV dnn Net. One Net is not safe to run from two threads at
    once, so each instance serialises its own calls; the faces module keeps one per model set.
    OpenCV computes without the GIL."""

    def __init__(self, model_file: str | Path) -> None:
        import cv2

        self.resnet = dlib_net.read_resnet(model_file)
        self._net = cv2.dnn.readNetFromONNX(np.frombuffer(onnx_model(self.resnet), np.uint8))
        self._net.setPreferableBackend(cv2.dnn.DNN_BACKEND_OPENCV)
        self._net.setPreferableTarget(cv2.dnn.DNN_TARGET_CPU)
        self._mean = tuple(float(m) for m in self.resnet.mean_rgb)
        self._lock = threading.Lock()
        # OpenCV prepares its layers (Winograd weights, buffers) on the first forward pass:
        # here, while the models load, rather than in the first customer's match.
        self._net.setInput(np.zeros((1, 3, dlib_net.INPUT_SIZE, dlib_net.INPUT_SIZE), np.float32))
        self._net.forward()

    def descriptors(self, chips: list[np.ndarray]) -> np.ndarray:
        """(n, 128) float64 descriptors of 150x150 RGB uint8 chips, as dlib computes them."""
        import cv2

        size = dlib_net.INPUT_SIZE
        for chip in chips:
            if chip.shape != (size, size, 3) or chip.dtype != np.uint8:
                raise ValueError(f"expected {size}x{size} RGB uint8 chips")
        if not chips:
            return np.zeros((0, 128))
        # (pixel - mean) * 1/256: 1/256 is exact in float32, so this is dlib's (p - mean) / 256.
        blob = cv2.dnn.blobFromImages(
            chips, 1.0 / 256.0, (size, size), self._mean, swapRB=False, crop=False
        )
        with self._lock:
            self._net.setInput(blob)
            out = self._net.forward()
        return np.asarray(out, dtype=np.float64).reshape(len(chips), 128)
