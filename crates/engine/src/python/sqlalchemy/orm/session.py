"""SQLAlchemy's Session and its legacy Query, as data migrations use them over
``op.get_bind()``: objects loaded into an identity map, changed, added or deleted, and
flushed as INSERT / UPDATE / DELETE statements in the order SQLAlchemy's unit of work
takes (tables in dependency order, rows in the order they were added), all on the
migration's connection and inside its transaction.

The statements are Retort's Core statements (``select()``, ``insert()``, ``update()``,
``delete()``), with the labels the legacy Query gives its columns (``users.id AS
users_id``). Relationships are not loaded or flushed: a relationship attribute reads as an
empty collection (or None) and keeps what is assigned to it.
"""

import sqlalchemy as _sa

from .decl_api import InstrumentedAttribute, _is_column, _is_table, class_mapper
from .exc import MultipleResultsFound, NoResultFound, UnmappedInstanceError


class _State:
    """What the session knows of one object: its identity, and the attributes changed
    since it was loaded or flushed."""

    def __init__(self, obj, session):
        self.obj = obj
        self.session = session
        self.changed = []
        self.key = None
        self.deleted = False
        self.expired = False

    def modified(self, key):
        if key not in self.changed:
            self.changed.append(key)
        if self.session is not None and self.key is not None and self.obj not in self.session._dirty_list():
            self.session._dirty.append(self.obj)


def _state(obj):
    return obj.__dict__.get("_sa_instance_state")


def _mapper_of(obj):
    try:
        return class_mapper(type(obj))
    except Exception:
        raise UnmappedInstanceError(f"Class '{type(obj).__module__}.{type(obj).__name__}' is not mapped")


def _attrs(cls):
    """(attribute key, table column) of a mapped class, in the table's column order."""
    out = []
    for c in cls.__mro__:
        for key, value in c.__dict__.items():
            if isinstance(value, InstrumentedAttribute) and all(k != key for k, _ in out):
                out.append((key, value.column))
    table = class_mapper(cls).local_table
    order = [col.name for col in table.c]
    out.sort(key=lambda kc: order.index(kc[1].name) if kc[1].name in order else len(order))
    return out


def _pk_columns(table):
    return [c for c in table.c if c.primary_key]


def _identity(cls, table, values_by_name):
    return (class_mapper(cls).local_table.name, tuple(values_by_name.get(c.name) for c in _pk_columns(table)))


