"""The HTTP edge of the server: one router per resource, typed dependencies, and the one place
where the rules' refusals and results become HTTP answers.

- :mod:`~server.api.deps`: the services a route may ask for (typed, from the app's state);
- :mod:`~server.api.errors`: Refusal/Done -> status and JSON body, and the exception handlers;
- :mod:`~server.api.body_limit`: the ASGI layer that bounds request bodies before routing;
- :mod:`~server.api.transport`: records that arrive sealed, opened before the rules;
- :mod:`~server.api.models`: the response models and refusal lists of the OpenAPI document;
- routers: :mod:`~server.api.meta` (/health, /v1/server-key), :mod:`~server.api.activations`,
  :mod:`~server.api.evidence`, :mod:`~server.api.fleet` (provisioning, heartbeats) and
  :mod:`~server.api.fleet_page` (the operators' web page).

:func:`server.app.create_app` assembles them. The rules (server.activations, server.evidence,
server.provisioning, server.heartbeats) know nothing of HTTP.
"""
