"""The fleet: one-time enrolment tokens (hashed) and the latest heartbeat of each kiosk.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "enroll_tokens",
        sa.Column("token_sha256", sa.String(64), nullable=False),
        sa.Column("kiosk_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("token_sha256", name="pk_enroll_tokens"),
    )
    op.create_table(
        "heartbeats",
        sa.Column("kiosk_id", sa.String(64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("interval_s", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["kiosk_id"], ["kiosks.kiosk_id"], name="fk_heartbeats_kiosk_id_kiosks"
        ),
        sa.PrimaryKeyConstraint("kiosk_id", name="pk_heartbeats"),
    )


def downgrade() -> None:
    op.drop_table("heartbeats")
    op.drop_table("enroll_tokens")
