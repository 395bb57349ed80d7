"""Money as whole fen (1/100 yuan): parsing amounts without floating-point drift."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from voice.errors import UsageError

FEN_PER_YUAN = 100


def to_fen(amount: float | int | str | Decimal) -> int:
    """An amount in yuan (15, 125.5, "12.30") as whole fen; UsageError when it is not one.

    A float is read through its shortest text form, so 0.1 + 0.2 style noise
    never reaches the ledger; sub-fen digits round half up.
    """
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError) as exc:
        raise UsageError(f"not an amount of money: {amount!r}") from exc
    if not value.is_finite() or value <= 0:
        raise UsageError(f"an amount must be more than zero, not {amount}")
    return int(value * FEN_PER_YUAN)


def fen_to_yuan(fen: int) -> str:
    """Whole fen as a plain yuan figure: 1550 -> "15.50"."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{yuan}.{cents:02d}"
