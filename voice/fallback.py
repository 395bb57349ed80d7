"""The classifier stage: an intent for an English sentence that no template explains.

Opt-in (`Parser(classify=True)`), tried last, and only when every stage before it
fell below the out-of-domain threshold. A guess of `voice.classifier` counts only
with evidence from the text (`voice.slotfill`), since talk that shares words with
commands ("my brother works at the airport") is as near to the samples as an
unseen command is:

- the sentence is no question, holds no past-tense word and none of the grammar's
  `not_in_free_text` words;
- the nearest sample is near (cosine >= 0.55) and nearer than any sample of
  another intent (by 0.15);
- a run of the sentence matches a template of that intent, and template words and
  slot values (free text not counted) make up 40 % of its characters; or the fuzzy
  stages already leaned to the same intent (>= 0.6).

The thresholds were chosen on the grammar test sets' out-of-domain sentences
(see docs/parser.md).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from voice.cache import cached
from voice.classifier import IntentIndex, build_index
from voice.fuzzy import QUESTION_OPENERS
from voice.grammar import load_grammar
from voice.match import Match
from voice.slotfill import fill_slots

if TYPE_CHECKING:
    from voice.language import Language

CLASSIFIED = 0.82  # the confidence of an accepted guess: above the threshold, below a clause
MIN_SIMILARITY = 0.55
MIN_MARGIN = 0.15
MIN_EXPLAINED = 0.4
AGREEING_FUZZY = 0.6  # a fuzzy guess this sure and of the same intent is evidence enough
WH_OPENERS = frozenset({"what", "what's", "who", "who's", "whose", "why", "when", "which", "how"})
# Past tense: talk about what happened, not a command.
PAST_WORDS = frozenset({
    "was", "were", "had", "did", "been", "used", "said", "went", "came", "took", "made",
    "sent", "told", "forgot", "fell", "paid", "bought", "saw", "heard", "thought", "felt",
    "drove", "gave", "ate", "wrote", "spent", "lost", "broke", "met"})
LANGUAGES = ("en",)


class ClassifierStage:
    """The intent index of one language and the checks a guess must pass."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self.index: IntentIndex = cached(f"classifier-{language.lang}", language.key,
                                         self._build)

    def _build(self) -> IntentIndex:
        return build_index(load_grammar(self.language.lang, self.language.extra))

    def match(self, canonical: str, now: datetime, fuzzy: Match | None,
              fuzzy_confidence: float) -> Match | None:
        """The guessed intent with its slots, or None when the evidence is too thin."""
        if self.is_chatter(canonical):
            return None
        guess = self.index.classify(canonical)
        if guess is None or guess.similarity < MIN_SIMILARITY - 0.1:
            return None
        agrees = fuzzy is not None and fuzzy.intent == guess.intent \
            and fuzzy_confidence >= AGREEING_FUZZY
        if not agrees and (guess.similarity < MIN_SIMILARITY or guess.margin < MIN_MARGIN):
            return None
        filled = fill_slots(canonical, guess.intent, self.language.compiled, now, guess.implied)
        if not agrees and not (filled.core and filled.explained >= MIN_EXPLAINED):
            return None
        return Match(guess.intent, filled.slots, 0, 0)

    def is_chatter(self, canonical: str) -> bool:
        """A question, a past event, or a sentence holding a `not_in_free_text` word."""
        words = canonical.lower().split()
        if not words or words[0] in QUESTION_OPENERS or words[0] in WH_OPENERS:
            return True
        vocabulary = self.index.vocabulary
        if any(w in PAST_WORDS or (w.endswith("ed") and len(w) > 4 and w not in vocabulary)
               for w in words):
            return True
        lowered = canonical.lower()
        return any(word in lowered for word in self.language.compiled.not_in_free_text)
