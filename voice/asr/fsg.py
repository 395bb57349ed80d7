"""Compile our JSGF into a finite-state grammar without empty transitions.

PocketSphinx's own JSGF compiler inlines every rule with empty (null)
transitions around it and then closes them, which on the full command grammar
gives over a million transitions, twenty seconds of set-up and slower than
real-time decoding. A position automaton (Glushkov's construction: one state
per word occurrence, a transition into it labelled with that word) has no
empty transitions at all and is built in about a second.

Only the JSGF subset `voice.asr.jsgf` writes is read: words, `( | )`, `[ ]`,
`<rule>`, and `+`/`*` after a group or rule reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from voice.errors import GrammarError

Node = str | tuple  # a word, or (kind, ...) with kind in seq, alt, opt, plus, star, ref
Transition = tuple  # (from, to, probability, word) or (from, to, probability) when empty
TOKEN = re.compile(r"<[^>]+>[+*]?|\)[+*]?|[(\[\]|]|[^\s()\[\]|<>]+")
HUB_ABOVE = 64  # joins with more transitions than this go through a hub state
RULE = re.compile(r"^(public\s+)?<([^>]+)>\s*=\s*(.*);\s*$")


@dataclass
class Fsg:
    """States 0 (start) to `final`; transitions as PocketSphinx's `create_fsg` takes them."""

    final: int
    transitions: list[Transition] = field(default_factory=list)


def read_rules(text: str) -> tuple[dict[str, Node], str]:
    """The rules of a JSGF text as trees, and the name of its public rule."""
    rules: dict[str, Node] = {}
    public = ""
    for line in text.splitlines():
        match = RULE.match(line.strip())
        if not match:
            continue
        rules[match.group(2)] = _Parser(TOKEN.findall(match.group(3))).alternatives()
        if match.group(1):
            public = match.group(2)
    if not public:
        raise GrammarError("the JSGF grammar has no public rule")
    return rules, public


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self) -> str:
        return self.tokens[self.at] if self.at < len(self.tokens) else ""

    def alternatives(self) -> Node:
        items = [self.sequence()]
        while self.peek() == "|":
            self.at += 1
            items.append(self.sequence())
        return items[0] if len(items) == 1 else ("alt", items)

    def sequence(self) -> Node:
        items: list[Node] = []
        while self.peek() and self.peek()[0] not in "|)]":
            items.append(self.item())
        return items[0] if len(items) == 1 else ("seq", items)

    def item(self) -> Node:
        token = self.peek()
        self.at += 1
        if token in ("(", "["):
            inner = self.alternatives()
            close = self.peek()
            self.at += 1
            if token == "[":
                return ("opt", inner)
            return _repeat(inner, close[1:])
        if token.startswith("<"):
            name, _, mark = token[1:].partition(">")
            return _repeat(("ref", name), mark)
        return token


def _repeat(node: Node, mark: str) -> Node:
    return ("plus", node) if mark == "+" else ("star", node) if mark == "*" else node


class _Glushkov:
    """Positions (word occurrences), and which position may follow which."""

    def __init__(self, rules: dict[str, Node]) -> None:
        self.rules = rules
        self.words: list[str | None] = [""]  # position 0 is the start state; None: a hub
        self.follow: set[tuple[int, int]] = set()

    def link(self, last: list[int], first: list[int]) -> None:
        """Let every position of `last` be followed by every one of `first`.

        A large join goes through a hub state (empty transitions in, words
        out) so it costs len(last) + len(first) transitions, not their product.
        A hub is never followed by another empty transition, so the decoder's
        one empty hop at a time is enough.
        """
        last, first = sorted(set(last)), sorted(set(first))
        if len(last) * len(first) <= HUB_ABOVE:
            self.follow.update((a, b) for a in last for b in first)
            return
        self.words.append(None)
        hub = len(self.words) - 1
        self.follow.update((a, hub) for a in last)
        self.follow.update((hub, b) for b in first)

    def compile(self, node: Node) -> tuple[bool, list[int], list[int]]:
        """(can be empty, first positions, last positions) of a node."""
        if isinstance(node, str):
            self.words.append(node)
            return False, [len(self.words) - 1], [len(self.words) - 1]
        kind = node[0]
        if kind == "ref":
            return self.compile(self.rules[node[1]])  # inlined: fresh positions each time
        if kind == "seq":
            return self.sequence(node[1])
        if kind == "alt":
            parts = [self.compile(item) for item in node[1]]
            return (any(p[0] for p in parts), [q for p in parts for q in p[1]],
                    [q for p in parts for q in p[2]])
        empty, first, last = self.compile(node[1])
        if kind in ("plus", "star"):
            self.link(last, first)
        return empty or kind in ("opt", "star"), first, last

    def sequence(self, items: list[Node]) -> tuple[bool, list[int], list[int]]:
        empty = True
        first: list[int] = []
        last: list[int] = []
        for item in items:
            i_empty, i_first, i_last = self.compile(item)
            if last and i_first:
                self.link(last, i_first)
            first = first + i_first if empty else first
            last = i_last + last if i_empty else i_last
            empty = empty and i_empty
        return empty, first, last


def compile_fsg(text: str) -> Fsg:
    """An FSG without empty transitions (but those into the final state) for a JSGF text."""
    rules, public = read_rules(text)
    automaton = _Glushkov(rules)
    _, first, last = automaton.compile(rules[public])
    final = len(automaton.words)
    edges = sorted(automaton.follow | {(0, q) for q in first})
    out_degree = [0] * final
    for source, _ in edges:
        out_degree[source] += 1
    for source in last:
        out_degree[source] += 1
    fsg = Fsg(final=final)
    words = automaton.words
    fsg.transitions = [(a, b, 1.0 / out_degree[a], words[b]) if words[b] is not None
                       else (a, b, 1.0 / out_degree[a]) for a, b in edges]
    fsg.transitions += [(a, final, 1.0 / out_degree[a]) for a in sorted(set(last))]
    return fsg
