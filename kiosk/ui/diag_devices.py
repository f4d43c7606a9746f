"""The devices tab of the technician's screen: the live camera (see :mod:`kiosk.ui.diag_camera`)
and the scanner side by side, the barcode reader and the serial MRZ reader below, each tested
live on its own worker lane. A test scan shows a preview (the scan itself is wiped); the barcode
row records the typed code's length and ICCID validity, never its digits."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, SignalInstance, Slot
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kiosk.ui.diag_camera import CAMERA_MAX_PX, CameraTest
from kiosk.ui.flow import frame_to_qimage
from kiosk.ui.tasks import Lane
from kiosk.ui.widgets import CameraView, button, label
from simcontract.checkdigits import iccid_problem

SERIAL_LISTEN_S = 10.0  # how long the serial test waits for the technician's swipe
SCAN_TIMEOUT_S = 30.0
DEVICE_ROWS = ("camera", "scanner", "barcode", "serial_reader")


class DevicesTab(CameraTest):
    """The devices tab's widgets, and the scanner, barcode and serial reader tests."""

    scan_previewed: SignalInstance

    def _build_devices(self) -> QWidget:
        """Camera and scanner side by side, barcode and serial reader below: all four in view at
        1280x800 (the tab scrolls on smaller screens)."""
        w = QWidget()
        grid = QGridLayout(w)
        grid.setHorizontalSpacing(20)
        grid.setVerticalSpacing(6)
        # camera: the live view with the face box, and its figures
        cam = QVBoxLayout()
        cam.addWidget(label(self._title("camera"), "devicehead", center=False))
        self.camera_view = CameraView(mirror=False)
        self.camera_view.setMinimumSize(240, 180)
        self.camera_view.setMaximumHeight(CAMERA_MAX_PX)
        cam.addWidget(self.camera_view, 1)
        cam_row = QHBoxLayout()
        self.camera_button = button(self._tr("diag_camera"), "tech", "diagnostics_camera")
        self.camera_button.clicked.connect(self.toggle_camera)
        self.camera_button.setEnabled(self.camera is not None)
        cam_row.addWidget(self.camera_button)
        self.fps_label = label(
            self._tr("diag_camera_off" if self.camera else "diag_no_camera"), None, center=False
        )
        self.fps_label.setObjectName("diagnostics_fps")
        cam_row.addWidget(self.fps_label, 1)
        cam.addLayout(cam_row)
        grid.addLayout(cam, 0, 0)
        # scanner: a test scan and its preview
        scan = QVBoxLayout()
        scan.addWidget(label(self._title("scanner"), "devicehead", center=False))
        self.scan_preview = QLabel()
        self.scan_preview.setObjectName("diagnostics_scan_preview")
        self.scan_preview.setFixedSize(200, 150)
        self.scan_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scan_preview.setStyleSheet("background: #222222;")
        scan.addWidget(self.scan_preview)
        self.scan_button = button(self._tr("diag_test_scan"), "tech", "diagnostics_test_scan")
        self.scan_button.clicked.connect(self.test_scan)
        self.scan_button.setEnabled(self.scanner is not None)
        scan.addWidget(self.scan_button)
        self.scan_label = label(
            self._tr("diag_no_scanner") if self.scanner is None else "", None, center=False
        )
        self.scan_label.setObjectName("diagnostics_scan_result")
        scan.addWidget(self.scan_label)
        scan.addStretch(1)
        grid.addLayout(scan, 0, 1)
        # barcode (keyboard wedge): what it typed, and whether that is a valid ICCID
        code = QVBoxLayout()
        code.addWidget(label(self._title("barcode"), "devicehead", center=False))
        self.barcode = QLineEdit()
        self.barcode.setObjectName("diagnostics_barcode")
        self.barcode.setProperty("role", "compact")
        self.barcode.setPlaceholderText(self._tr("diag_barcode_hint"))
        self.barcode.setMaxLength(64)
        self.barcode.returnPressed.connect(self._barcode_read)
        code.addWidget(self.barcode)
        self.barcode_label = label("", None, center=False)
        self.barcode_label.setObjectName("diagnostics_barcode_result")
        code.addWidget(self.barcode_label)
        grid.addLayout(code, 1, 0)
        # serial MRZ reader: listen for a line
        serial = QVBoxLayout()
        serial.addWidget(label(self._title("serial_reader"), "devicehead", center=False))
        self.serial_button = button(
            self._tr("diag_serial_listen", s=f"{SERIAL_LISTEN_S:g}"),
            "tech",
            "diagnostics_serial_listen",
        )
        self.serial_button.clicked.connect(self.test_serial)
        self.serial_button.setEnabled(self._serial_reader() is not None)
        serial.addWidget(self.serial_button)
        self.serial_label = label(
            "" if self._serial_reader() else self._tr("diag_no_serial"), None, center=False
        )
        self.serial_label.setObjectName("diagnostics_serial_result")
        serial.addWidget(self.serial_label)
        grid.addLayout(serial, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(2, 1)
        return w

    def test_scan(self) -> None:
        """One scan on the scanner's own lane; the preview replaces the scan (wiped)."""
        if self.scanner is None:
            return
        from hardware.diagnostics import try_scan

        scanner = self.scanner
        self.scan_button.setEnabled(False)
        self.scan_label.setText(self._tr("diag_scanning"))

        def work() -> tuple[dict[str, Any], QImage | None]:
            check, thumb = try_scan(scanner, SCAN_TIMEOUT_S, own=False)
            image = frame_to_qimage(thumb) if thumb is not None else None
            if thumb is not None:
                thumb.fill(0)
            return check.as_dict(), image

        def done(result: tuple[dict[str, Any], QImage | None]) -> None:
            check, image = result
            self.scan_button.setEnabled(True)
            self.scan_label.setText(check["detail"])
            self._record(check)
            if image is not None and self.unlocked:
                self.scan_preview.setPixmap(
                    QPixmap.fromImage(image).scaled(
                        self.scan_preview.size(),
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
                self.scan_previewed.emit()

        def failed(exc: BaseException) -> None:
            self.scan_button.setEnabled(True)
            self.tasks.report("test scan", exc)
            self.scan_label.setText(str(exc))

        self.tasks.run(
            work, lane=Lane.SCANNER, label="test scan", on_success=done, on_failure=failed
        )

    @Slot()
    def _barcode_read(self) -> None:
        """A wedge scanner typed a code and Enter. The code stays on screen only; the row (and
        the bundle) get its length and validity, never the digits."""
        text = self.barcode.text().strip().replace(" ", "")
        problem = iccid_problem(text)
        if problem:
            detail = self._tr("diag_barcode_bad", n=len(text), reason=problem)
        else:
            detail = self._tr("diag_barcode_ok", n=len(text))
        self.barcode_label.setText(detail)
        self._record(
            {
                "name": "barcode",
                "status": "warn" if problem else "ok",
                "detail": detail,
                "info": {"chars": len(text), "iccid_valid": not problem},
            }
        )
        self.barcode.selectAll()  # the next scan replaces this one

    def _serial_reader(self) -> Any:
        return self.scanner if hasattr(self.scanner, "listen") else None

    def test_serial(self) -> None:
        reader = self._serial_reader()
        if reader is None:
            return
        from hardware.diagnostics import ERROR, OK, WARN, Check

        self.serial_button.setEnabled(False)
        self.serial_label.setText(self._tr("diag_serial_listening", s=f"{SERIAL_LISTEN_S:g}"))

        def work() -> dict[str, Any]:
            if not reader.health().ok:
                reader.open()
            heard = reader.listen(SERIAL_LISTEN_S)
            info = {"port": reader.device_id, **heard}
            if heard["line_after_s"] is None:
                return Check(
                    "serial_reader",
                    WARN,
                    f"{reader.device_id}: no line within "
                    f"{SERIAL_LISTEN_S:g} s ({heard['bytes']} bytes)",
                    info,
                ).as_dict()
            what = "an MRZ" if heard["mrz"] else "a line (not an MRZ)"
            return Check(
                "serial_reader",
                OK,
                f"{reader.device_id}: {what} after {heard['line_after_s']:.1f} s",
                info,
            ).as_dict()

        def done(check: dict[str, Any]) -> None:
            self.serial_button.setEnabled(True)
            self.serial_label.setText(check["detail"])
            self._record(check)

        def failed(exc: BaseException) -> None:
            self.serial_button.setEnabled(True)
            self.serial_label.setText(str(exc))
            self._record(Check("serial_reader", ERROR, str(exc)).as_dict())

        self.tasks.run(
            work, lane=Lane.SCANNER, label="serial reader test", on_success=done, on_failure=failed
        )

    @Slot(int)
    def _tab_changed(self, index: int) -> None:
        if index == 1:
            self.barcode.setFocus()  # a wedge scanner types wherever the focus is