class Session:
    def __init__(self, bind=None, autoflush=True, expire_on_commit=True, autobegin=True, **kw):
        self.bind = bind
        self.autoflush = autoflush
        self.expire_on_commit = expire_on_commit
        self._identity_map = {}
        self._new = []
        self._dirty = []
        self._deleted = []
        self._flushing = False

    # -- the bind -------------------------------------------------------------------

    def _connection(self):
        if self.bind is None:
            raise _sa.exc.UnboundExecutionError(
                "Could not locate a bind configured on mapper or this Session"
            )
        return self.bind

    def connection(self, *args, **kw):
        return self._connection()

    def get_bind(self, *args, **kw):
        return self._connection()

    def execute(self, statement, params=None, **kw):
        if self.autoflush:
            self._autoflush()
        if params is None:
            return self._connection().execute(statement)
        return self._connection().execute(statement, params)

    def scalars(self, statement, params=None, **kw):
        return self.execute(statement, params).scalars()

    def scalar(self, statement, params=None, **kw):
        return self.execute(statement, params).scalar()

    # -- the transaction ------------------------------------------------------------

    def begin(self, *args, **kw):
        return _SessionTransaction(self)

    def begin_nested(self, *args, **kw):
        return _SessionTransaction(self)

    def commit(self):
        self.flush()
        if self.expire_on_commit:
            self.expire_all()

    def rollback(self):
        for obj in self._new:
            self._forget(obj)
        self._new = []
        self._dirty = []
        self._deleted = []

    def close(self):
        self.expunge_all()

    def invalidate(self):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    @property
    def is_active(self):
        return True

    @property
    def new(self):
        return list(self._new)

    @property
    def dirty(self):
        return list(self._dirty)

    @property
    def deleted(self):
        return list(self._deleted)

    def in_transaction(self):
        return True

    # -- objects --------------------------------------------------------------------

    def _dirty_list(self):
        return self._dirty

    def _attach(self, obj):
        st = _state(obj)
        if st is None:
            st = _State(obj, self)
            obj.__dict__["_sa_instance_state"] = st
        st.session = self
        return st

    def _forget(self, obj):
        st = _state(obj)
        if st is not None and st.key is not None:
            self._identity_map.pop(st.key, None)

    def add(self, instance, _warn=True):
        _mapper_of(instance)
        st = self._attach(instance)
        if st.key is None and instance not in self._new:
            self._new.append(instance)

    def add_all(self, instances):
        for i in instances:
            self.add(i)

    def delete(self, instance):
        st = self._attach(instance)
        if st.key is None:
            raise _sa.exc.InvalidRequestError(f"Instance '{instance!r}' is not persisted")
        if instance not in self._deleted:
            self._deleted.append(instance)

    def merge(self, instance, load=True, options=None):
        cls = type(instance)
        table = class_mapper(cls).local_table
        values = {col.name: instance.__dict__.get(key) for key, col in _attrs(cls)}
        pk = [values.get(c.name) for c in _pk_columns(table)]
        existing = None
        if all(v is not None for v in pk):
            existing = self.get(cls, tuple(pk) if len(pk) > 1 else pk[0])
        if existing is None:
            new = cls.__new__(cls)
            for key, col in _attrs(cls):
                if key in instance.__dict__:
                    new.__dict__[key] = instance.__dict__[key]
            self.add(new)
            return new
        for key, col in _attrs(cls):
            if key in instance.__dict__ and instance.__dict__[key] != existing.__dict__.get(key):
                setattr(existing, key, instance.__dict__[key])
        return existing

    def expunge(self, instance):
        self._forget(instance)
        for lst in (self._new, self._dirty, self._deleted):
            if instance in lst:
                lst.remove(instance)

    def expunge_all(self):
        self._identity_map = {}
        self._new = []
        self._dirty = []
        self._deleted = []

    def expire(self, instance, attribute_names=None):
        """The object's column attributes are loaded again from the database when read."""
        st = _state(instance)
        if st is None or st.key is None:
            return
        for key, col in _attrs(type(instance)):
            if col.primary_key:
                continue
            if attribute_names is None or key in attribute_names:
                instance.__dict__.pop(key, None)
        st.expired = True

    def expire_all(self):
        for obj in list(self._identity_map.values()):
            self.expire(obj)

    def _load_expired(self, obj, key):
        """Reads an expired attribute: the object's row, loaded again by primary key."""
        st = _state(obj)
        st.expired = False
        if self._load_by_pk(type(obj), list(st.key[1]), refresh=True, only_missing=obj) is None:
            from .exc import ObjectDeletedError

            raise ObjectDeletedError(
                f"Instance '<{type(obj).__name__} at 0x1>' has been deleted, or its row is "
                "otherwise not present."
            )
        return obj.__dict__.get(key)

    def refresh(self, instance, attribute_names=None, with_for_update=None):
        st = _state(instance)
        if st is None or st.key is None:
            raise _sa.exc.InvalidRequestError(f"Instance '{instance!r}' is not persistent within this Session")
        cls = type(instance)
        fresh = self._load_by_pk(cls, list(st.key[1]), refresh=True)
        return fresh

    def get(self, entity, ident, **kw):
        cls = entity
        table = class_mapper(cls).local_table
        pk = list(ident) if isinstance(ident, (tuple, list)) else [ident]
        if isinstance(ident, dict):
            pk = [ident.get(c.name) for c in _pk_columns(table)]
        key = (table.name, tuple(pk))
        if key in self._identity_map:
            return self._identity_map[key]
        return self._load_by_pk(cls, pk)

    def _load_by_pk(self, cls, pk, refresh=False, only_missing=None):
        table = class_mapper(cls).local_table
        q = Query([cls], self)
        for col, value in zip(_pk_columns(table), pk):
            q = q.filter(col == value)
        rows = q._rows(refresh=refresh, only_missing=only_missing)
        return rows[0] if rows else None

    def query(self, *entities, **kw):
        return Query(list(entities), self)

    def _autoflush(self):
        if not self._flushing and (self._new or self._dirty or self._deleted):
            self.flush()

    def no_autoflush(self):
        return _NoAutoflush(self)

    no_autoflush = property(no_autoflush)

    # -- loading ---------------------------------------------------------------------

    def _instance(self, cls, values_by_key, refresh=False, only_missing=None):
        table = class_mapper(cls).local_table
        by_name = {}
        for key, col in _attrs(cls):
            if key in values_by_key:
                by_name[col.name] = values_by_key[key]
        key = _identity(cls, table, by_name)
        obj = self._identity_map.get(key)
        if obj is not None and not refresh:
            # An expired object found again is loaded with what was read.
            st = _state(obj)
            if st is None or not getattr(st, "expired", False):
                return obj
            only_missing = obj
        if obj is None:
            obj = cls.__new__(cls)
        for k, v in values_by_key.items():
            if only_missing is None or k not in obj.__dict__:
                obj.__dict__[k] = v
        st = self._attach(obj)
        st.key = key
        if only_missing is None:
            st.changed = []
        st.expired = False
        self._identity_map[key] = obj
        return obj

    # -- the flush -------------------------------------------------------------------

    def flush(self, objects=None):
        if self._flushing:
            return
        self._flushing = True
        try:
            self._flush()
        finally:
            self._flushing = False

    def _table_order(self):
        metadata_tables = []
        for obj in self._new + self._dirty + self._deleted:
            t = class_mapper(type(obj)).local_table
            if all(t is not x for x in metadata_tables):
                metadata_tables.append(t)
        names = [t.name for t in metadata_tables]
        deps = {t.name: _referred(t, names) for t in metadata_tables}
        done = []
        order = []
        todo = list(metadata_tables)
        while todo:
            ready = [t for t in todo if all(d in done for d in deps[t.name])]
            if not ready:
                ready = todo
            for t in ready:
                done.append(t.name)
                order.append(t.name)
            todo = [t for t in todo if t.name not in done]
        return order

    def _flush(self):
        conn = self._connection()
        order = self._table_order()
        rank = {name: i for i, name in enumerate(order)}

        def by_table(objs):
            indexed = list(enumerate(objs))
            indexed.sort(key=lambda io: (rank.get(class_mapper(type(io[1])).local_table.name, 0), io[0]))
            return [o for _, o in indexed]

        for obj in by_table(self._new):
            self._insert(conn, obj)
        self._new = []
        for obj in by_table(self._dirty):
            if obj not in self._deleted:
                self._update(conn, obj)
        self._dirty = []
        deleted = by_table(self._deleted)
        deleted.reverse()
        for obj in deleted:
            self._delete(conn, obj)
        self._deleted = []

    def _insert(self, conn, obj):
        cls = type(obj)
        table = class_mapper(cls).local_table
        # persistence._collect_insert_commands: the values the object has, then None for
        # the columns that are not part of the primary key and have no default of their
        # own (the rest are left to their defaults).
        # Python-side defaults are computed first (SQLAlchemy's prefetch), in the table's
        # column order, and kept on the object; columns left to a server default are
        # expired, loaded again when read.
        values = {}
        prefetched = []
        expired = []
        for key, col in _attrs(cls):
            value = obj.__dict__.get(key)
            default = col.default
            if value is not None:
                values[col.name] = value
            elif default is not None and not default.is_clause_element:
                values[col.name] = default.arg() if default.is_callable else default.arg
                prefetched.append((key, values[col.name]))
            elif default is not None:
                expired.append(key)
            elif col.server_default is not None:
                expired.append(key)
            elif not col.primary_key:
                values[col.name] = None
        result = conn.execute(_sa.insert(table).values(**values))
        for key, value in prefetched:
            obj.__dict__[key] = value
        for key in expired:
            obj.__dict__.pop(key, None)
        by_name = dict(values)
        pk = _pk_columns(table)
        if len(pk) == 1 and by_name.get(pk[0].name) is None and result is not None:
            by_name[pk[0].name] = result.lastrowid
            for key, col in _attrs(cls):
                if col.name == pk[0].name:
                    obj.__dict__[key] = result.lastrowid
        st = self._attach(obj)
        st.key = _identity(cls, table, by_name)
        st.changed = []
        st.expired = bool(expired)
        self._identity_map[st.key] = obj

    def _update(self, conn, obj):
        st = _state(obj)
        if st is None or not st.changed:
            return
        cls = type(obj)
        table = class_mapper(cls).local_table
        attrs = dict(_attrs(cls))
        values = {}
        for key in st.changed:
            col = attrs.get(key)
            if col is not None:
                values[col.name] = obj.__dict__.get(key)
        if not values:
            return
        stmt = _sa.update(table).values(**values)
        for col, value in zip(_pk_columns(table), st.key[1]):
            stmt = stmt.where(col == value)
        conn.execute(stmt)
        st.changed = []

    def _delete(self, conn, obj):
        st = _state(obj)
        table = class_mapper(type(obj)).local_table
        stmt = _sa.delete(table)
        for col, value in zip(_pk_columns(table), st.key[1]):
            stmt = stmt.where(col == value)
        conn.execute(stmt)
        self._identity_map.pop(st.key, None)
        st.key = None
        st.deleted = True

    # -- bulk operations ---------------------------------------------------------------

    def bulk_save_objects(self, objects, return_defaults=False, update_changed_only=True, preserve_order=True):
        conn = self._connection()
        for obj in objects:
            st = _state(obj)
            if st is not None and st.key is not None:
                self._update(conn, obj)
            else:
                cls = type(obj)
                table = class_mapper(cls).local_table
                values = {col.name: obj.__dict__[key] for key, col in _attrs(cls) if key in obj.__dict__}
                conn.execute(_sa.insert(table).values(**values))

    def bulk_insert_mappings(self, mapper, mappings, return_defaults=False, render_nulls=False):
        cls = mapper if isinstance(mapper, type) else mapper.class_
        table = class_mapper(cls).local_table
        attrs = dict(_attrs(cls))
        rows = [{attrs[k].name if k in attrs else k: v for k, v in m.items()} for m in mappings]
        if rows:
            self._connection().execute(_sa.insert(table), rows)

    def bulk_update_mappings(self, mapper, mappings):
        cls = mapper if isinstance(mapper, type) else mapper.class_
        table = class_mapper(cls).local_table
        attrs = dict(_attrs(cls))
        pk = _pk_columns(table)
        conn = self._connection()
        for m in mappings:
            values = {}
            for k, v in m.items():
                name = attrs[k].name if k in attrs else k
                if all(name != c.name for c in pk):
                    values[name] = v
            stmt = _sa.update(table).values(**values)
            for c in pk:
                key = next((k for k, col in attrs.items() if col.name == c.name), c.name)
                stmt = stmt.where(c == m[key])
            conn.execute(stmt)


