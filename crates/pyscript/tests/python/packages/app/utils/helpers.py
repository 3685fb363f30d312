from ..base import Base


def slug(text):
    return text.lower().replace(" ", "-")


BASE_NAME = Base.__name__
