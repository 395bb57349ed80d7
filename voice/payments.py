"""Payment methods behind one interface: `PaymentProvider`, with the embedded ledger as default.

A carmaker points a method (alipay, wechat_pay, card) at its own service by
naming a factory in the config:

    [payment.providers]
    alipay = "mycar.pay:AlipayProvider"   # called with (wallet, method); returns a PaymentProvider

Whatever the provider, `pay` must be idempotent by the order's key: the skill
retries with the same key after a crash, and the driver is charged once.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from voice.errors import PluginError, UsageError
from voice.money import to_fen
from voice.wallet import METHODS, Limits, PaymentOrder, Receipt, Wallet

DEFAULTS: dict[str, Any] = {
    "min_confidence": 0.8,
    "max_per_payment": 500,
    "max_per_day": 2000,
    "default_method": "alipay",
    "accounts": {"alipay": 1000, "wechat_pay": 1000, "card": 5000},
}


@runtime_checkable
class PaymentProvider(Protocol):
    """Takes money by one method; `pay` charges once per idempotency key."""

    method: str

    def pay(self, order: PaymentOrder) -> Receipt:
        """Charge the order; a retry with the same key returns the first receipt."""
        ...

    def balance(self) -> int | None:
        """The balance in fen, or None when the service does not tell."""
        ...


class LedgerProvider:
    """The default provider: the embedded wallet ledger in the assistant's database."""

    def __init__(self, wallet: Wallet, method: str) -> None:
        self.wallet = wallet
        self.method = method

    def pay(self, order: PaymentOrder) -> Receipt:
        """Pay from this method's ledger account (one SQLite transaction)."""
        return self.wallet.pay(order)

    def balance(self) -> int | None:
        """The ledger account's balance in fen."""
        return self.wallet.balance(self.method)


@dataclass(frozen=True)
class PaymentSettings:
    """The `[payment]` section, checked and in fen."""

    min_confidence: float
    limits: Limits
    default_method: str
    opening_fen: dict[str, int]
    providers: dict[str, str]


def payment_settings(section: Mapping[str, Any]) -> PaymentSettings:
    """Read `[payment]` over the defaults; a bad value raises UsageError naming it."""
    merged = {**DEFAULTS, **section}
    method = str(merged["default_method"])
    if method not in METHODS:
        raise UsageError(f"[payment] default_method {method!r} is not one of {METHODS}")
    try:
        min_confidence = float(merged["min_confidence"])
    except (TypeError, ValueError):
        min_confidence = -1.0
    if not 0.0 <= min_confidence <= 1.0:
        raise UsageError(f"[payment] min_confidence must be a number from 0 to 1, "
                         f"not {merged['min_confidence']!r}")
    accounts = {**DEFAULTS["accounts"], **dict(merged.get("accounts") or {})}
    unknown = sorted(set(accounts) - set(METHODS))
    if unknown:
        raise UsageError(f"[payment.accounts] {unknown[0]!r} is not one of {METHODS}")
    return PaymentSettings(
        min_confidence=min_confidence,
        limits=Limits(per_payment_fen=_fen("max_per_payment", merged["max_per_payment"]),
                      per_day_fen=_fen("max_per_day", merged["max_per_day"])),
        default_method=method,
        opening_fen={name: _fen(f"accounts.{name}", value) if value else 0
                     for name, value in accounts.items()},
        providers={str(k): str(v) for k, v in dict(merged.get("providers") or {}).items()},
    )


def _fen(name: str, value: Any) -> int:
    try:
        return to_fen(value)
    except UsageError as exc:
        raise UsageError(f"[payment] {name}: {exc}") from exc


def load_providers(wallet: Wallet, factories: Mapping[str, str]) -> dict[str, PaymentProvider]:
    """One provider per method: the configured factory, else the embedded ledger."""
    providers: dict[str, PaymentProvider] = {m: LedgerProvider(wallet, m) for m in METHODS}
    for method, target in factories.items():
        if method not in METHODS:
            raise PluginError(f"[payment.providers] {method!r} is not one of {METHODS}")
        providers[method] = _build(target, wallet, method)
    return providers


def _build(target: str, wallet: Wallet, method: str) -> PaymentProvider:
    module_name, _, attr = target.partition(":")
    try:
        factory: Callable[..., Any] = getattr(importlib.import_module(module_name), attr)
        provider = factory(wallet, method)
    except Exception as exc:
        raise PluginError(f"payment provider {target!r} for {method} failed to load: {exc}") \
            from exc
    if not isinstance(provider, PaymentProvider):
        raise PluginError(f"payment provider {target!r} for {method} lacks pay() or balance()")
    return provider