def _referred(table, names):
    out = []
    for col in table.c:
        for fk in col.foreign_keys:
            target = fk.target_fullname.split(".")[-2] if "." in fk.target_fullname else None
            if target and target in names and target != table.name and target not in out:
                out.append(target)
    return out


class _SessionTransaction:
    def __init__(self, session):
        self.session = session

    def __enter__(self):
        return self.session

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.session.flush()
        else:
            self.session.rollback()
        return False

    def commit(self):
        self.session.flush()

    def rollback(self):
        self.session.rollback()

    def close(self):
        pass


class _NoAutoflush:
    def __init__(self, session):
        self.session = session

    def __enter__(self):
        self.saved = self.session.autoflush
        self.session.autoflush = False
        return self.session

    def __exit__(self, *exc):
        self.session.autoflush = self.saved
        return False


class sessionmaker:
    def __init__(self, bind=None, class_=None, autoflush=True, expire_on_commit=True, **kw):
        self.kw = dict(bind=bind, autoflush=autoflush, expire_on_commit=expire_on_commit)
        self.class_ = class_ or Session

    def __call__(self, **local_kw):
        kw = dict(self.kw)
        kw.update(local_kw)
        return self.class_(**kw)

    def configure(self, **kw):
        self.kw.update(kw)

    def begin(self):
        return _SessionTransaction(self())


