"""sqlalchemy.ext.hybrid: Python-side properties; no DDL."""


class hybrid_property:
    def __init__(self, fget, fset=None, fdel=None, expr=None, custom_comparator=None, update_expr=None):
        self.fget = fget
        self.fset = fset
        self.fdel = fdel
        self.expr = expr
        self.__doc__ = getattr(fget, "__doc__", None)

    def __get__(self, instance, owner):
        if instance is None:
            if self.expr is not None:
                return self.expr(owner)
            return self.fget(owner)
        return self.fget(instance)

    def __set__(self, instance, value):
        if self.fset is None:
            raise AttributeError("can't set attribute")
        self.fset(instance, value)

    def getter(self, fget):
        self.fget = fget
        return self

    def setter(self, fset):
        self.fset = fset
        return self

    def deleter(self, fdel):
        self.fdel = fdel
        return self

    def expression(self, expr):
        self.expr = expr
        return self

    inplace = property(lambda self: self)

    def comparator(self, comparator):
        return self

    def update_expression(self, meth):
        return self


class hybrid_method:
    def __init__(self, func, expr=None):
        self.func = func
        self.expr = expr

    def __get__(self, instance, owner):
        if instance is None:
            target = self.expr or self.func
            return lambda *a, **kw: target(owner, *a, **kw)
        return lambda *a, **kw: self.func(instance, *a, **kw)

    def expression(self, expr):
        self.expr = expr
        return self


class Comparator:
    def __init__(self, expression):
        self.expression = expression
