"""The operators of the fleet web page (``simkiosk-server operator add|remove``): their names and
scrypt password hashes. Logging in and sessions are the web page's (:mod:`server.operators`)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, delete, insert, select

from server.errors import ServerInputError
from server.fleet_models import Operator, OperatorSession
from server.operators import MIN_PASSWORD, OPERATOR_NAME, hash_password


class OperatorError(ServerInputError):
    """Bad operator name or password, or an unknown operator (plain words)."""


def add_operator(engine: Engine, name: str, password: str, *, replace: bool = False) -> None:
    if OPERATOR_NAME.fullmatch(name) is None:
        raise OperatorError("an operator name is 1-64 letters, digits, '.', '_' or '-'")
    if len(password) < MIN_PASSWORD:
        raise OperatorError(f"the password must have at least {MIN_PASSWORD} characters")
    now = datetime.now(UTC)
    with engine.begin() as conn:
        exists = conn.execute(select(Operator.name).where(Operator.name == name)).first()
        if exists and not replace:
            raise OperatorError(f"operator {name} exists (give --replace to set a new password)")
        if exists:
            conn.execute(delete(OperatorSession).where(OperatorSession.operator == name))
            conn.execute(delete(Operator).where(Operator.name == name))
        conn.execute(
            insert(Operator).values(
                name=name, password_hash=hash_password(password), created_at=now
            )
        )


def remove_operator(engine: Engine, name: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(OperatorSession).where(OperatorSession.operator == name))
        if conn.execute(delete(Operator).where(Operator.name == name)).rowcount == 0:
            raise OperatorError(f"no operator {name}")
