"""The fleet web page: heartbeat history, operators (scrypt hashes) and their sessions.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "heartbeat_history",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("kiosk_id", sa.String(64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["kiosk_id"], ["kiosks.kiosk_id"], name="fk_heartbeat_history_kiosk_id_kiosks"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_heartbeat_history"),
    )
    op.create_index("ix_heartbeat_history_kiosk_id", "heartbeat_history", ["kiosk_id"])
    op.create_table(
        "operators",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_operators"),
    )
    op.create_table(
        "operator_sessions",
        sa.Column("token_sha256", sa.String(64), nullable=False),
        sa.Column("operator", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["operator"], ["operators.name"], name="fk_operator_sessions_operator_operators"
        ),
        sa.PrimaryKeyConstraint("token_sha256", name="pk_operator_sessions"),
    )


def downgrade() -> None:
    op.drop_table("operator_sessions")
    op.drop_table("operators")
    op.drop_index("ix_heartbeat_history_kiosk_id", table_name="heartbeat_history")
    op.drop_table("heartbeat_history")