class scoped_session:
    def __init__(self, session_factory, scopefunc=None):
        self.session_factory = session_factory
        self.registry = None

    def __call__(self, **kw):
        if self.registry is None:
            self.registry = self.session_factory(**kw)
        return self.registry

    def remove(self):
        if self.registry is not None:
            self.registry.close()
        self.registry = None

    def configure(self, **kw):
        self.session_factory.configure(**kw)

    def __getattr__(self, name):
        return getattr(self(), name)


def object_session(instance):
    st = _state(instance)
    return st.session if st is not None else None


def make_transient(instance):
    st = _state(instance)
    if st is not None:
        if st.session is not None:
            st.session._forget(instance)
        st.key = None


def make_transient_to_detached(instance):
    pass


def close_all_sessions():
    pass


# ---- the legacy Query --------------------------------------------------------------------


def _label(col):
    table = col.table
    name = f"{table.name}_{col.name}" if table is not None else col.name
    return col.label(name)


class Query:
    """``session.query(...)``: a SELECT of entities (mapped classes, whose rows become
    objects) or columns (whose rows are tuples)."""

    def __init__(self, entities, session):
        self.session = session
        self._entities = entities
        self._where = []
        self._order_by = []
        self._group_by = []
        self._having = []
        self._joins = []
        self._select_from = None
        self._limit = None
        self._offset = None
        self._distinct = False

    def _copy(self):
        q = Query.__new__(Query)
        q.__dict__.update(self.__dict__)
        for k in ("_where", "_order_by", "_group_by", "_having", "_joins", "_entities"):
            q.__dict__[k] = list(self.__dict__[k])
        return q

    # -- building ----------------------------------------------------------------------

    def filter(self, *criterion):
        q = self._copy()
        q._where.extend(criterion)
        return q

    where = filter

    def filter_by(self, **kwargs):
        entity = self._joins[-1][0] if self._joins else self._primary_entity()
        return self.filter(*[getattr(entity, k) == v for k, v in kwargs.items()])

    def order_by(self, *clauses):
        q = self._copy()
        if len(clauses) == 1 and clauses[0] is None:
            q._order_by = []
        else:
            q._order_by.extend(clauses)
        return q

    def group_by(self, *clauses):
        q = self._copy()
        q._group_by.extend(clauses)
        return q

    def having(self, *clauses):
        q = self._copy()
        q._having.extend(clauses)
        return q

    def join(self, target, onclause=None, isouter=False, full=False):
        q = self._copy()
        q._joins.append((target, onclause, isouter))
        return q

    def outerjoin(self, target, onclause=None, full=False):
        return self.join(target, onclause, isouter=True)

    def select_from(self, *froms):
        q = self._copy()
        q._select_from = froms[0] if froms else None
        return q

    def limit(self, n):
        q = self._copy()
        q._limit = n
        return q

    def offset(self, n):
        q = self._copy()
        q._offset = n
        return q

    def distinct(self, *expr):
        q = self._copy()
        q._distinct = True
        return q

    def with_entities(self, *entities):
        q = self._copy()
        q._entities = list(entities)
        return q

    def add_columns(self, *columns):
        q = self._copy()
        q._entities.extend(columns)
        return q

    def options(self, *options):
        return self

    def yield_per(self, count):
        return self

    def execution_options(self, **kw):
        return self

    def enable_eagerloads(self, value):
        return self

    def with_for_update(self, **kw):
        return self

    def params(self, *args, **kw):
        return self

    def populate_existing(self):
        return self

    def autoflush(self, setting):
        return self

    # -- the statement -----------------------------------------------------------------

    def _primary_entity(self):
        for e in self._entities:
            if isinstance(e, type):
                return e
        return None

    def _columns(self):
        """The select's columns, and how to turn a row back into what the query yields."""
        cols = []
        shape = []
        for e in self._entities:
            if isinstance(e, type):
                attrs = _attrs(e)
                start = len(cols)
                cols.extend(_label(col) for _, col in attrs)
                shape.append(("entity", e, [k for k, _ in attrs], start))
            elif _is_table(e):
                start = len(cols)
                cols.extend(_label(c) for c in e.c)
                shape.append(("columns", None, None, (start, len(cols))))
            else:
                if _is_column(e):
                    cols.append(_label(e))
                else:
                    cols.append(e)
                shape.append(("column", None, None, len(cols) - 1))
        return cols, shape

    def _statement(self, columns=None):
        if columns is None:
            columns, _ = self._columns()
        stmt = _sa.select(*columns)
        if self._select_from is not None:
            stmt = stmt.select_from(_table_of_entity(self._select_from))
        for target, onclause, isouter in self._joins:
            target = _table_of_entity(target)
            join = stmt.outerjoin if isouter else stmt.join
            stmt = join(target) if onclause is None else join(target, onclause)
        for w in self._where:
            stmt = stmt.where(w)
        if self._group_by:
            stmt = stmt.group_by(*self._group_by)
        for h in self._having:
            stmt = stmt.having(h)
        if self._order_by:
            stmt = stmt.order_by(*self._order_by)
        if self._limit is not None:
            stmt = stmt.limit(self._limit)
        if self._offset is not None:
            stmt = stmt.offset(self._offset)
        if self._distinct:
            stmt = stmt.distinct()
        return stmt

    @property
    def statement(self):
        return self._statement()

    def subquery(self, name=None, **kw):
        return self._statement().subquery(name)

    def scalar_subquery(self):
        return self._statement().scalar_subquery()

    def exists(self):
        return _sa.exists(self._statement())

    def __str__(self):
        return str(self._statement())

    # -- running -----------------------------------------------------------------------

    def _rows(self, refresh=False, only_missing=None):
        if self.session.autoflush:
            self.session._autoflush()
        columns, shape = self._columns()
        result = self.session._connection().execute(self._statement(columns))
        out = []
        single_entity = len(shape) == 1 and shape[0][0] == "entity"
        for row in result.fetchall():
            items = []
            for kind, cls, keys, where in shape:
                if kind == "entity":
                    values = {k: row[where + i] for i, k in enumerate(keys)}
                    items.append(
                        self.session._instance(cls, values, refresh=refresh, only_missing=only_missing)
                    )
                elif kind == "columns":
                    items.extend(row[where[0]:where[1]])
                else:
                    items.append(row[where])
            out.append(items[0] if single_entity else _KeyedTuple(items, self._keys()))
        return out

    def _keys(self):
        keys = []
        for e in self._entities:
            if isinstance(e, type):
                keys.append(e.__name__)
            elif _is_column(e):
                keys.append(e.name)
            else:
                keys.append(getattr(e, "name", None) or getattr(e, "key", None))
        return keys

    def all(self):
        return self._rows()

    def __iter__(self):
        return iter(self._rows())

    def first(self):
        rows = self.limit(1)._rows()
        return rows[0] if rows else None

    def one(self):
        rows = self._rows()
        if not rows:
            raise NoResultFound("No row was found when one was required")
        if len(rows) > 1:
            raise MultipleResultsFound("Multiple rows were found when exactly one was required")
        return rows[0]

    def one_or_none(self):
        rows = self._rows()
        if len(rows) > 1:
            raise MultipleResultsFound("Multiple rows were found when one or none was required")
        return rows[0] if rows else None

    def scalar(self):
        try:
            row = self.one()
        except NoResultFound:
            return None
        if isinstance(row, _KeyedTuple):
            return row[0]
        return row

    def get(self, ident):
        return self.session.get(self._primary_entity(), ident)

    def count(self):
        # SQLAlchemy counts over a subquery (SELECT count(*) FROM (...) AS anon_1); the
        # rows of the query are counted here.
        if self.session.autoflush:
            self.session._autoflush()
        columns, _ = self._columns()
        return len(self.session._connection().execute(self._statement(columns)).fetchall())

    def update(self, values, synchronize_session="auto", update_args=None):
        if self.session.autoflush:
            self.session._autoflush()
        entity = self._primary_entity()
        table = class_mapper(entity).local_table
        attrs = dict(_attrs(entity))
        named = {}
        for k, v in values.items():
            if isinstance(k, str):
                named[attrs[k].name if k in attrs else k] = v
            else:
                named[k.name] = v
        stmt = _sa.update(table).values(**named)
        for w in self._where:
            stmt = stmt.where(w)
        result = self.session._connection().execute(stmt)
        for obj in list(self.session._identity_map.values()):
            if type(obj) is entity or isinstance(obj, entity):
                for k, v in values.items():
                    key = k if isinstance(k, str) else next((a for a, c in attrs.items() if c.name == k.name), None)
                    if key is not None and not hasattr(v, "compile"):
                        obj.__dict__[key] = v
        return result.rowcount

    def delete(self, synchronize_session="auto", delete_args=None):
        if self.session.autoflush:
            self.session._autoflush()
        entity = self._primary_entity()
        table = class_mapper(entity).local_table
        stmt = _sa.delete(table)
        for w in self._where:
            stmt = stmt.where(w)
        result = self.session._connection().execute(stmt)
        return result.rowcount


def _table_of_entity(e):
    if isinstance(e, type):
        return class_mapper(e).local_table
    return e


class _KeyedTuple:
    """A row of a column query: a tuple whose items are also attributes by name."""

    def __init__(self, items, keys):
        self._items = tuple(items)
        self._keys = keys

    def __getitem__(self, i):
        return self._items[i]

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)

    def __eq__(self, other):
        if isinstance(other, _KeyedTuple):
            other = other._items
        return self._items == other

    def __hash__(self):
        return hash(self._items)

    def __repr__(self):
        return repr(self._items)

    def __getattr__(self, name):
        keys = self.__dict__.get("_keys") or []
        if name in keys:
            return self._items[keys.index(name)]
        raise AttributeError(name)

    def _asdict(self):
        return dict(zip(self._keys, self._items))

    @property
    def _mapping(self):
        return self._asdict()

    def _tuple(self):
        return self._items
