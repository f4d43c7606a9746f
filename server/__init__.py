"""The reference central server (FastAPI). Shares only the record contract with the kiosk."""
