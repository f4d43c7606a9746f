"""MediaPipe's and TensorFlow Lite's native log lines stay off stderr on every path that builds a
MediaPipe graph, the demo's virtual camera included; the kiosk's own lines still get through.

Each case runs in a fresh process: TFLite prints its XNNPACK line once per process, for the
first graph, so only a new process shows whether the first graph on a path is quiet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOISE = (
    "Created TensorFlow Lite XNNPACK delegate",
    "absl::InitializeLog()",
    "inference_feedback_manager",
    "landmark_projection_calculator",
)


def _run(code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for name in ("GLOG_minloglevel", "TF_CPP_MIN_LOG_LEVEL"):  # as a fresh shell would start
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize(
    "code",
    [
        # The demo's path: its virtual camera meshes the subject's photo before any kiosk mesh.
        "from hardware.virtual_subject import VirtualSubjectCamera\n"
        "cam = VirtualSubjectCamera(realtime=False)\ncam.open()\n"
        "assert cam.read() is not None\ncam.close()\nprint('done')",
        # The camera view's face boxes (technician's screen, camera check).
        "from hardware.virtual_subject import _astronaut\n"
        "from kiosk.imaging.mesh import FaceBoxes\n"
        "boxes = FaceBoxes()\nassert boxes(_astronaut())\nboxes.close()\nprint('done')",
    ],
    ids=["virtual-camera", "face-boxes"],
)
def test_first_mediapipe_graph_on_a_path_prints_nothing_native(code: str) -> None:
    done = _run(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "done"
    assert not [n for n in NOISE if n in done.stderr], done.stderr


def test_lines_that_are_not_native_chatter_are_passed_on() -> None:
    done = _run(
        "import os\nfrom kiosk.imaging.native_log import QUIET\n"
        "with QUIET.held():\n"
        "    os.write(2, b'INFO: Created TensorFlow Lite XNNPACK delegate for CPU.\\n')\n"
        "    os.write(2, b'kiosk: camera opened\\n')\n"
        "    os.write(2, b'E0000 00:00:1.5 7 graph.cc:1] a native error stays\\n')\n"
    )
    assert done.returncode == 0
    assert done.stderr.splitlines() == [
        "kiosk: camera opened",
        "E0000 00:00:1.5 7 graph.cc:1] a native error stays",
    ]
