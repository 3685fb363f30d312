"""sqlalchemy.ext.associationproxy: a Python-side view of a relationship; no DDL."""


class AssociationProxy:
    def __init__(self, target_collection, attr, **kw):
        self.target_collection = target_collection
        self.value_attr = attr
        self.kw = kw

    def __get__(self, instance, owner):
        if instance is None:
            return self
        target = getattr(instance, self.target_collection)
        if isinstance(target, list):
            return [getattr(t, self.value_attr) for t in target]
        return getattr(target, self.value_attr) if target is not None else None


def association_proxy(target_collection, attr, **kw):
    return AssociationProxy(target_collection, attr, **kw)


AssociationProxyInstance = AssociationProxy
