"""CEL rules compiled to Python: the subset the rule format allows, nothing more.

The `cel` library stays the reference: it validates packs when they load, the
tests compare this module with it on random reports and random expressions, and
anything outside the subset runs on it. An expression this module cannot
compile raises `NotCompiled`, and the engine uses the library for it.

The semantics reproduced are those of the installed library (cel 0.10), found
by experiment, not those of the CEL specification where the two differ:
`size('é')` is 2 (bytes), `-true` is false, comparing an int with a double
converts the int to a double, a NaN cannot be ordered, comprehensions stop at
the first error. `&&` and `||` absorb errors both ways (`error || true` is
true, `false && error` is false).

A compiled program that fails raises: `CelError` where the library fails too,
`Unsupported` where this module does not follow the library (iterating a map,
whose order the library does not keep; a regular expression on non-ASCII text;
an int outside 64 bits). The engine gives any failing report to the library,
which decides the result and words the error.

Programs run on the whole report view, not on the projection the library gets
(`projection.py`). They are exact all the same because the compiler refuses to
read a path the projection drops, or to use as a whole a value the projection
keeps only part of.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from forcewatch.policy.projection import KEEP, Tree

INT_MIN, INT_MAX = -(2**63), 2**63 - 1
Node = tuple[Any, ...]
Path = tuple[str, ...] | None  # where a value comes from in the view, if it does


class NotCompiled(ValueError):
    """The expression is outside the compiled subset: use the library."""


class CelError(RuntimeError):
    """A failure the library also reports (no such overload, overflow...)."""


class Unsupported(RuntimeError):
    """A value this module does not evaluate like the library: use the library."""


# -- parsing -----------------------------------------------------------------------

TOKEN = re.compile(
    r"""(?P<ws>\s+)
    |(?P<comment>//[^\n]*)
    |(?P<double>\d+\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\.\d+(?:[eE][+-]?\d+)?)
    |(?P<uint>(?:0[xX][0-9a-fA-F]+|\d+)[uU])
    |(?P<hex>0[xX][0-9a-fA-F]+)
    |(?P<int>\d+)
    |(?P<prefixed>[rRbB]+['"])
    |(?P<string>'''|\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    |(?P<ident>[A-Za-z_]\w*)
    |(?P<op>==|!=|<=|>=|&&|\|\||[-+*/%<>!?:.,\[\](){}])
    """,
    re.VERBOSE,
)
ESCAPE = re.compile(
    r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-3][0-7]{2}|.)"
)
SIMPLE_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
    "`": "`",
}
RESERVED = {
    "as",
    "break",
    "const",
    "continue",
    "else",
    "for",
    "function",
    "if",
    "import",
    "let",
    "loop",
    "package",
    "namespace",
    "return",
    "var",
    "void",
    "while",
}
MACROS = {"all", "exists", "exists_one", "map", "filter"}
RELATIONS = {"<", "<=", ">", ">=", "==", "!=", "in"}


def _unescape(body: str) -> str:
    def one(match: re.Match[str]) -> str:
        text = match.group()[1:]
        if text[0] in "xuU":
            value = int(text[1:], 16)
            if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
                raise NotCompiled("escape outside Unicode scalar values")
            return chr(value)
        if text[0] in "0123" and len(text) == 3:
            return chr(int(text, 8))
        if text in SIMPLE_ESCAPES:
            return SIMPLE_ESCAPES[text]
        raise NotCompiled(f"escape \\{text}")

    return ESCAPE.sub(one, body)


def tokenize(source: str) -> list[tuple[str, Any]]:
    tokens: list[tuple[str, Any]] = []
    pos = 0
    while pos < len(source):
        match = TOKEN.match(source, pos)
        if match is None:
            raise NotCompiled(f"unexpected text at {pos}")
        kind, text = match.lastgroup or "", match.group()
        pos = match.end()
        if kind in ("ws", "comment"):
            continue
        if kind in ("uint", "prefixed"):
            raise NotCompiled(f"{kind} literal")
        if kind == "string":
            if text in ("'''", '"""'):
                raise NotCompiled("triple-quoted string")
            tokens.append(("lit", _unescape(text[1:-1])))
        elif kind == "double":
            tokens.append(("lit", float(text)))
        elif kind in ("int", "hex"):
            tokens.append(("int", int(text, 16 if kind == "hex" else 10)))
        elif kind == "ident":
            if text in ("true", "false", "null"):
                tokens.append(("lit", {"true": True, "false": False}.get(text)))
            elif text == "in":
                tokens.append(("op", "in"))
            elif text in RESERVED:
                raise NotCompiled(f"reserved word {text}")
            else:
                tokens.append(("ident", text))
        else:
            tokens.append(("op", text))
    tokens.append(("end", None))
    return tokens


class Parser:
    """Recursive descent over CEL's grammar, producing tuples:

    ("lit", v) ("list", [n]) ("map", [(k, v)]) ("id", name) ("sel", n, name)
    ("has", n, name) ("idx", n, i) ("call", name, target or None, [args])
    ("macro", name, target, var, [args]) ("not", n) ("neg", n)
    ("bin", op, a, b) ("and", a, b) ("or", a, b) ("cond", c, a, b)
    """

    def __init__(self, source: str) -> None:
        self.tokens = tokenize(source)
        self.pos = 0

    def peek(self) -> tuple[str, Any]:
        return self.tokens[self.pos]

    def take(self) -> tuple[str, Any]:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def accept(self, op: str) -> bool:
        if self.peek() == ("op", op):
            self.pos += 1
            return True
        return False

    def expect(self, op: str) -> None:
        if not self.accept(op):
            raise NotCompiled(f"expected {op!r}, got {self.peek()[1]!r}")

    def parse(self) -> Node:
        node = self.expr()
        if self.peek()[0] != "end":
            raise NotCompiled(f"unexpected {self.peek()[1]!r}")
        return node

    def expr(self) -> Node:
        cond = self.or_()
        if self.accept("?"):
            then = self.or_()
            self.expect(":")
            return ("cond", cond, then, self.expr())
        return cond

    def or_(self) -> Node:
        node = self.and_()
        while self.accept("||"):
            node = ("or", node, self.and_())
        return node

    def and_(self) -> Node:
        node = self.relation()
        while self.accept("&&"):
            node = ("and", node, self.relation())
        return node

    def relation(self) -> Node:
        node = self.sum()
        while self.peek()[0] == "op" and self.peek()[1] in RELATIONS:
            op = self.take()[1]
            node = ("bin", op, node, self.sum())
        return node

    def sum(self) -> Node:
        node = self.product()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            node = ("bin", op, node, self.product())
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.peek() in (("op", "*"), ("op", "/"), ("op", "%")):
            op = self.take()[1]
            node = ("bin", op, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.accept("!"):
            nots = 1
            while self.accept("!"):
                nots += 1
            node = self.member()
            for _ in range(nots):
                node = ("not", node)
            return node
        if self.accept("-"):
            minus = 1
            while self.accept("-"):
                minus += 1
            if self.peek()[0] == "int":  # `-9223372036854775808` is one literal
                minus -= 1
                node = self.member(negative=True)
            else:
                node = self.member()
            for _ in range(minus):
                node = ("neg", node)
            return node
        return self.member()

    def member(self, negative: bool = False) -> Node:
        node = self.primary(negative)
        while True:
            if self.accept("."):
                kind, name = self.take()
                if kind != "ident":
                    raise NotCompiled("expected a name after '.'")
                if self.accept("("):
                    args = self.arguments(")")
                    node = self.call(name, node, args)
                else:
                    node = ("sel", node, name)
            elif self.accept("["):
                index = self.expr()
                self.expect("]")
                node = ("idx", node, index)
            else:
                return node

    def arguments(self, close: str) -> list[Node]:
        args: list[Node] = []
        if self.accept(close):
            return args
        while True:
            args.append(self.expr())
            if self.accept(close):
                return args
            self.expect(",")

    def call(self, name: str, target: Node | None, args: list[Node]) -> Node:
        if target is not None and name in MACROS:
            wanted = (2, 3) if name == "map" else (2,)
            if len(args) not in wanted or args[0][0] != "id":
                raise NotCompiled(f"macro {name} takes a variable and expressions")
            return ("macro", name, target, args[0][1], args[1:])
        if target is None and name == "has":
            if len(args) != 1 or args[0][0] != "sel":
                raise NotCompiled("has() takes a field selection")
            return ("has", args[0][1], args[0][2])
        return ("call", name, target, args)

    def primary(self, negative: bool = False) -> Node:
        kind, value = self.take()
        if kind == "int":
            value = -value if negative else value
            if not INT_MIN <= value <= INT_MAX:
                raise NotCompiled("int literal out of range")
            return ("lit", value)
        if negative:
            raise NotCompiled("unexpected '-'")
        if kind == "lit":
            return ("lit", value)
        if kind == "ident":
            if self.accept("("):
                return self.call(value, None, self.arguments(")"))
            return ("id", value)
        if (kind, value) == ("op", "("):
            node = self.expr()
            self.expect(")")
            return node
        if (kind, value) == ("op", "["):
            return ("list", self.arguments("]"))
        if (kind, value) == ("op", "{"):
            entries: list[tuple[Node, Node]] = []
            if not self.accept("}"):
                while True:
                    key = self.expr()
                    self.expect(":")
                    entries.append((key, self.expr()))
                    if self.accept("}"):
                        break
                    self.expect(",")
            return ("map", entries)
        raise NotCompiled(f"unexpected {value!r}")


def parse(source: str) -> Node:
    return Parser(source).parse()


# -- run time: CEL operators on Python values ------------------------------------


class _Failed:
    """An operand of && or || that failed (kept: the other side may absorb it)."""

    __slots__ = ("exc",)

    def __init__(self, exc: Exception) -> None:
        self.exc = exc


def _fail(value: Any) -> Any:
    if isinstance(value, _Failed):
        raise value.exc
    raise CelError("no such overload")


def _int_operands(a: int, b: int) -> None:
    if not (INT_MIN <= a <= INT_MAX and INT_MIN <= b <= INT_MAX):
        raise Unsupported("int outside 64 bits")


def _checked(value: int) -> int:
    if not INT_MIN <= value <= INT_MAX:
        raise CelError("arithmetic overflow")
    return value


def _eq(a: Any, b: Any) -> bool:
    ta, tb = type(a), type(b)
    if ta is tb:
        if ta is str or ta is int or ta is float or ta is bool or a is None:
            return bool(a == b)
        if ta is list:
            return len(a) == len(b) and all(map(_eq, a, b))
        if ta is dict:
            if len(a) != len(b):
                return False
            other = {(type(k), k): v for k, v in b.items()}
            for k, v in a.items():
                key = (type(k), k)
                if key not in other or not _eq(v, other[key]):
                    return False
            return True
        raise Unsupported(f"equality of {ta.__name__}")
    if (ta is int or ta is float) and (tb is int or tb is float):
        return float(a) == float(b)
    if ta in CONVERTED and tb in CONVERTED:
        return False
    raise Unsupported(f"equality of {ta.__name__} and {tb.__name__}")


CONVERTED = {str, int, float, bool, type(None), list, dict}


def _ne(a: Any, b: Any) -> bool:
    return not _eq(a, b)


def _order(a: Any, b: Any) -> tuple[Any, Any]:
    ta, tb = type(a), type(b)
    if ta is tb and (ta is int or ta is str or ta is bool):
        return a, b
    if (ta is int or ta is float) and (tb is int or tb is float):
        a, b = float(a), float(b)
        if a != a or b != b:
            raise CelError("NaN cannot be ordered")
        return a, b
    raise CelError("no such overload")


def _lt(a: Any, b: Any) -> bool:
    x, y = _order(a, b)
    return bool(x < y)


def _le(a: Any, b: Any) -> bool:
    x, y = _order(a, b)
    return bool(x <= y)


def _gt(a: Any, b: Any) -> bool:
    x, y = _order(a, b)
    return bool(x > y)


def _ge(a: Any, b: Any) -> bool:
    x, y = _order(a, b)
    return bool(x >= y)


def _map_key(key: Any) -> tuple[type, Any]:
    kind = type(key)
    if kind is str or kind is int or kind is bool:
        return kind, key
    raise CelError(f"a {kind.__name__} cannot be a map key")


def _in(a: Any, b: Any) -> bool:
    if type(b) is list:
        return any(_eq(a, x) for x in b)
    if type(b) is dict:
        kind, key = _map_key(a)
        return any(type(k) is kind and k == key for k in b)
    raise CelError("no such overload")


def _index(a: Any, i: Any) -> Any:
    if type(a) is list:
        if type(i) is not int:
            raise CelError("a list index is an int")
        if not 0 <= i < len(a):
            raise CelError("index out of bounds")
        return a[i]
    if type(a) is dict:
        if type(i) is float:
            raise CelError("no such overload")
        kind, key = _map_key(i)
        for k, v in a.items():
            if type(k) is kind and k == key:
                return v
        raise CelError(f"no such key: {i!r}")
    raise CelError("no such overload")


def _add(a: Any, b: Any) -> Any:
    ta, tb = type(a), type(b)
    if ta is tb:
        if ta is int:
            _int_operands(a, b)
            return _checked(a + b)
        if ta is float or ta is str or ta is list:
            return a + b
    raise CelError("no such overload")


def _sub(a: Any, b: Any) -> Any:
    ta, tb = type(a), type(b)
    if ta is tb:
        if ta is int:
            _int_operands(a, b)
            return _checked(a - b)
        if ta is float:
            return a - b
    raise CelError("no such overload")


def _mul(a: Any, b: Any) -> Any:
    ta, tb = type(a), type(b)
    if ta is tb:
        if ta is int:
            _int_operands(a, b)
            return _checked(a * b)
        if ta is float:
            return a * b
    raise CelError("no such overload")


def _div(a: Any, b: Any) -> Any:
    ta, tb = type(a), type(b)
    if ta is tb and ta is int:
        _int_operands(a, b)
        if b == 0:
            raise CelError("division by zero")
        quotient = abs(a) // abs(b)  # truncated towards zero
        return _checked(quotient if (a < 0) == (b < 0) else -quotient)
    if ta is tb and ta is float:
        if b == 0.0:  # IEEE 754, as the library: no error
            if a == 0.0 or a != a:
                return math.nan
            return math.copysign(math.inf, a) * math.copysign(1.0, b)
        return a / b
    raise CelError("no such overload")


def _mod(a: Any, b: Any) -> Any:
    if type(a) is int and type(b) is int:
        _int_operands(a, b)
        if b == 0:
            raise CelError("modulo by zero")
        if a == INT_MIN and b == -1:
            raise CelError("arithmetic overflow")
        remainder = abs(a) % abs(b)  # the sign of the dividend
        return -remainder if a < 0 else remainder
    raise CelError("no such overload")


def _neg(a: Any) -> Any:
    kind = type(a)
    if kind is int:
        _int_operands(a, 0)
        return a if a == INT_MIN else -a  # the library wraps INT_MIN
    if kind is float:
        return -a
    if kind is bool:
        return not a  # the library's `-true` is false
    raise CelError("no such overload")


def _not(a: Any) -> bool:
    if type(a) is bool:
        return not a
    raise CelError("no such overload")


def _size(a: Any) -> int:
    kind = type(a)
    if kind is str:
        return len(a.encode("utf-8"))  # the library counts bytes
    if kind is list or kind is dict:
        return len(a)
    raise CelError("no such overload: size")


def _strings(a: Any, b: Any) -> None:
    if type(a) is not str or type(b) is not str:
        raise CelError("no such overload")


def _contains(a: Any, b: Any) -> bool:
    _strings(a, b)
    return b in a


def _starts(a: Any, b: Any) -> bool:
    _strings(a, b)
    return bool(a.startswith(b))


def _ends(a: Any, b: Any) -> bool:
    _strings(a, b)
    return bool(a.endswith(b))


def _matcher(pattern: re.Pattern[str]) -> Callable[[Any], bool]:
    search = pattern.search

    def matches(text: Any) -> bool:
        if type(text) is not str:
            raise CelError("no such overload: matches")
        if not text.isascii():
            raise Unsupported("regular expression on non-ASCII text")
        return search(text) is not None

    return matches


def _range(value: Any) -> list[Any]:
    if type(value) is list:
        return value
    if type(value) in CONVERTED and type(value) is not dict:
        raise CelError("no such overload: comprehension over a non-list")
    raise Unsupported(f"iterating a {type(value).__name__}")  # a map: order differs


def _whole(value: Any) -> Any:
    """A value of the view the projection keeps in part: the same only if it
    holds no map (a list of texts is copied whole)."""
    if type(value) is dict or (
        type(value) is list and any(type(v) is dict for v in value)
    ):
        raise Unsupported("a part of the view used whole")
    return value


RUNTIME: dict[str, Any] = {
    name: value
    for name, value in globals().items()
    if name.startswith("_") and not name.startswith("__")
} | {"CelError": CelError}

# RE2 and Python `re` agree on these: ASCII literals, alternation, groups,
# classes of ASCII letters and digits, `.`, `*`, `+`, `?`, anchors; an
# optional leading `(?i)`. `$` becomes `\Z` (Python's `$` also matches before a
# final newline). The text matched must be ASCII (checked when run).
SAFE_PATTERN = re.compile(
    r"(?:\(\?i\))?(?:[A-Za-z0-9 _\-|^$.*+?()]|\(\?:|\[\^?[A-Za-z0-9 _\-]+\])*"
)


def python_pattern(pattern: str) -> re.Pattern[str]:
    if not SAFE_PATTERN.fullmatch(pattern) or "(?" in pattern.replace(
        "(?i)", "", 1
    ).replace("(?:", ""):
        raise NotCompiled(f"regular expression {pattern!r} outside the shared subset")
    if "[" in pattern and re.search(r"\[\^?-|-\]", pattern):
        raise NotCompiled("a class with a leading or trailing '-'")
    flags = 0
    if pattern.startswith("(?i)"):
        pattern, flags = pattern[4:], re.IGNORECASE
    if re.search(r"(?:^|[|(])[*+?]|[*+?]{3}|\+\?\+|\*\?\*", pattern):
        raise NotCompiled("a quantifier with nothing to repeat")
    translated = re.sub(r"\$", r"\\Z", pattern)
    try:
        return re.compile(translated, flags)
    except re.error as exc:
        raise NotCompiled(f"regular expression: {exc}") from exc


# -- code generation ---------------------------------------------------------------

BINARY = {
    "==": "_eq",
    "!=": "_ne",
    "<": "_lt",
    "<=": "_le",
    ">": "_gt",
    ">=": "_ge",
    "in": "_in",
    "+": "_add",
    "-": "_sub",
    "*": "_mul",
    "/": "_div",
    "%": "_mod",
}
METHODS = {"contains": "_contains", "startsWith": "_starts", "endsWith": "_ends"}


class Generator:
    def __init__(self, variables: Sequence[str], tree: Tree | str) -> None:
        self.lines: list[str] = []
        self.depth = 1
        self.count = 0
        self.tree = tree
        self.constants: dict[str, Any] = {}
        self.params = [f"v_{name}" for name in variables]
        self.top: dict[str, tuple[str, Path]] = {
            name: (f"v_{name}", () if name == "report" else None) for name in variables
        }

    def emit(self, line: str) -> None:
        self.lines.append("    " * self.depth + line)

    def temp(self) -> str:
        self.count += 1
        return f"t{self.count}"

    # which view paths the projection keeps, whole (KEEP) or in part (a dict)
    def kept(self, path: tuple[str, ...]) -> Any:
        node: Any = self.tree
        for name in path:
            if node == KEEP:
                return KEEP
            if not isinstance(node, dict) or name not in node:
                return None
            node = node[name]
        return node

    def value(self, node: Node, env: dict[str, tuple[str, Path]]) -> str:
        """Code for a value used whole: refused if the projection cut it."""
        code, path = self.gen(node, env)
        if path is None:
            return code
        kept = self.kept(path)
        if kept is None:
            raise NotCompiled("uses a part of the view the projection drops")
        return code if kept == KEEP else f"_whole({code})"

    def into_temp(self, code: str) -> str:
        if re.fullmatch(r"[A-Za-z_]\w*|True|False|None", code):
            return code
        name = self.temp()
        self.emit(f"{name} = {code}")
        return name

    def guarded(self, node: Node, env: dict[str, tuple[str, Path]]) -> str:
        """Evaluate into a temp, keeping a failure as a value (for && and ||)."""
        name = self.temp()
        self.emit("try:")
        self.depth += 1
        self.emit(f"{name} = {self.value(node, env)}")
        self.depth -= 1
        self.emit("except Exception as exc:")
        self.emit(f"    {name} = _Failed(exc)")
        return name

    def gen(self, node: Node, env: dict[str, tuple[str, Path]]) -> tuple[str, Path]:
        kind = node[0]
        if kind == "lit":
            return repr(node[1]), None
        if kind == "id":
            if node[1] not in env:
                raise NotCompiled(f"undeclared variable {node[1]}")
            return env[node[1]]
        if kind == "sel":
            base, path = self.gen(node[1], env)
            return f"{base}[{node[2]!r}]", self.select(path, node[2])
        if kind == "has":
            base, path = self.gen(node[1], env)
            self.select(path, node[2])
            name = self.into_temp(base)
            return (
                f"({node[2]!r} in {name} if {name}.__class__ is dict else _fail(None))",
                None,
            )
        if kind == "idx":
            base, index = self.value(node[1], env), self.value(node[2], env)
            return f"_index({base}, {index})", None
        if kind == "list":
            return "[" + ", ".join(self.value(n, env) for n in node[1]) + "]", None
        if kind == "map":
            return self.map_literal(node[1], env), None
        if kind == "not":
            return f"_not({self.value(node[1], env)})", None
        if kind == "neg":
            return f"_neg({self.value(node[1], env)})", None
        if kind == "bin":
            return self.binary(node[1], node[2], node[3], env), None
        if kind in ("and", "or"):
            return self.logical(kind, node[1], node[2], env), None
        if kind == "cond":
            return self.conditional(node[1], node[2], node[3], env), None
        if kind == "call":
            return self.function(node[1], node[2], node[3], env), None
        if kind == "macro":
            return self.macro(node[1], node[2], node[3], node[4], env)
        raise NotCompiled(f"node {kind}")  # the parser makes no other

    def select(self, path: Path, name: str) -> Path:
        if path is None:
            return None
        kept = self.kept(path)
        if kept != KEEP and not (isinstance(kept, dict) and name in kept):
            raise NotCompiled(f"reads {name!r}, which the projection drops")
        return (*path, name)

    def map_literal(
        self, entries: list[tuple[Node, Node]], env: dict[str, tuple[str, Path]]
    ) -> str:
        keys = [key for key, _ in entries]
        if any(k[0] != "lit" or type(k[1]) not in (str, int, bool) for k in keys):
            raise NotCompiled("map keys other than string, int or bool literals")
        if len({type(k[1]) for k in keys} & {int, bool}) > 1:
            raise NotCompiled("int and bool keys in one map")
        return (
            "{" + ", ".join(f"{k[1]!r}: {self.value(v, env)}" for k, v in entries) + "}"
        )

    def binary(
        self, op: str, left: Node, right: Node, env: dict[str, tuple[str, Path]]
    ) -> str:
        a, b = self.value(left, env), self.value(right, env)
        if op in ("==", "!="):
            for x, y, lit, other in ((a, b, right, left), (b, a, left, right)):
                if lit[0] != "lit" or other[0] == "lit":
                    continue
                same = op == "=="
                # identity: `1 == true` is false; a string equals only a string
                if lit[1] is None or type(lit[1]) is bool:
                    return f"({x} {'is' if same else 'is not'} {y})"
                if type(lit[1]) is str:
                    return f"({x} {op} {y})"
        if op in ("<", "<=", ">", ">=") and right[0] == "lit" and type(right[1]) is int:
            # an int against an int literal: Python's comparison (the usual case)
            name = self.into_temp(a)
            slow = f"{BINARY[op]}({name}, {b})"
            return f"({name} {op} {b} if {name}.__class__ is int else {slow})"
        return f"{BINARY[op]}({a}, {b})"

    def logical(
        self, kind: str, left: Node, right: Node, env: dict[str, tuple[str, Path]]
    ) -> str:
        # && : false wins, even over a failure on the other side; || : true wins
        wins, other = ("False", "True") if kind == "and" else ("True", "False")
        result = self.temp()
        a = self.guarded(left, env)
        self.emit(f"if {a} is {wins}:")
        self.emit(f"    {result} = {wins}")
        self.emit("else:")
        self.depth += 1
        b = self.guarded(right, env)
        self.emit(f"if {b} is {wins}:")
        self.emit(f"    {result} = {wins}")
        self.emit(f"elif {a} is {other}:")
        self.emit(f"    {result} = {b} if {b} is {other} else _fail({b})")
        self.emit("else:")
        self.emit(f"    _fail({a})")
        self.depth -= 1
        return result

    def conditional(
        self, cond: Node, then: Node, other: Node, env: dict[str, tuple[str, Path]]
    ) -> str:
        result = self.temp()
        test = self.into_temp(self.value(cond, env))
        self.emit(f"if {test} is True:")
        self.depth += 1
        self.emit(f"{result} = {self.value(then, env)}")
        self.depth -= 1
        self.emit(f"elif {test} is False:")
        self.depth += 1
        self.emit(f"{result} = {self.value(other, env)}")
        self.depth -= 1
        self.emit("else:")
        self.emit(f"    _fail({test})")
        return result

    def function(
        self,
        name: str,
        target: Node | None,
        args: list[Node],
        env: dict[str, tuple[str, Path]],
    ) -> str:
        if name == "size" and (target is None) == (len(args) == 1) and len(args) <= 1:
            sized = target if target is not None else args[0]
            return f"_size({self.value(sized, env)})"
        if target is None or len(args) != 1:
            raise NotCompiled(f"function {name}")
        if name in METHODS:
            subject, argument = self.value(target, env), self.value(args[0], env)
            return f"{METHODS[name]}({subject}, {argument})"
        if name == "matches":
            pattern = args[0]
            if pattern[0] != "lit" or type(pattern[1]) is not str:
                raise NotCompiled("matches() with a pattern that is not a literal")
            constant = f"_re{len(self.constants)}"
            self.constants[constant] = _matcher(python_pattern(pattern[1]))
            return f"{constant}({self.value(target, env)})"
        raise NotCompiled(f"function {name}")

    def macro(
        self,
        name: str,
        target: Node,
        var: str,
        args: list[Node],
        env: dict[str, tuple[str, Path]],
    ) -> tuple[str, Path]:
        source, path = self.gen(target, env)
        if path is not None and self.kept(path) is None:
            raise NotCompiled("iterates over a part of the view the projection drops")
        items = self.into_temp(f"_range({source})")
        item = f"c{self.temp()}_{var}"
        inner = {**env, var: (item, path)}
        result = self.temp()
        start = {"all": "True", "exists": "False", "exists_one": "0"}.get(name, "[]")
        self.emit(f"{result} = {start}")
        self.emit(f"for {item} in {items}:")
        self.depth += 1
        if name == "map" and len(args) == 1:
            self.emit(f"{result}.append({self.value(args[0], inner)})")
        else:
            test = self.into_temp(self.value(args[0], inner))
            if name in ("all", "exists"):
                stop = "False" if name == "all" else "True"
                self.emit(f"if {test} is {stop}:")
                self.emit(f"    {result} = {stop}")
                self.emit("    break")
                self.emit(f"if {test} is not {'True' if name == 'all' else 'False'}:")
                self.emit(f"    _fail({test})")
            else:
                self.emit(f"if {test} is True:")
                self.depth += 1
                if name == "exists_one":
                    self.emit(f"{result} += 1")
                elif name == "filter":
                    self.emit(f"{result}.append({item})")
                else:
                    self.emit(f"{result}.append({self.value(args[1], inner)})")
                self.depth -= 1
                self.emit(f"elif {test} is not False:")
                self.emit(f"    _fail({test})")
        self.depth -= 1
        if name == "exists_one":
            return f"({result} == 1)", None
        return result, (path if name == "filter" else None)


Program = Callable[..., Any]


def compile_cel(
    source: str, variables: Sequence[str] = ("report",), tree: Tree | str = KEEP
) -> Program:
    """A Python function of the variables (positional, in order) that evaluates
    `source` as the library would on the same values, `report` projected by
    `tree`. Raises NotCompiled for anything outside the subset."""
    generator = Generator(variables, tree)
    result = generator.value(parse(source), dict(generator.top))
    body = "\n".join(generator.lines)
    text = f"def program({', '.join(generator.params)}):\n{body}\n    return {result}\n"
    namespace: dict[str, Any] = {**RUNTIME, **generator.constants}
    with warnings.catch_warnings():  # `True['a']` is CEL's failure, not a typo
        warnings.simplefilter("ignore", SyntaxWarning)
        code = compile(text, "<cel>", "exec")
    exec(code, namespace)  # noqa: S102 - our own code
    program: Program = namespace["program"]
    program.source = text  # type: ignore[attr-defined]  # for reading and debugging
    return program
