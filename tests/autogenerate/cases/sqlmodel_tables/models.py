# SQLModel table models: fields with Field(...), Optional, a non-table base model with
# shared fields, max_length, Decimal, datetime, an Enum, UUID, a link table.
import enum
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Optional

from sqlmodel import Field, Relationship, SQLModel


class Power(str, enum.Enum):
    fire = "fire"
    ice = "ice"


class HeroTeamLink(SQLModel, table=True):
    team_id: Optional[int] = Field(default=None, foreign_key="team.id", primary_key=True)
    hero_id: Optional[int] = Field(default=None, foreign_key="hero.id", primary_key=True)


class TeamBase(SQLModel):
    name: str = Field(index=True)
    headquarters: str


class Team(TeamBase, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    heroes: list["Hero"] = Relationship(back_populates="teams", link_model=HeroTeamLink)


class HeroBase(SQLModel):
    name: str = Field(index=True, max_length=100)
    secret_name: str
    age: Optional[int] = Field(default=None, index=True)


class Hero(HeroBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    public_id: uuid.UUID = Field(default_factory=uuid.uuid4, unique=True)
    power: Power = Power.fire
    salary: Decimal = Field(default=0, max_digits=10, decimal_places=2)
    born: Optional[date] = None
    created_at: datetime = Field(default_factory=datetime.utcnow)
    active: bool = True
    score: float = 0.0
    nickname: str | None = Field(default=None, nullable=True, sa_column_kwargs={"comment": "shown"})
    teams: list[Team] = Relationship(back_populates="heroes", link_model=HeroTeamLink)


class HeroCreate(HeroBase):
    pass


class HeroPublic(HeroBase):
    id: int


target_metadata = SQLModel.metadata
