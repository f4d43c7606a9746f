"""Sealed evidence uploaded by kiosks, one row per accepted activation.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence",
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("ciphertext_sha256", sa.String(64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"], ["activations.record_id"], name="fk_evidence_record_id_activations"
        ),
        sa.PrimaryKeyConstraint("record_id", name="pk_evidence"),
    )


def downgrade() -> None:
    op.drop_table("evidence")
