"""What a route may ask for, typed: ``service: Activations`` instead of reading untyped
``request.app.state`` attributes. :func:`server.app.create_app` puts one :class:`Services` on the
app's state; the dependencies are ``async`` so that FastAPI resolves them on the event loop
rather than on the thread pool the rules need."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Annotated

import anyio
from fastapi import Depends, Request
from sqlalchemy import Engine

from server.activations import ActivationService
from server.evidence import EvidenceService
from server.operators import LoginThrottle
from server.provisioning import ProvisioningService


@dataclass
class Services:
    """Everything the routes of one server process share."""

    activations: ActivationService
    evidence: EvidenceService
    provisioning: ProvisioningService
    login_throttle: LoginThrottle = field(default_factory=LoginThrottle)
    _threads: anyio.CapacityLimiter | None = None

    @classmethod
    def around(cls, activations: ActivationService) -> Services:
        return cls(
            activations,
            EvidenceService(activations),
            ProvisioningService(
                activations.engine, activations.receipt_key, json.loads(activations.server_key_body)
            ),
        )

    def threads(self) -> anyio.CapacityLimiter:
        """The limit on request threads running the rules: as many as database connections
        (more would only queue for a connection while contending for the GIL). Made on first
        use, inside the event loop."""
        if self._threads is None:
            self._threads = anyio.CapacityLimiter(self.activations.config.db_pool_size)
        return self._threads


def services_of(request: Request) -> Services:
    found: Services | None = request.app.state.services
    if found is None:
        raise RuntimeError("this app was made without a service (it can only describe itself)")
    return found


async def _activations(request: Request) -> ActivationService:
    return services_of(request).activations


async def _evidence(request: Request) -> EvidenceService:
    return services_of(request).evidence


async def _provisioning(request: Request) -> ProvisioningService:
    return services_of(request).provisioning


async def _engine(request: Request) -> Engine:
    return services_of(request).activations.engine


async def _threads(request: Request) -> anyio.CapacityLimiter:
    return services_of(request).threads()


async def _login_throttle(request: Request) -> LoginThrottle:
    return services_of(request).login_throttle


Activations = Annotated[ActivationService, Depends(_activations)]
Evidence = Annotated[EvidenceService, Depends(_evidence)]
Provisioning = Annotated[ProvisioningService, Depends(_provisioning)]
Database = Annotated[Engine, Depends(_engine)]
Threads = Annotated[anyio.CapacityLimiter, Depends(_threads)]
Throttle = Annotated[LoginThrottle, Depends(_login_throttle)]
