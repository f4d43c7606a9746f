"""The Qt user interface: the only package that imports Qt widgets.

- ``app.run_app`` builds the QApplication and the window and runs the loop (``simkiosk run``).
- ``early_init``: checks before Qt starts, crash files (no Qt imported at module level).
- ``main_window.MainWindow``: header, one stacked page per flow step (``screens/``), timers.
- ``flow.FlowController``: forwards the screens' intents to the enrollment session and runs the
  blocking ones through ``tasks.TaskRunner`` (per-device lanes, GUI-thread callbacks).
- ``diagnostics.DiagnosticsScreen``: the technician's PIN-protected screen, assembled from the
  ``diag_*`` modules (PIN gate, checks, devices, camera, log, widgets; ``diag_bundle``: no Qt).
- ``i18n`` (kk/ru/en words), ``theme`` (style sheet), ``widgets`` (camera view, prompt picture).

Keyboard: Enter presses the page's main button, Esc cancels the session, Ctrl+Shift+D opens
the diagnostics screen from the attract screen.
"""
