"""The suite's own shape: tests/ is a package (every folder with Python files has an
__init__.py), so helpers are imported by their place (tests.records.support) and never by a
bare name that some sys.path insertion happened to make importable."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
INSERTION = "sys.path." + "insert"  # spelled apart so this file does not find itself


def test_every_test_folder_is_a_package() -> None:
    folders = {p.parent for p in TESTS.rglob("*.py") if "__pycache__" not in p.parts}
    missing = sorted(
        str(f.relative_to(TESTS.parent)) for f in folders if not (f / "__init__.py").is_file()
    )
    assert not missing, f"add an __init__.py to: {missing}"


def test_no_test_module_edits_sys_path() -> None:
    edits = sorted(
        str(p.relative_to(TESTS.parent))
        for p in TESTS.rglob("*.py")
        if INSERTION in p.read_text("utf-8")
    )
    assert not edits, f"import helpers as tests.<folder>.<module> instead: {edits}"


ROOT = TESTS.parent
PACKAGES = ("kiosk", "hardware", "server", "simcontract")


def _class_names() -> dict[str, list[str]]:
    """Every top-level and nested class statement of the product code, by name."""
    import ast

    found: dict[str, list[str]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text("utf-8"), str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef):
                    found.setdefault(node.name, []).append(
                        f"{path.relative_to(ROOT)}:{node.lineno}"
                    )
    return found


def test_no_class_name_is_defined_twice() -> None:
    """Issue #15: a reader who greps for a class finds the one. Two `RecordInvalid`s or two
    `Outcome`s make the wrong one the first found; give the second a name of its own."""
    twice = {name: where for name, where in _class_names().items() if len(where) > 1}
    assert not twice, f"class names defined more than once: {twice}"


def test_the_class_name_check_sees_classes() -> None:
    """The check above is not vacuous: it finds classes known to exist."""
    names = _class_names()
    assert "EnrollmentSession" in names and "KioskSettings" in names


# `kiosk/ui/screens/` style folders and `server/api/` style paths; `.py` files and folders
# named in backticks in docs/architecture.md.
def _paths_named_in_architecture() -> list[str]:
    import re

    text = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    named = re.findall(r"`((?:kiosk|hardware|server|simcontract|tests)/[\w./{},<>-]*)`", text)
    return sorted({n for n in named if "{" not in n and "<" not in n})


def test_every_module_named_in_the_architecture_exists() -> None:
    named = _paths_named_in_architecture()
    assert len(named) > 20, named  # the pattern still finds the document's paths
    missing = [n for n in named if not (ROOT / n.rstrip("/")).exists()]
    assert not missing, f"docs/architecture.md names modules that do not exist: {missing}"
