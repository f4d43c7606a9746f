"""``simkiosk match`` run for real in a subprocess on images the tests write."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.biometrics.support import back_side, degrade, render_card

ROOT = Path(__file__).resolve().parents[2]


def simkiosk(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def images(
    tmp_path_factory: pytest.TempPathFactory, astronaut: np.ndarray, astronaut_head: np.ndarray
) -> Path:
    folder = tmp_path_factory.mktemp("match-images")
    card = render_card(astronaut_head)
    # A whole card scanned upside down, as a JPEG; a second, sideways, as PNG.
    cv2.imwrite(
        str(folder / "card_upside_down.jpg"),
        degrade(card, margin=40, blur=0.7, jpeg=70, noise=3, rotate=180),
        [cv2.IMWRITE_JPEG_QUALITY, 92],
    )
    cv2.imwrite(str(folder / "card_sideways.png"), degrade(card, scale=0.8, rotate=270))
    cv2.imwrite(str(folder / "live.jpg"), astronaut, [cv2.IMWRITE_JPEG_QUALITY, 90])
    cv2.imwrite(str(folder / "live_gray.png"), cv2.cvtColor(astronaut, cv2.COLOR_BGR2GRAY))
    cv2.imwrite(str(folder / "back.png"), back_side())
    cv2.imwrite(str(folder / "blurred.jpg"), cv2.GaussianBlur(astronaut, (0, 0), 2.5))
    (folder / "broken.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    cv2.imwrite(str(folder / "thumb.png"), astronaut[:5, :5])
    return folder


def test_one_pair_from_a_whole_upside_down_scan(images: Path) -> None:
    out = simkiosk(
        "match",
        str(images / "card_upside_down.jpg"),
        str(images / "live.jpg"),
        str(images / "live_gray.png"),
        "--json",
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert {"distance", "threshold", "decision", "elapsed_ms", "review_threshold", "model"} <= set(
        result
    )
    assert result["decision"] == "match" and result["distance"] <= result["threshold"]
    assert result["live_frames_used"] == 2
    assert result["elapsed_ms"] > 0


def test_plain_text_output(images: Path) -> None:
    out = simkiosk("match", str(images / "card_sideways.png"), str(images / "live.jpg"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("match: distance 0.")


@pytest.mark.parametrize(
    ("document", "live", "reason"),
    [
        ("back.png", "live.jpg", "document back.png: no face photo found"),
        ("card_sideways.png", "blurred.jpg", "live blurred.jpg: face blurry"),
        ("card_sideways.png", "missing.jpg", "image not found"),
        ("broken.jpg", "live.jpg", "cannot read image"),
        ("thumb.png", "live.jpg", "document thumb.png: image too small"),
        ("card_sideways.png", "thumb.png", "live thumb.png: no face found"),
    ],
)
def test_unusable_input_is_a_one_line_error(
    images: Path, document: str, live: str, reason: str
) -> None:
    out = simkiosk("match", str(images / document), str(images / live), "--json")
    assert out.returncode == 2
    assert reason in json.loads(out.stdout)["error"]
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and reason in lines[0]


def test_needs_a_document_and_a_live_image(images: Path) -> None:
    out = simkiosk("match", str(images / "live.jpg"))
    assert out.returncode == 2 and "LIVE_IMAGE" in out.stderr


def test_batch_pairs_in_order_with_bad_rows(images: Path, tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.csv"
    pairs.write_text(
        "document,live\n"
        f"{images / 'card_upside_down.jpg'},{images / 'live.jpg'}\n"
        f"{images / 'back.png'},{images / 'live.jpg'}\n"
        f"{images / 'card_sideways.png'},{images / 'blurred.jpg'}\n"
        f"{images / 'card_upside_down.jpg'},{images / 'live_gray.png'}\n"
        f"{images / 'card_sideways.png'},{images / 'nowhere.jpg'}\n"
        f"{images / 'card_sideways.png'},{images / 'live.jpg'}\n"
        f"{images / 'card_upside_down.jpg'},\n"
    )
    out = simkiosk("match", "--pairs", str(pairs), "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    results = report["results"]
    assert len(results) == 7
    assert [r.get("decision") for r in results] == [
        "match",
        None,
        None,
        "match",
        None,
        "match",
        None,
    ]
    assert "no face photo found" in results[1]["error"]
    assert "blurry" in results[2]["error"]
    assert "image not found" in results[4]["error"]
    assert "both" in results[6]["error"]
    assert all("distance" in r for r in results if "decision" in r)
    # Each distinct image read and embedded once: 3 documents, 4 live images.
    assert report["embedded"] == {"documents": 3, "live": 4}


def test_batch_paths_relative_to_the_csv(images: Path, tmp_path: Path) -> None:
    (images / "rel.csv").write_text("document,live\ncard_sideways.png,live.jpg\n")
    out = simkiosk("match", "--pairs", str(images / "rel.csv"), "--json", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["results"][0]["decision"] == "match"


def test_batch_csv_without_the_header_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a.jpg,b.jpg\n")
    out = simkiosk("match", "--pairs", str(bad), "--json")
    assert out.returncode == 2 and "header document,live" in json.loads(out.stdout)["error"]


@pytest.mark.faces
def test_batch_shared_faces(shared_faces: Path, tmp_path: Path) -> None:
    pairs = tmp_path / "faces.csv"
    rows = [("obama", "obama2"), ("obama", "biden"), ("obama2", "biden"), ("biden", "obama")]
    pairs.write_text(
        "document,live\n"
        + "".join(f"{shared_faces / (a + '.jpg')},{shared_faces / (b + '.jpg')}\n" for a, b in rows)
    )
    out = simkiosk("match", "--pairs", str(pairs), "--json")
    assert out.returncode == 0, out.stderr
    decisions = [r["decision"] for r in json.loads(out.stdout)["results"]]
    assert decisions == ["match", "no_match", "no_match", "no_match"]


def test_batch_embeds_one_file_once_however_it_is_spelled(images: Path) -> None:
    (images / "spelled.csv").write_text(
        "document,live\n"
        "card_sideways.png,live.jpg\n"
        "./card_sideways.png,./live.jpg\n"
        f"{images / 'card_sideways.png'},{images / 'live.jpg'}\n"
    )
    out = simkiosk("match", "--pairs", str(images / "spelled.csv"), "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert [r["decision"] for r in report["results"]] == ["match"] * 3
    assert len({r["distance"] for r in report["results"]}) == 1
    assert report["embedded"] == {"documents": 1, "live": 1}


def test_batch_on_two_threads_agrees_with_one_pair_at_a_time(images: Path, tmp_path: Path) -> None:
    # Four distinct images: the batch embeds them ahead on the matcher's model sets (threads).
    rows = [
        ("card_upside_down.jpg", "live.jpg"),
        ("card_sideways.png", "live_gray.png"),
        ("card_sideways.png", "live.jpg"),
        ("card_upside_down.jpg", "live_gray.png"),
    ]
    pairs = tmp_path / "four.csv"
    pairs.write_text("document,live\n" + "".join(f"{images / d},{images / lv}\n" for d, lv in rows))
    out = simkiosk("match", "--pairs", str(pairs), "--json")
    assert out.returncode == 0, out.stderr
    batch = [r["distance"] for r in json.loads(out.stdout)["results"]]
    for (document, live), distance in zip(rows[:2], batch, strict=False):
        one = simkiosk("match", str(images / document), str(images / live), "--json")
        assert json.loads(one.stdout)["distance"] == pytest.approx(distance, abs=1e-4)


def test_the_command_module_imports_nothing_heavy() -> None:
    # `simkiosk --help` and `simkiosk match --help` must answer without loading the models.
    code = (
        "import sys, kiosk.commands.match; "
        "heavy = {'cv2', 'numpy', 'dlib', 'PIL', 'PySide6'} & set(sys.modules); "
        "print(sorted(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
        check=True,
    )
    assert out.stdout.strip() == "[]"
