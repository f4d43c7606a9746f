"""One module per ``simkiosk`` subcommand.

Each module defines ``add_arguments(parser)`` and ``run(args, settings) -> int`` and imports its
heavy dependencies (OpenCV, MediaPipe, dlib, Qt) inside ``run`` so that ``--help`` stays fast.
A subcommand whose module is absent is reported as not available yet (see ``kiosk.cli``).
"""
