"""Intent templates per language; installed as the `voice.grammars` package."""
