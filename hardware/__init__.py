"""The device layer: cameras, document scanners, barcode readers. Plain Python, no Qt widgets.

Every device kind implements a small protocol (``Camera``, ``DocumentScanner``); which class backs
a device is configuration (see ``hardware.registry``), so the demo and the tests run the same code
paths as real hardware.
"""
