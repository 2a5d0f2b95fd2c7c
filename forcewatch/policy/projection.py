"""Which parts of the report view a pack's CEL reads: a projection tree.

Converting the view into CEL values costs more than evaluating the rules, and
the cost grows with every value converted. So the engine hands CEL only the
paths some rule reads: `force.subject.fleeing` in a rule with `each: force`
keeps `report.force[].subject.fleeing` and nothing else of that subject.

Paths are found in the expressions' text: dotted chains from a rule's
variables (`report`, `force`, `subject`, `officer`) or from a comprehension's
variable (`report.force.exists(f, f.type == ...)` binds `f` to the elements of
`report.force`). A chain that ends on a collection or map without going
further (`size(force.subject.threat_means)`) keeps that value whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from forcewatch.policy.schema import COLLECTIONS

MACROS = {"all", "exists", "exists_one", "map", "filter"}
STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
CHAIN = re.compile(r"(?<![\w.])([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)+)(\s*\()?")
BINDING = re.compile(
    r"(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.(?:all|exists|exists_one|map|filter)"
    r"\(\s*([A-Za-z_]\w*)\s*,"
)
KEEP = "*"  # keep the whole value
Tree = dict[str, Any]


def scope_roots(each: str) -> dict[str, tuple[str, ...]]:
    """Where each variable of a scope points, as a path below `report`."""
    roots: dict[str, tuple[str, ...]] = {"report": ()}
    if each in COLLECTIONS:
        roots[each] = (COLLECTIONS[each],)
    return roots


def read_paths(
    texts: list[str], each: str, functions: set[str]
) -> set[tuple[str, ...]]:
    """The view paths (below `report`) that these CEL expressions read.

    A path ending in KEEP keeps the value whole; one without keeps the
    collection, with only the fields of its elements other paths name.
    """
    paths: set[tuple[str, ...]] = set()
    for raw in texts:
        text = STRINGS.sub("''", raw)
        roots = scope_roots(each)
        for source, var in BINDING.findall(text):  # comprehension variables
            head, *rest = source.split(".")
            if head in roots:
                roots[var] = roots[head] + tuple(rest)
        for chain, call in CHAIN.findall(text):
            head, *members = [p.strip() for p in chain.split(".")]
            if head not in roots:
                continue
            leaf: tuple[str, ...] = (KEEP,)
            if call:  # the last member is a method: `x.exists(`, `s.matches(`
                method = members.pop()
                if method in MACROS:
                    leaf = ()  # its variable's paths say what is read
                elif method not in functions:
                    continue  # not a method call we know; the validator reports it
            paths.add((*roots[head], *members, *leaf))
    return paths


def tree_of(paths: set[tuple[str, ...]]) -> Tree:
    tree: Tree = {}
    for path in sorted(paths, key=len):
        keep = bool(path) and path[-1] == KEEP
        names = path[:-1] if keep else path
        node: Any = tree
        for depth, name in enumerate(names):
            if node.get(name) == KEEP:
                break
            if keep and depth == len(names) - 1:
                node[name] = KEEP
                break
            node = node.setdefault(name, {})
    return tree


def projector(tree: Tree | str) -> Callable[[Any], Any]:
    """A function that keeps only the branches of `tree` (lists element-wise).

    Compiled once per pack: the view of every report goes through it.
    """
    if tree == KEEP:
        return lambda value: value
    assert isinstance(tree, dict)
    leaves = tuple(k for k, sub in tree.items() if sub == KEEP)
    branches = tuple((k, projector(sub)) for k, sub in tree.items() if sub != KEEP)

    def one(value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        out = {k: value[k] for k in leaves if k in value}
        for k, sub in branches:
            if k in value:
                out[k] = sub(value[k])
        return out

    def each(value: Any) -> Any:
        if isinstance(value, list):
            return [one(v) for v in value]
        return one(value)

    return each
