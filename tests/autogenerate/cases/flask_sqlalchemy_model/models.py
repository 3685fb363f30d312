# Flask-SQLAlchemy's classic db.Model: table names made from class names, a naming
# convention through SQLAlchemy(metadata=...), db.Table, single-table inheritance.
from datetime import datetime

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///app.db"
db = SQLAlchemy(
    app,
    metadata=MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    ),
)

tags = db.Table(
    "post_tags",
    db.Column("post_id", db.Integer, db.ForeignKey("blog_post.id"), primary_key=True),
    db.Column("tag_id", db.Integer, db.ForeignKey("tag.id"), primary_key=True),
)


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), unique=True, nullable=False)
    email = db.Column(db.String(120), index=True)
    kind = db.Column(db.String(20))
    posts = db.relationship("BlogPost", backref="author", lazy="dynamic")
    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "user"}

    def __repr__(self):
        return f"<User {self.username}>"


class Admin(User):
    # No primary key of its own: single-table inheritance, no table.
    __mapper_args__ = {"polymorphic_identity": "admin"}
    level = db.Column(db.Integer, default=1)


class BlogPost(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    created = db.Column(db.DateTime, default=datetime.utcnow)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    tags = db.relationship("Tag", secondary=tags, backref=db.backref("posts", lazy=True))


class Tag(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50), nullable=False, unique=True)


class HTTPRequestLog(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    path = db.Column(db.Text)


class Setting(db.Model):
    __tablename__ = "app_settings"
    key = db.Column(db.String(40), primary_key=True)
    value = db.Column(db.Text)


target_metadata = db.metadata
