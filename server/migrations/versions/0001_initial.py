"""Kiosks, activations and the append-only audit table.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# The audit table is append-only: the database itself refuses changes, not just the application.
PG_AUDIT_GUARD = """
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit table is append-only';
END $$;
CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
"""
SQLITE_AUDIT_GUARD = [
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit table is append-only'); END",
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit table is append-only'); END",
]


def upgrade() -> None:
    op.create_table(
        "kiosks",
        sa.Column("kiosk_id", sa.String(64), nullable=False),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("public_key_pem", sa.Text(), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("kiosk_id", name="pk_kiosks"),
    )
    op.create_table(
        "activations",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("record_sha256", sa.String(64), nullable=False),
        sa.Column("record", sa.LargeBinary(), nullable=False),
        sa.Column("signature", sa.String(100), nullable=False),
        sa.Column("kiosk_id", sa.String(64), nullable=False),
        sa.Column("iccid", sa.String(20), nullable=False),
        sa.Column("iin", sa.String(12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("receipt", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["kiosk_id"], ["kiosks.kiosk_id"], name="fk_activations_kiosk_id_kiosks"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_activations"),
        sa.UniqueConstraint("record_id", name="uq_activations_record_id"),
    )
    op.create_index(
        "uq_activations_iccid_active",
        "activations",
        ["iccid"],
        unique=True,
        postgresql_where=sa.text("active"),
        sqlite_where=sa.text("active"),
    )
    op.create_index(
        "ix_activations_iin_active",
        "activations",
        ["iin"],
        postgresql_where=sa.text("active"),
        sqlite_where=sa.text("active"),
    )
    op.create_table(
        "audit",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("http_status", sa.SmallInteger(), nullable=False),
        sa.Column("kiosk_id", sa.String(64), nullable=True),
        sa.Column("record_id", sa.String(36), nullable=True),
        sa.Column("subject_hash", sa.String(64), nullable=True),
        sa.Column("reason", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_AUDIT_GUARD)
    else:
        for statement in SQLITE_AUDIT_GUARD:
            op.execute(statement)


def downgrade() -> None:
    op.drop_table("audit")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION audit_append_only()")
    op.drop_index("ix_activations_iin_active", table_name="activations")
    op.drop_index("uq_activations_iccid_active", table_name="activations")
    op.drop_table("activations")
    op.drop_table("kiosks")
