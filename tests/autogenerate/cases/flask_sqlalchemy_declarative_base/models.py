# Flask-SQLAlchemy 3.1 with a SQLAlchemy 2.0 base: db = SQLAlchemy(model_class=Base).
from typing import Optional

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class ProjectOwner(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    projects: Mapped[list["Project"]] = relationship(back_populates="owner")


class Project(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    summary: Mapped[Optional[str]] = mapped_column(String(300))
    owner_id: Mapped[int] = mapped_column(ForeignKey("project_owner.id"), index=True)
    owner: Mapped[ProjectOwner] = relationship(back_populates="projects")


class AuditEntry(db.Model):
    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(primary_key=True)
    note: Mapped[str | None]


target_metadata = db.metadata
