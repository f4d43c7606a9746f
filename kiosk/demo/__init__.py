"""The demo and the headless end-to-end driver: media the project makes itself (rendered documents
of synthetic people, the virtual subject as the customer), a local reference server, and a driver
that walks a session through every step as a customer (and, in assisted mode, a clerk) would."""
