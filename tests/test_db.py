"""The one SQLite database: WAL, migrations, and refusing files that are not ours."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from voice.config import Config
from voice.db import database_path, migrate, open_database, schema_version, transaction
from voice.errors import DataError


def test_new_database_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    conn = open_database(tmp_path / "sub" / "voice.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert (tmp_path / "sub" / "voice.db").exists()


def test_database_reopens_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "voice.db"
    conn = open_database(path)
    migrate(conn, "notes", ["CREATE TABLE notes (text TEXT)"])
    with transaction(conn):
        conn.execute("INSERT INTO notes VALUES ('kept')")
    conn.close()
    again = open_database(path)
    assert again.execute("SELECT text FROM notes").fetchall() == [("kept",)]


def test_garbage_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "voice.db"
    garbage = b"this is not a database\x00\xff" * 200
    path.write_bytes(garbage)
    with pytest.raises(DataError, match="not SQLite"):
        open_database(path)
    assert path.read_bytes() == garbage


def test_database_of_another_application_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "voice.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE contacts (name TEXT)")
    other.execute("INSERT INTO contacts VALUES ('Alice')")
    other.commit()
    other.close()
    before = path.read_bytes()
    with pytest.raises(DataError, match="another application"):
        open_database(path)
    assert path.read_bytes() == before


def test_damaged_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "voice.db"
    conn = open_database(path)
    migrate(conn, "notes", ["CREATE TABLE notes (text TEXT)"])
    with transaction(conn):
        conn.executemany("INSERT INTO notes VALUES (?)", [("x" * 500,)] * 200)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    data[4096:12288] = b"\xde\xad\xbe\xef" * 2048  # smash pages after the header
    path.write_bytes(bytes(data))
    with pytest.raises(DataError, match="damaged"):
        open_database(path)


def test_migrations_run_once_and_in_order(db: sqlite3.Connection) -> None:
    steps = ["CREATE TABLE a (x INTEGER)", "ALTER TABLE a ADD COLUMN y TEXT"]
    migrate(db, "demo", steps)
    migrate(db, "demo", steps)  # a second run changes nothing
    assert schema_version(db, "demo") == 2
    assert [row[1] for row in db.execute("PRAGMA table_info(a)")] == ["x", "y"]


def test_failing_migration_leaves_no_half_schema(db: sqlite3.Connection) -> None:
    migrate(db, "demo", ["CREATE TABLE a (x INTEGER)"])
    broken = ["CREATE TABLE a (x INTEGER)", "CREATE TABLE b (y INTEGER); CREATE TABLE a (z)"]
    with pytest.raises(DataError, match="migration 2 of demo"):
        migrate(db, "demo", broken)
    assert schema_version(db, "demo") == 1
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "b" not in tables


def test_transaction_rolls_back_on_error(db: sqlite3.Connection) -> None:
    migrate(db, "demo", ["CREATE TABLE a (x INTEGER)"])
    with pytest.raises(RuntimeError), transaction(db):
        db.execute("INSERT INTO a VALUES (1)")
        raise RuntimeError("power cut")
    assert db.execute("SELECT count(*) FROM a").fetchone()[0] == 0


def test_database_path_from_config(tmp_path: Path) -> None:
    assert database_path(Config(data_dir=tmp_path)) == tmp_path / "voice.db"
    configured = Config(data_dir=tmp_path, sections={"database": {"path": str(tmp_path / "x.db")}})
    assert database_path(configured) == tmp_path / "x.db"


def test_nested_transaction_joins_the_outer_one(db: sqlite3.Connection) -> None:
    migrate(db, "demo", ["CREATE TABLE a (x INTEGER)"])
    with pytest.raises(RuntimeError), transaction(db):
        db.execute("INSERT INTO a VALUES (1)")
        with transaction(db):
            db.execute("INSERT INTO a VALUES (2)")
        raise RuntimeError("power cut after the inner block")
    assert db.execute("SELECT count(*) FROM a").fetchone()[0] == 0
    with transaction(db):
        with transaction(db):
            db.execute("INSERT INTO a VALUES (3)")
        db.execute("INSERT INTO a VALUES (4)")
    assert db.execute("SELECT x FROM a ORDER BY x").fetchall() == [(3,), (4,)]
