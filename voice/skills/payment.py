"""The `pay` skill: pending bills or a spoken amount, limits, a confirmation, then one charge."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from voice.errors import SkillError, UsageError
from voice.money import fen_to_yuan, to_fen
from voice.payments import PaymentProvider, PaymentSettings, load_providers, payment_settings
from voice.skills import Reply
from voice.skills.api import Request, SkillContext
from voice.skills.spoken import spoken_amount
from voice.wallet import METHODS, Bill, PaymentOrder, Receipt, Wallet

METHOD_WORDS = {
    "en": {"alipay": "Alipay", "wechat_pay": "WeChat Pay", "card": "your bank card"},
    "zh": {"alipay": "支付宝", "wechat_pay": "微信支付", "card": "银行卡"},
}
PURPOSE_WORDS = {
    "en": {"parking": "the parking fee", "fuel": "fuel", "charging": "charging",
           "toll": "the toll", "service": "the service", "car_wash": "the car wash",
           "other": "the payment"},
    "zh": {"parking": "停车费", "fuel": "加油费", "charging": "充电费", "toll": "过路费",
           "service": "保养费", "car_wash": "洗车费", "other": "款项"},
}
DEFAULT_PAYEES = {
    "en": {"parking": "the car park", "fuel": "the gas station",
           "charging": "the charging station", "toll": "the toll station",
           "service": "the service center", "car_wash": "the car wash", "other": "the merchant"},
    "zh": {"parking": "停车场", "fuel": "加油站", "charging": "充电站", "toll": "收费站",
           "service": "服务中心", "car_wash": "洗车店", "other": "商户"},
}


@dataclass(frozen=True)
class Plan:
    """What a payment request comes to once bills and defaults are filled in."""

    amount_fen: int
    payee: str
    purpose: str
    method: str
    bill: Bill | None


class PaymentSkill:
    """Pays bills and spoken amounts through the configured providers (default: the ledger)."""

    name = "payment"
    intents: tuple[str, ...] = ("pay",)

    def setup(self, context: SkillContext) -> None:
        """Create the ledger tables and open the accounts."""
        settings = payment_settings(context.config.section("payment"))
        Wallet(context.db, settings.limits).setup(settings.opening_fen)

    def handle(self, request: Request, context: SkillContext) -> Reply:
        """Repeat amount, payee and method and ask to confirm, or say why not."""
        prepared = _prepare(request, context)
        if isinstance(prepared, Reply):
            return prepared
        wallet, plan, provider = prepared
        problem = _over_limit(request, wallet, plan, provider.balance())
        if problem:
            return problem
        return _confirmation(request, plan)

    def confirm(self, request: Request, context: SkillContext) -> Reply:
        """Pay once: the idempotency key comes from the confirmed request itself."""
        prepared = _prepare(request, context)
        if isinstance(prepared, Reply):
            return prepared
        wallet, plan, provider = prepared
        key = _idempotency_key(request, plan)
        if wallet.receipt_for(key) is None:
            problem = _over_limit(request, wallet, plan, provider.balance())
            if problem:
                return problem
        receipt = provider.pay(PaymentOrder(
            idempotency_key=key, method=plan.method,
            amount_fen=plan.amount_fen, payee=plan.payee, purpose=plan.purpose,
            now=request.now, bill_id=plan.bill.id if plan.bill else None))
        return _paid(request, receipt, provider)


def _prepare(request: Request,
             context: SkillContext) -> Reply | tuple[Wallet, Plan, PaymentProvider]:
    """The wallet, the payment planned from the request and its provider; or the
    reply that stops here (unclear words, foreign currency, no amount yet)."""
    settings = payment_settings(context.config.section("payment"))
    wallet = Wallet(context.db, settings.limits)
    refusal = _refusal(request, settings)
    if refusal:
        return refusal
    plan = _plan(request, wallet, settings)
    if plan is None:
        return _ask_amount(request)
    return wallet, plan, load_providers(wallet, settings.providers)[plan.method]


def _refusal(request: Request, settings: PaymentSettings) -> Reply | None:
    """A reply refusing to go on (unclear words, foreign currency), or None."""
    lang = request.lang
    if request.confidence < settings.min_confidence:
        text = ("抱歉，我没听清这笔付款，请再说一遍。" if lang == "zh" else
                "Sorry, I am not sure I heard that payment right. Please say it again.")
        return Reply(text, lang, data={"problem": "low_confidence",
                                       "confidence": request.confidence})
    currency = str(request.slots.get("currency") or "CNY")
    if currency != "CNY":
        text = ("抱歉，只能用人民币付款。" if lang == "zh" else
                "Sorry, I can only pay in yuan.")
        return Reply(text, lang, data={"problem": "currency", "currency": currency})
    return None


def _plan(request: Request, wallet: Wallet, settings: PaymentSettings) -> Plan | None:
    """Fill the payment in from the slots and any pending bill; None when the amount is unknown."""
    slots = request.slots
    purpose = str(slots["purpose"]) if slots.get("purpose") else None
    spoken_payee = str(slots.get("payee") or "").strip() or None
    method = str(slots.get("method") or settings.default_method)
    if method not in METHODS:
        raise SkillError(f"unknown payment method {method!r}")
    bill = wallet.pending_bill(purpose, spoken_payee)
    if slots.get("amount") is not None:
        try:
            amount_fen = to_fen(slots["amount"])
        except UsageError as exc:
            raise SkillError(str(exc)) from exc
        if bill is not None and bill.amount_fen != amount_fen:
            bill = None
    elif bill is not None:
        amount_fen = bill.amount_fen
    else:
        return None
    purpose = purpose or (bill.purpose if bill else "other")
    payee = bill.payee if bill else spoken_payee or DEFAULT_PAYEES[request.lang][purpose]
    return Plan(amount_fen, payee, purpose, method, bill)


def _idempotency_key(request: Request, plan: Plan) -> str:
    """One key per bill; for other payments, one per confirmed request."""
    if plan.bill is not None:
        return f"bill-{plan.bill.id}"
    parts = (request.now.isoformat(), request.text, str(plan.amount_fen), plan.payee,
             plan.purpose, plan.method)
    return "pay-" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def _ask_amount(request: Request) -> Reply:
    lang = request.lang
    purpose = str(request.slots.get("purpose") or "other")
    what = PURPOSE_WORDS[lang].get(purpose, PURPOSE_WORDS[lang]["other"])
    text = (f"没有待付的{what}账单，请问要付多少钱？" if lang == "zh" else
            f"There is no open bill for {what}. How much should I pay?")
    return Reply(text, lang, data={"problem": "no_amount"}, expects=("amount",), done=False)


def _over_limit(request: Request, wallet: Wallet, plan: Plan,
                balance: int | None) -> Reply | None:
    """Refuse early what would be refused anyway: above a limit or the method's balance."""
    lang = request.lang
    limits = wallet.limits
    amount = spoken_amount(plan.amount_fen, lang)
    problem, text = None, ""
    if plan.amount_fen > limits.per_payment_fen:
        cap = spoken_amount(limits.per_payment_fen, lang)
        problem = "per_payment_limit"
        text = (f"{amount}超过了单笔{cap}的限额，不能付款。" if lang == "zh" else
                f"{amount} is above the limit of {cap} per payment, so I will not pay it.")
    elif wallet.spent_on(request.now) + plan.amount_fen > limits.per_day_fen:
        cap = spoken_amount(limits.per_day_fen, lang)
        problem = "per_day_limit"
        text = (f"这笔{amount}会超过每日{cap}的限额，不能付款。" if lang == "zh" else
                f"{amount} would pass today's limit of {cap}, so I will not pay it.")
    elif balance is not None and balance < plan.amount_fen:
        method = METHOD_WORDS[lang][plan.method]
        problem = "insufficient_funds"
        text = (f"{method}余额不足{amount}。" if lang == "zh" else
                f"There is not enough money on {method} for {amount}.")
    if problem is None:
        return None
    return Reply(text, lang, data={"problem": problem, "amount": fen_to_yuan(plan.amount_fen)})


