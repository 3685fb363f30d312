"""a data migration through an ORM session

Revision ID: f2a3b4c5d6e7
Revises: e1f2a3b4c5d6
Create Date: 2024-06-02 09:00:00.000000

"""
import json

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy import Column, ForeignKey, Integer, String, Text
from sqlalchemy.ext.declarative import declarative_base
from sqlalchemy.orm import Session, relationship, sessionmaker

# revision identifiers, used by Alembic.
revision = "f2a3b4c5d6e7"
down_revision = "e1f2a3b4c5d6"
branch_labels = None
depends_on = None

Base = declarative_base()


class Dashboard(Base):
    __tablename__ = "dashboards"

    id = Column(Integer, primary_key=True)
    title = Column(String(100), nullable=False)
    owner = Column(String(50))
    slices = relationship("Slice", back_populates="dashboard")


class Slice(Base):
    __tablename__ = "slices"

    id = Column(Integer, primary_key=True)
    dashboard_id = Column(Integer, ForeignKey("dashboards.id"))
    slice_name = Column(String(100))
    params = Column(Text)
    viz_type = Column(String(30))
    dashboard = relationship("Dashboard", back_populates="slices")


def upgrade():
    if context.is_offline_mode():
        return
    bind = op.get_bind()
    session = Session(bind=bind)

    # Rewrite a JSON column row by row.
    for slc in session.query(Slice).filter(Slice.params.isnot(None)).order_by(Slice.id).all():
        params = json.loads(slc.params)
        if "granularity" in params:
            params["time_grain"] = params.pop("granularity").upper()
        slc.params = json.dumps(params, sort_keys=True)

    # New objects, and one found again through the identity map.
    session.add(Dashboard(id=4, title="Migrated", owner="ops"))
    session.add_all([Slice(slice_name="uptime", dashboard_id=4, viz_type="big_number")])
    first = session.query(Slice).filter_by(slice_name="revenue").one()
    assert first is session.query(Slice).get(1)
    first.viz_type = "area"
    session.commit()

    print("slices:", session.query(Slice).count())
    print("owners:", [d.owner for d in session.query(Dashboard).order_by(Dashboard.id)])
    names = session.query(Slice.id, Slice.slice_name).filter(Slice.viz_type == "line").all()
    print("lines:", [(r.id, r.slice_name) for r in names])
    print("first:", session.query(Dashboard.title).order_by(Dashboard.title.desc()).first())
    print("none:", session.query(Slice).filter(Slice.id == 99).one_or_none())
    print("scalar:", session.query(sa.func.count(Slice.id)).scalar())
    new = session.query(Slice).filter(Slice.slice_name == "uptime").one()
    print("new id:", new.id, new.dashboard_id)

    # Bulk statements of the query.
    updated = session.query(Dashboard).filter(Dashboard.owner.is_(None)).update(
        {"owner": "nobody"}, synchronize_session=False
    )
    deleted = session.query(Slice).filter(Slice.viz_type == "pie").delete(
        synchronize_session=False
    )
    print("updated:", updated, "deleted:", deleted)
    old = session.query(Dashboard).get(3)
    session.delete(old)
    session.commit()
    session.close()

    # sessionmaker, the context manager, bulk mappings and merge.
    Maker = sessionmaker(bind=bind)
    with Maker() as s2:
        s2.bulk_insert_mappings(Slice, [{"id": 10, "slice_name": "bulk-a", "dashboard_id": 1}, {"id": 11, "slice_name": "bulk-b", "dashboard_id": 2}])
        s2.bulk_update_mappings(Dashboard, [{"id": 1, "title": "Sales (2024)"}])
        s2.bulk_save_objects([Slice(id=12, slice_name="bulk-c", dashboard_id=4)])
        merged = s2.merge(Dashboard(id=2, title="Operations", owner="nobody"))
        s2.commit()
        print("merged:", merged.title, s2.query(Dashboard).count())


def downgrade():
    if context.is_offline_mode():
        return
    session = Session(bind=op.get_bind())
    session.query(Slice).filter(Slice.id >= 5).delete(synchronize_session=False)
    for d in session.query(Dashboard).filter(Dashboard.id == 4):
        session.delete(d)
    session.commit()
