"""`voice bills`, `voice wallet` and `voice appointments` on a real database in a temp dir."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from tests.commerce_support import make_context, make_request
from voice.skills.booking import BookingSkill

FUTURE = datetime(2030, 1, 7, 9, 0)  # a Monday, safely after the clock


def run_voice(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VOICE_DATA_DIR": str(tmp_path),
           "VOICE_CONFIG": str(tmp_path / "config.toml")}
    return subprocess.run([sys.executable, "-m", "voice", *args], capture_output=True,
                          text=True, timeout=60, env=env)


def test_bills_add_list_and_wallet_balance(tmp_path: Path) -> None:
    added = run_voice(tmp_path, "bills", "add", "--purpose", "parking", "--amount", "15",
                      "--payee", "Wangfujing Car Park")
    assert added.returncode == 0, added.stderr
    listed = run_voice(tmp_path, "bills", "list")
    assert "parking" in listed.stdout and "15.00 CNY" in listed.stdout
    assert "Wangfujing Car Park" in listed.stdout and "(pending)" in listed.stdout
    balance = run_voice(tmp_path, "wallet", "balance")
    assert "alipay" in balance.stdout and "1000.00 CNY" in balance.stdout
    assert "no payments" in run_voice(tmp_path, "wallet", "history").stdout


@pytest.mark.parametrize("args", [
    ("--purpose", "parking", "--amount", "-3", "--payee", "Car Park"),
    ("--purpose", "parking", "--amount", "lots", "--payee", "Car Park"),
    ("--purpose", "parking", "--amount", "15", "--payee", "  "),
    ("--purpose", "lunch", "--amount", "15", "--payee", "Car Park"),
])
def test_bad_bill_is_one_line_error_and_nothing_stored(tmp_path: Path,
                                                       args: tuple[str, ...]) -> None:
    result = run_voice(tmp_path, "bills", "add", *args)
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert run_voice(tmp_path, "bills", "list").stdout.strip() == "no bills"


def test_appointments_list_and_cancel(tmp_path: Path) -> None:
    context = make_context(tmp_path)
    BookingSkill().setup(context)
    BookingSkill().confirm(make_request("book_service", now=FUTURE, service_type="oil_change",
                                        date="2030-01-08", time="10:00"), context)
    context.db.close()
    listed = run_voice(tmp_path, "appointments", "list")
    assert listed.returncode == 0, listed.stderr
    assert "2030-01-08 10:00" in listed.stdout and "oil_change" in listed.stdout
    assert "Wangjing Auto Service Center" in listed.stdout
    cancelled = run_voice(tmp_path, "appointments", "cancel", "1")
    assert cancelled.returncode == 0 and "cancelled" in cancelled.stdout
    assert run_voice(tmp_path, "appointments", "list").stdout.strip() == "no appointments"
    assert "(cancelled)" in run_voice(tmp_path, "appointments", "list", "--all").stdout
    again = run_voice(tmp_path, "appointments", "cancel", "1")
    assert again.returncode != 0 and "already cancelled" in again.stderr
    missing = run_voice(tmp_path, "appointments", "cancel", "99")
    assert missing.returncode != 0 and missing.stderr.strip() == "voice: error: no appointment 99"


def test_foreign_database_file_is_refused_and_kept(tmp_path: Path) -> None:
    database = tmp_path / "voice.db"
    database.write_bytes(b"not a database at all")
    result = run_voice(tmp_path, "bills", "list")
    assert result.returncode != 0 and result.stderr.count("\n") == 1
    assert "not a voice database" in result.stderr
    assert database.read_bytes() == b"not a database at all"
