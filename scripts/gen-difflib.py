#!/usr/bin/env python3
"""Writes crates/pyscript/src/python/difflib.py from CPython's own Lib/difflib.py (the
running interpreter's, 3.11 here): everything but `HtmlDiff` and its helpers, `heapq` left
out, and every generator function rewritten into one that returns a list (Retort's
interpreter has no generators): `yield x` appends to the list, `yield from xs` extends it,
a bare `return` returns it.

    python3 scripts/gen-difflib.py
"""
import ast
import difflib
import pathlib
import sys

HTML_ONLY = {"_mdiff", "HtmlDiff", "_file_template", "_styles", "_table_template", "_legend", "_test"}
HEADER = '''"""`difflib`: CPython {version}'s Lib/difflib.py (Python Software Foundation License), all but
`HtmlDiff`: `SequenceMatcher`, `get_close_matches`, `Differ`, `ndiff`, `unified_diff`,
`context_diff`, `diff_bytes`, `restore`. The interpreter has no generators, so the
functions that yield lines return lists of them (rewritten mechanically by
`scripts/gen-difflib.py`: each `yield x` appends to the list); `heapq.nlargest` is a
sort."""
'''
NLARGEST = '''
def _nlargest(n, iterable):
    return sorted(iterable, reverse=True)[:n]
'''


def has_yield(fn):
    """Whether `fn` itself (not a nested function) yields."""
    todo = list(fn.body)
    while todo:
        n = todo.pop()
        if isinstance(n, (ast.Yield, ast.YieldFrom)):
            return True
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        todo.extend(ast.iter_child_nodes(n))
    return False


def out_call(method, arg):
    return ast.Expr(ast.Call(ast.Attribute(ast.Name("_out", ast.Load()), method, ast.Load()), [arg], []))


class Body(ast.NodeTransformer):
    def visit_FunctionDef(self, node):
        return node

    def visit_Expr(self, node):
        if isinstance(node.value, ast.Yield):
            return out_call("append", node.value.value or ast.Constant(None))
        if isinstance(node.value, ast.YieldFrom):
            return out_call("extend", node.value.value)
        return node

    def visit_Return(self, node):
        assert node.value is None, "a generator returning a value"
        return ast.Return(ast.Name("_out", ast.Load()))


class Generators(ast.NodeTransformer):
    def visit_FunctionDef(self, node):
        self.generic_visit(node)
        if has_yield(node):
            body = [Body().visit(s) for s in node.body]
            doc = ast.get_docstring(node, clean=False) is not None
            body.insert(1 if doc else 0, ast.parse("_out = []").body[0])
            body.append(ast.Return(ast.Name("_out", ast.Load())))
            node.body = body
        return node


def main():
    tree = ast.parse(pathlib.Path(difflib.__file__).read_text())
    body = []
    for stmt in tree.body[1:]:  # the module docstring is replaced by HEADER
        names = set()
        if isinstance(stmt, (ast.FunctionDef, ast.ClassDef)):
            names = {stmt.name}
        elif isinstance(stmt, ast.Assign):
            names = {t.id for t in stmt.targets if isinstance(t, ast.Name)}
        elif isinstance(stmt, ast.ImportFrom) and stmt.module == "heapq":
            body.extend(ast.parse(NLARGEST).body)
            continue
        elif isinstance(stmt, ast.If):  # `if __name__ == "__main__": _test()`
            continue
        if names & HTML_ONLY:
            continue
        if names == {"__all__"}:
            stmt.value.elts = [e for e in stmt.value.elts if e.value not in HTML_ONLY]
        body.append(stmt)
    module = Generators().visit(ast.Module(body=body, type_ignores=[]))
    ast.fix_missing_locations(module)
    assert not any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in ast.walk(module))
    version = "%d.%d" % sys.version_info[:2]
    out = pathlib.Path(__file__).resolve().parent.parent / "crates/pyscript/src/python/difflib.py"
    out.write_text(HEADER.format(version=version) + "\n" + ast.unparse(module) + "\n")


if __name__ == "__main__":
    main()
