"""Finding skills: the entry-point groups `voice.skills` and `voice.grammars`.

Built-in skills register through the same group as third-party ones, so the
plugin path runs every time. A plugin that fails to load becomes one
`PluginError` naming it and its package; the others still load.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from importlib.metadata import EntryPoint, entry_points

from voice.errors import PluginError
from voice.skills.api import Skill

SKILL_GROUP = "voice.skills"
GRAMMAR_GROUP = "voice.grammars"


@dataclass
class Registry:
    """The loaded skills, which skill answers which intent, and what failed to load."""

    skills: list[Skill] = field(default_factory=list)
    errors: list[PluginError] = field(default_factory=list)
    languages: dict[str, set[str]] = field(default_factory=dict)  # intent -> grammar languages

    def skill_for(self, intent: str) -> Skill | None:
        """The skill that handles `intent`, or None."""
        for skill in self.skills:
            if intent in skill.intents:
                return skill
        return None

    def skill_languages(self, skill: Skill) -> list[str]:
        """The languages the grammars of a skill's intents come in."""
        found: set[str] = set()
        for intent in skill.intents:
            found |= self.languages.get(intent, set())
        return sorted(found)

    def add(self, skill: Skill, origin: str) -> None:
        """Add a skill unless one of its intents is already taken."""
        for intent in skill.intents:
            owner = self.skill_for(intent)
            if owner is not None:
                self.errors.append(PluginError(
                    f"skill plugin {origin} is not loaded: intent {intent!r} "
                    f"is already handled by skill {owner.name!r}"))
                return
        self.skills.append(skill)


def _package_of(entry: EntryPoint) -> str:
    return entry.dist.name if entry.dist is not None else entry.value.split(":")[0]


def _instantiate(entry: EntryPoint) -> Skill:
    """Load one entry point: a Skill class or factory called with no arguments."""
    target = entry.load()
    is_factory = isinstance(target, type) or not hasattr(target, "handle")
    skill = target() if is_factory else target
    for attribute in ("name", "intents", "setup", "handle", "confirm"):
        if not hasattr(skill, attribute):
            raise TypeError(f"it has no {attribute!r}")
    if isinstance(skill.intents, str) or not all(isinstance(i, str) for i in skill.intents):
        raise TypeError("its intents must be a tuple of intent names")
    return skill


def load_skills(entries: Iterable[EntryPoint] | None = None) -> Registry:
    """Load every skill plugin and the languages of their grammars."""
    registry = Registry(languages=grammar_languages())
    found = entries if entries is not None else entry_points(group=SKILL_GROUP)
    for entry in sorted(found, key=lambda e: e.name):
        origin = f"{entry.name!r} (package {_package_of(entry)})"
        try:
            skill = _instantiate(entry)
        except Exception as exc:  # a plugin may fail in any way; report it in one line
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            registry.errors.append(
                PluginError(f"skill plugin {origin} failed to load: {message}"))
            continue
        registry.add(skill, origin)
    return registry


def grammar_packages() -> list[str]:
    """Packages whose resource folders hold `<lang>/<intent>.yaml` grammars (built-in first)."""
    names = ["voice.grammars"]
    for entry in entry_points(group=GRAMMAR_GROUP):
        if entry.value not in names:
            names.append(entry.value.split(":")[0])
    return names


def grammar_languages() -> dict[str, set[str]]:
    """Intent -> the languages some grammar package has a file for."""
    languages: dict[str, set[str]] = {}
    for package in grammar_packages():
        try:
            root = resources.files(package)
        except (ModuleNotFoundError, TypeError):
            continue
        for folder in root.iterdir():
            if not folder.is_dir() or folder.name.startswith(("_", ".")):
                continue
            for item in folder.iterdir():
                if item.name.endswith(".yaml") and not item.name.startswith("_"):
                    intent = item.name.removesuffix(".yaml")
                    languages.setdefault(intent, set()).add(folder.name)
    return languages
