"""A JSGF grammar that follows the structure of the hassil templates.

Expanding the templates into sentences gives hundreds of thousands of
combinations; written as JSGF rules they stay a few thousand words long:
alternatives become `( a | b )`, optionals `[ x ]`, expansion rules and slot
lists `<rule>`s. Wildcard slots become the known values (`slot_values`),
numbers and times the forms drivers say. Words the recognizer's dictionary
lacks are left out together with the alternative holding them, and reported.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from hassil.expression import (
    Alternative,
    Expression,
    Group,
    ListReference,
    Permutation,
    RuleReference,
    TextChunk,
)

from voice.expand import parse_template
from voice.grammar import Grammar, SlotList
from voice.text import normalize

KnowsWord = Callable[[str], bool]
VERSION = "1"
VOID = "\0"  # a rule that cannot be said  # part of the cache key: bump when the output changes

UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
            "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth",
            "twenty first", "twenty second", "twenty third", "twenty fourth", "twenty fifth",
            "twenty sixth", "twenty seventh", "twenty eighth", "twenty ninth", "thirtieth",
            "thirty first"]

# Spoken numbers, amounts, dates and times: small rules of the forms drivers say.
TYPED_RULES: dict[str, str] = {
    "n_units": " | ".join(UNITS),
    "n_teens": " | ".join(TEENS),
    "n_tens": " | ".join(TENS),
    "n_1_99": "<n_units> | <n_teens> | <n_tens> [ <n_units> ]",
    "t_number": "( zero | <n_1_99> | [ a | <n_units> ] hundred [ [ and ] <n_1_99> ] )"
                " [ point <n_units> ]",
    "t_amount": "<t_number> [ yuan | dollars | dollar | bucks | euros | cents ]",
    "n_weekday": " | ".join(WEEKDAYS),
    "n_month": " | ".join(MONTHS),
    "n_ordinal": " | ".join(ORDINALS),
    "t_date": "today | tonight | tomorrow | [ the ] day after tomorrow"
              " | [ this | next | on | coming ] <n_weekday>"
              " | ( this | next ) ( week | weekend ) | this ( morning | afternoon | evening )"
              " | [ on ] [ <n_month> ] [ the ] <n_ordinal> [ of <n_month> ]",
    "n_hour": "<n_units> | ten | eleven | twelve",
    "t_time": "<n_hour> [ o'clock | oh <n_units> | <n_teens> | <n_tens> [ <n_units> ] ]"
              " [ am | pm | a m | p m | in the ( morning | afternoon | evening ) | at night ]"
              " | ( half past | quarter past | quarter to ) <n_hour>"
              " | noon | midday | midnight | morning | afternoon | evening",
    # Loops rather than copies keep the decoder's graph small: "tomorrow at ten am".
    "t_datetime": "( [ at | around | by | on | in the ] ( <t_date> | <t_time> ) )+",
}
TYPED_REFS = {"number": "<t_number>", "amount": "<t_amount>", "date": "<t_date>",
              "time": "<t_time>", "datetime": "<t_datetime>"}


@dataclass
class JsgfGrammar:
    """The JSGF text, the words left out, and a key naming it."""

    text: str
    unknown: set[str] = field(default_factory=set)
    rules: int = 0

    @property
    def key(self) -> str:
        """A short hash of the text (a name for the decoder's search)."""
        return hashlib.sha1(self.text.encode()).hexdigest()[:12]


def spoken_number(value: int) -> str:
    """0..999 in words: 22 -> "twenty two"."""
    if value == 0:
        return "zero"
    words: list[str] = []
    hundreds, rest = divmod(value, 100)
    if hundreds:
        words += [UNITS[hundreds - 1], "hundred"]
    if rest >= 20:
        words.append(TENS[rest // 10 - 2])
        if rest % 10:
            words.append(UNITS[rest % 10 - 1])
    elif rest >= 10:
        words.append(TEENS[rest - 10])
    elif rest:
        words.append(UNITS[rest - 1])
    return " ".join(words)


def range_rule(low: float, high: float) -> str:
    """The whole numbers from `low` to `high` in words, halves as `point five`."""
    start, stop = int(low) if low == int(low) else int(low) + 1, int(high)
    numbers = " | ".join(spoken_number(n) for n in range(max(start, 0), min(stop, 999) + 1))
    numbers = numbers or "zero"
    halves = " [ point five ]" if low != int(low) or high - low <= 20 else ""
    return f"( {numbers} ){halves}"


class _Builder:
    """Walks hassil expression trees, writing one JSGF rule per expansion rule and list."""

    def __init__(self, grammar: Grammar, knows: KnowsWord,
                 values: Mapping[str, Sequence[str]], max_choices: int | None) -> None:
        self.max_choices = max_choices
        self.grammar = grammar
        self.knows = knows
        self.values = values
        self.rules: dict[str, str] = {}
        self.unknown: set[str] = set()
        self.typed_used = False

    def words(self, text: str) -> str | None:
        """Normalized words of a literal; None when one is not in the dictionary."""
        words = normalize(text, self.grammar.lang).lower().split()
        missing = [w for w in words if not self.knows(w)]
        if missing:
            self.unknown.update(missing)
            return None
        return " ".join(words)

    def expr(self, expr: Expression) -> str | None:
        """JSGF for an expression: "" when it says nothing, None when it cannot be said."""
        if isinstance(expr, TextChunk):
            return self.words(expr.text)
        if isinstance(expr, Permutation):
            orders = [self.sequence(list(order)) for order in itertools.permutations(expr.items)]
            return self.alternative(orders, optional=False)
        if isinstance(expr, Alternative):
            items = [self.expr(i) for i in expr.items]
            return self.alternative(items, expr.is_optional, self.max_choices)
        if isinstance(expr, Group):
            return self.sequence(expr.items)
        if isinstance(expr, RuleReference):
            return self.reference(f"r_{expr.rule_name}",
                                  lambda: parse_template(self.grammar.rules[expr.rule_name][0]))
        if isinstance(expr, ListReference):
            return self.slot(expr)
        return ""

    def alternative(self, items: list[str | None], optional: bool,
                    limit: int | None = None) -> str | None:
        """`( a | b )`, `[ a | b ]` or `a`; the first `limit` sayable choices."""
        sayable = [i for i in items if i is not None]
        if not sayable:
            return "" if optional else None
        choices = list(dict.fromkeys(i for i in sayable if i))[:limit]
        optional = optional or "" in sayable
        if not choices:
            return ""
        body = " | ".join(choices)
        if optional:
            return f"[ {body} ]"
        return body if len(choices) == 1 else f"( {body} )"

    def sequence(self, items: Sequence[Expression]) -> str | None:
        parts = []
        for run in _glued_runs(items):
            part = self.glued(run) if len(run) > 1 else self.expr(run[0])
            if part is None:
                return None
            if part:
                parts.append(part)
        return " ".join(_repeats(parts))

    def glued(self, run: list[Expression]) -> str | None:
        """Items written without a space ("station[s]"): their texts as alternatives."""
        texts = _texts(Group(items=run))
        if texts is None:  # holds a reference: keep the pieces as words of their own
            parts = [self.expr(item) for item in run]
            return None if any(p is None for p in parts) else " ".join(p for p in parts if p)
        return self.alternative([self.words(t) for t in texts], optional=False)

    def reference(self, name: str, body: Callable[[], Expression | str]) -> str | None:
        """`<name>`, writing its rule the first time; "" or None passed through."""
        name = _rule_name(name)
        if name not in self.rules:
            self.rules[name] = ""  # guards against recursion while it is built
            tree = body()
            written = tree if isinstance(tree, str) else self.expr(tree)
            self.rules[name] = VOID if written is None else written
        written = self.rules[name]
        if written == VOID:
            return None
        return f"<{name}>" if written else ""

    def slot(self, ref: ListReference) -> str | None:
        inline = ref.get_inline_range()
        slot_list = self.grammar.lists.get(ref.list_name)
        if inline is not None:
            return self.reference(f"l_{ref.list_name}",
                                  lambda: range_rule(inline[0], inline[1]))
        assert slot_list is not None
        return self.reference(f"l_{ref.list_name}", lambda: self.list_body(slot_list))

    def list_body(self, slot_list: SlotList) -> Expression | str:
        if slot_list.kind == "values":  # every value, each with its first choices
            values = [self.expr(parse_template(v)) for v, _ in slot_list.values]
            return self.alternative(values, optional=False) or ""
        if slot_list.kind == "range":
            assert slot_list.low is not None and slot_list.high is not None
            self.typed_used = True
            return range_rule(slot_list.low, slot_list.high)
        if slot_list.kind == "wildcard":
            known = {w for v in self.values.get(slot_list.name, ()) if (w := self.words(v))}
            if not known:
                return ""
            filler = dict.fromkeys(w for f in self.grammar.filler if (w := self.words(f)))
            lead = f"[ {' | '.join(filler)} ] " if filler else ""  # "play some jazz"
            return f"{lead}( {' | '.join(sorted(known))} )"
        self.typed_used = True
        return TYPED_REFS[slot_list.kind]


def _edge(expr: Expression, last: bool) -> bool:
    """Whether an expression starts (or ends) with a word character rather than a space."""
    if isinstance(expr, TextChunk):
        return bool(expr.text) and not (expr.text[-1] if last else expr.text[0]).isspace()
    if isinstance(expr, Alternative):
        return any(_edge(i, last) for i in expr.items)
    if isinstance(expr, Group):
        return bool(expr.items) and _edge(expr.items[-1 if last else 0], last)
    return True


def _glued_runs(items: Sequence[Expression]) -> Iterator[list[Expression]]:
    run: list[Expression] = []
    for item in items:
        if run and not (_edge(run[-1], True) and _edge(item, False)):
            yield run
            run = []
        run.append(item)
    if run:
        yield run


def _texts(expr: Expression) -> list[str] | None:
    """Every text of a reference-free expression (None if it holds a rule or slot)."""
    if isinstance(expr, TextChunk):
        return [expr.text]
    if isinstance(expr, Permutation):
        return None
    if isinstance(expr, Alternative):
        found: list[str] = []
        for item in expr.items:
            texts = _texts(item)
            if texts is None:
                return None
            found += texts
        return found
    if isinstance(expr, Group):
        combined = [""]
        for item in expr.items:
            texts = _texts(item)
            if texts is None:
                return None
            combined = [a + b for a in combined for b in texts]
        return combined
    return None


def _repeats(parts: list[str]) -> list[str]:
    """`x [x] [x]` as `x+` and `[x] [x]` as `x*`: one copy of x in the decoder's graph."""
    out: list[str] = []
    for part in parts:
        inner = part[2:-2] if part.startswith("[ <") and part.endswith("> ]") else None
        if inner and out and out[-1] in (inner, f"{inner}+", f"{inner}*", f"[ {inner} ]"):
            previous = out.pop()
            out.append(f"{inner}+" if previous in (inner, f"{inner}+") else f"{inner}*")
        else:
            out.append(part)
    return out


def _factor(bodies: list[str]) -> list[str]:
    """Bodies starting with the same rule reference share it: `<a> ( x | y )`."""
    groups: dict[str, list[str]] = {}
    for body in dict.fromkeys(bodies):
        head, _, rest = body.partition(" ")
        key = head if head.startswith("<") and rest else ""
        groups.setdefault(key, []).append(rest if key else body)
    factored = [f"( {b} )" for b in groups.pop("", [])]
    for head, rests in groups.items():
        factored.append(f"( {head} ( " + " | ".join(f"( {r} )" for r in rests) + " ) )")
    return factored


def _rule_name(name: str) -> str:
    return "".join(c if c.isalnum() or c == "_" else "_" for c in name)


def build_jsgf(grammar: Grammar, knows: KnowsWord, values: Mapping[str, Sequence[str]],
               max_choices: int | None = None) -> JsgfGrammar:
    """The JSGF grammar of every intent of `grammar`, in words `knows` accepts.

    With `max_choices`, an alternative keeps only its first choices (the
    grammar files list the common wording first): a smaller, faster grammar.
    """
    builder = _Builder(grammar, knows, values, max_choices)
    intents: dict[str, list[str]] = {}
    for template in grammar.templates:
        body = builder.expr(parse_template(template.text))
        if body:
            intents.setdefault(template.intent, []).append(body)
    lines = ["#JSGF V1.0;", "grammar voice;"]
    publics = []
    for intent, bodies in intents.items():
        name = f"i_{_rule_name(intent)}"
        publics.append(f"<{name}>")
        lines.append(f"<{name}> = " + " | ".join(_factor(bodies)) + " ;")
    for name, body in builder.rules.items():
        if body and body != VOID:
            lines.append(f"<{_rule_name(name)}> = {body} ;")
    if builder.typed_used or any("<t_" in line or "<n_" in line for line in lines):
        for name, body in TYPED_RULES.items():
            lines.append(f"<{name}> = {body} ;")
    lines.insert(2, "public <command> = " + " | ".join(publics) + " ;")
    return JsgfGrammar(text="\n".join(lines) + "\n", unknown=builder.unknown,
                       rules=len(lines) - 3)
