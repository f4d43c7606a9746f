"""Activation records: the signed record contract, the outbox and the client that submits it."""
