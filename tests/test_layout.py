"""The suite's own shape: tests/ is a package (every folder with Python files has an
__init__.py), so helpers are imported by their place (tests.records.support) and never by a
bare name that some sys.path insertion happened to make importable."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
INSERTION = "sys.path." + "insert"  # spelled apart so this file does not find itself


def test_every_test_folder_is_a_package() -> None:
    folders = {p.parent for p in TESTS.rglob("*.py") if "__pycache__" not in p.parts}
    missing = sorted(str(f.relative_to(TESTS.parent)) for f in folders
                     if not (f / "__init__.py").is_file())
    assert not missing, f"add an __init__.py to: {missing}"


def test_no_test_module_edits_sys_path() -> None:
    edits = sorted(str(p.relative_to(TESTS.parent)) for p in TESTS.rglob("*.py")
                   if INSERTION in p.read_text("utf-8"))
    assert not edits, f"import helpers as tests.<folder>.<module> instead: {edits}"
