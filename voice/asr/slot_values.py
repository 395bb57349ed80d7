"""Known values of the free-text slots, for recognizers that can only hear a closed grammar.

A wildcard slot (a destination, a contact, a song) cannot be written as a
grammar, so grammar decoding lists the values the assistant knows: the English
names of the navigation POIs, the contacts and dealers of the config, and a
modest list of music genres and artists, family words and payees.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from importlib import resources

from voice.config import Config

FAMILY = ["mom", "mum", "mother", "dad", "father", "my wife", "my husband", "wife", "husband",
          "grandma", "grandpa", "my sister", "my brother", "sister", "brother", "my son",
          "my daughter", "my boss", "the office", "home", "my friend"]
GENRES = ["jazz", "rock", "pop", "classical", "classical music", "blues", "country",
          "country music", "hip hop", "rap", "folk", "metal", "reggae", "soul", "funk",
          "disco", "techno", "dance music", "electronic music", "r and b", "chinese pop",
          "oldies", "christmas music", "relaxing music", "workout music", "piano music",
          "the radio", "the news", "podcasts", "my playlist", "my favorites", "something relaxing",
          "something upbeat"]
ARTISTS = ["taylor swift", "the beatles", "queen", "adele", "coldplay", "ed sheeran",
           "michael jackson", "madonna", "elvis", "elvis presley", "bob dylan", "eminem",
           "beyonce", "rihanna", "bruno mars", "lady gaga", "mozart", "beethoven", "bach",
           "jay chou", "abba", "u two", "pink floyd", "the rolling stones", "frank sinatra",
           "miles davis", "norah jones", "billie eilish", "drake", "justin bieber"]
PAYEES = ["the gas station", "the parking lot", "the car park", "the car wash", "the toll",
          "the toll booth", "the charging station", "the restaurant", "the hotel", "the shop",
          "the store", "the dealer", "the service center", "the parking garage", "starbucks",
          "mcdonald's", "kfc"]


def _place_names() -> list[str]:
    """English names and Latin aliases of the bundled POIs."""
    text = resources.files("voice.skills").joinpath("data/pois.csv").read_text("utf-8")
    names: list[str] = []
    for row in csv.DictReader(io.StringIO(text)):
        names.append(row["name_en"])
        names.extend(a for a in row["aliases"].split("|") if a and a.isascii())
    return names


def _contacts(config: Config) -> list[str]:
    contacts = config.section("phone").get("contacts", {})
    return [str(name) for name in contacts if str(name).isascii()] if isinstance(
        contacts, dict) else []


def _dealers(config: Config) -> list[str]:
    from voice.dealers import load_dealers

    try:
        dealers = load_dealers(config.section("booking"))
    except Exception:  # a broken dealer config is reported by the booking skill, not here
        return []
    names: list[str] = []
    for dealer in dealers:
        names.append(dealer.name("en"))
        names.extend(a for a in getattr(dealer, "aliases", ()) if str(a).isascii())
    return names


def _clean(values: Iterable[str]) -> list[str]:
    return sorted({" ".join(v.lower().split()) for v in values if v.strip()})


def known_values(config: Config | None = None) -> dict[str, list[str]]:
    """English values per wildcard list name (destination, contact, query, dealer, payee)."""
    from voice.config import load_config

    config = config or load_config()
    places = _place_names()
    contacts = _contacts(config) + FAMILY
    dealers = _dealers(config)
    return {
        "destination": _clean(places),
        "contact": _clean(contacts),
        "query": _clean(GENRES + ARTISTS),
        "dealer": _clean(dealers),
        "payee": _clean(PAYEES + places + dealers + contacts),
    }