def _plan_data(plan: Plan) -> dict[str, Any]:
    return {"amount": fen_to_yuan(plan.amount_fen), "amount_fen": plan.amount_fen,
            "currency": "CNY", "payee": plan.payee, "purpose": plan.purpose,
            "method": plan.method, "bill_id": plan.bill.id if plan.bill else None}


def _confirmation(request: Request, plan: Plan) -> Reply:
    lang = request.lang
    amount = spoken_amount(plan.amount_fen, lang)
    method = METHOD_WORDS[lang][plan.method]
    what = PURPOSE_WORDS[lang][plan.purpose]
    text = (f"用{method}向{plan.payee}支付{what}{amount}，确认吗？" if lang == "zh" else
            f"Pay {amount} to {plan.payee} for {what} with {method}? Say yes to confirm.")
    return Reply(text, lang, data=_plan_data(plan), needs_confirmation=True, done=False)


def _paid(request: Request, receipt: Receipt, provider: PaymentProvider) -> Reply:
    lang = request.lang
    amount = spoken_amount(receipt.amount_fen, lang)
    method = METHOD_WORDS[lang][receipt.method]
    balance = provider.balance()
    if receipt.replayed:
        text = (f"这笔{amount}已经付过了，没有重复扣款。" if lang == "zh" else
                f"That payment of {amount} was already made; nothing was charged twice.")
    elif lang == "zh":
        text = f"已用{method}向{receipt.payee}支付{amount}。"
        if balance is not None:
            text += f"余额{spoken_amount(balance, lang)}。"
    else:
        text = f"Paid {amount} to {receipt.payee} with {method}."
        if balance is not None:
            text += f" Balance left: {spoken_amount(balance, lang)}."
    data = {"transaction_id": receipt.transaction_id, "idempotency_key": receipt.idempotency_key,
            "amount": fen_to_yuan(receipt.amount_fen), "payee": receipt.payee,
            "method": receipt.method, "purpose": receipt.purpose, "bill_id": receipt.bill_id,
            "replayed": receipt.replayed,
            "balance": fen_to_yuan(balance) if balance is not None else None}
    return Reply(text, lang, data=data)
