"""Move mediapipe's module-level ``import matplotlib.pyplot`` into the one function that uses it
(``plot_landmarks``, a notebook helper the kiosk never calls), so the kiosk package need not carry
matplotlib: packaging/patch_mediapipe.py SITE/mediapipe. Fails loudly if the file changed."""

from __future__ import annotations

import sys
from pathlib import Path

IMPORT = "import matplotlib.pyplot as plt\n"
ANCHOR = '  """Plot the landmarks and the connections in matplotlib 3d.\n'


def main() -> int:
    path = Path(sys.argv[1]) / "python" / "solutions" / "drawing_utils.py"
    text = path.read_text()
    if IMPORT not in text or ANCHOR not in text:
        print(f"patch_mediapipe: {path} is not the expected file; not patched", file=sys.stderr)
        return 1
    head, _, tail = text.partition(ANCHOR)
    docstring, close, body = tail.partition('  """\n')
    text = head.replace(IMPORT, "") + ANCHOR + docstring + close + "  " + IMPORT + body
    path.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
