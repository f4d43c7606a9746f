"""The record contract shared by the kiosk and the server (and anyone integrating with them).

One module for each part of what travels between them, each existing only here:

- :mod:`simcontract.validation`: the activation record's JSON Schema (``schemas/``) and its
  validation, with the check digits a pattern cannot express;
- :mod:`simcontract.signing`: RFC 8785 canonical JSON, Ed25519 envelopes (records, receipts,
  heartbeats, provisioning), key ids and sealed evidence (X25519 + AES-GCM);
- :mod:`simcontract.sealing`: a signed record envelope sealed to the server (at rest on the
  kiosk, in transit to the server);
- :mod:`simcontract.checkdigits`: ICAO 9303 (7-3-1), the Kazakh IIN's and Luhn check digits;
- :mod:`simcontract.ids`: the identifier patterns of the schema (kiosk id, record id, key id…)
  for settings, clerks and the server to check with the schema's own rules;
- :mod:`simcontract.answers`: the codes the server answers a request with
  (:class:`~simcontract.answers.AnswerCode`), which the kiosk acts on;
- :mod:`simcontract.fleet`: what a heartbeat says of the kiosk's last update
  (:class:`~simcontract.fleet.UpdateResult`);
- :mod:`simcontract.times`: RFC 3339 UTC time stamps as records, receipts and heartbeats carry;
- :mod:`simcontract.errors`: :class:`~simcontract.errors.ContractError`, the base of every error
  above.

The package imports nothing of ``kiosk``, ``hardware`` or ``server`` (an import-linter contract
checks it): the server installs it without the kiosk.
"""
