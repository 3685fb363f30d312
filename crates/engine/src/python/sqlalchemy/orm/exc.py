"""sqlalchemy.orm.exc (and the ORM's errors of sqlalchemy.exc)."""

from sqlalchemy.exc import ArgumentError, InvalidRequestError, SQLAlchemyError


class MappedAnnotationError(ArgumentError):
    pass


class UnmappedError(InvalidRequestError):
    pass


class UnmappedClassError(UnmappedError):
    pass


class UnmappedInstanceError(UnmappedError):
    pass


class ObjectDeletedError(InvalidRequestError):
    pass


class StaleDataError(SQLAlchemyError):
    pass


class FlushError(SQLAlchemyError):
    pass


class DetachedInstanceError(SQLAlchemyError):
    pass


class NoResultFound(InvalidRequestError):
    pass


class MultipleResultsFound(InvalidRequestError):
    pass


NO_STATE = (AttributeError, KeyError)
