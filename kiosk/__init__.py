"""SIM enrollment kiosk. Keep this module free of imports: ``simkiosk --help`` must stay fast."""

__version__ = "0.1.0"
