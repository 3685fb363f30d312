import sqlalchemy as sa

target_metadata = sa.MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})
sa.Table("accounts", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("balance", sa.Numeric(10, 2), nullable=False),
    sa.Column("owner", sa.String(50), unique=True),
    sa.CheckConstraint("balance >= 0", name="positive_balance"),
)
sa.Table("transfers", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), index=True),
)
