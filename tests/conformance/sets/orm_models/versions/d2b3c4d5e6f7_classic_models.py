"""classic declarative models: declarative_base, Column, inheritance, association table

Revision ID: d2b3c4d5e6f7
Revises: c1a2b3d4e5f6
Create Date: 2024-05-02 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.ext.declarative import declarative_base, declared_attr
from sqlalchemy.orm import backref, relationship

# revision identifiers, used by Alembic.
revision = "d2b3c4d5e6f7"
down_revision = "c1a2b3d4e5f6"
branch_labels = None
depends_on = None

Base = declarative_base()

member_roles = Table(
    "member_roles",
    Base.metadata,
    Column("member_id", ForeignKey("members.id"), primary_key=True),
    Column("role_id", ForeignKey("roles.id"), primary_key=True),
)


class IdMixin(object):
    id = Column(Integer, primary_key=True)

    @declared_attr
    def created_by(cls):
        return Column(String(40), nullable=True)


class Member(IdMixin, Base):
    __tablename__ = "members"
    __table_args__ = {"comment": "people"}

    name = Column(String(60), nullable=False, index=True)
    kind = Column("member_kind", String(20), nullable=False, server_default="person")
    team_id = Column(Integer, ForeignKey("teams.id", name="fk_member_team"))
    roles = relationship("Role", secondary=member_roles, backref="members")
    team = relationship("Team", backref=backref("members", lazy="dynamic"))

    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "person"}


class Robot(Member):
    # single-table inheritance: its columns join members
    model = Column(String(30))
    firmware = Column(Integer, default=1)

    __mapper_args__ = {"polymorphic_identity": "robot"}


class Staff(Member):
    __tablename__ = "staff"

    id = Column(Integer, ForeignKey("members.id"), primary_key=True)
    salary = Column(sa.Numeric(10, 2))

    __mapper_args__ = {"polymorphic_identity": "staff"}


class Role(Base):
    __tablename__ = "roles"

    id = Column(Integer, primary_key=True)
    name = Column(String(30), unique=True)


class Team(Base):
    __tablename__ = "teams"
    __table_args__ = (
        sa.UniqueConstraint("name", "season", name="uq_team_season"),
        {"sqlite_autoincrement": True},
    )

    id = Column(Integer, primary_key=True)
    name = Column(String(50))
    season = Column(Integer, nullable=False, server_default=sa.text("2024"))


class Legacy(Base):
    __table__ = Table(
        "legacy",
        Base.metadata,
        Column("pk", Integer, primary_key=True),
        Column("payload", sa.LargeBinary),
    )


def upgrade():
    bind = op.get_bind()
    Team.__table__.create(bind)
    Base.metadata.create_all(bind, checkfirst=True)
    op.bulk_insert(
        Team.__table__,
        [{"id": 1, "name": "reds"}, {"id": 2, "name": "blues", "season": 2023}],
    )
    op.bulk_insert(
        Member.__table__,
        [
            {"id": 1, "name": "ada", "member_kind": "person", "team_id": 1},
            {"id": 2, "name": "r2", "member_kind": "robot", "team_id": 2, "model": "astromech"},
        ],
    )
    print(sorted(Base.metadata.tables))
    print([t.name for t in Base.metadata.sorted_tables])


def downgrade():
    bind = op.get_bind()
    Base.metadata.drop_all(bind, tables=[member_roles, Staff.__table__])
    Base.metadata.drop_all(bind)
