"""Renewals, run by the hourly job: a trial or active membership whose period is over is charged for the next
period; a failed charge makes it past due and is retried on the schedule in billing.RETRY_DELAYS, then the
membership ends; a cancelled membership ends when its period does.

Each membership is settled on its own: the card is charged outside any transaction, with a key naming the
membership, the period and the attempt, then the result is recorded under a row lock only if the membership
is still as it was read. Two workers settling the same membership charge the card once (same key) and record
it once; a charge that can no longer be recorded is given back.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from mercato.core.errors import Conflict, NotFound
from mercato.core.money import format_money
from mercato.core.outbox import record_event
from mercato.customers.models import PaymentMethod
from mercato.membership import billing, payments
from mercato.membership.models import Membership, MembershipCharge
from mercato.membership.services import end_membership, record_charge
from mercato.orders.errors import PaymentFailed

logger = logging.getLogger(__name__)

CLAIM_DURATION = timedelta(minutes=10)


@dataclass
class RenewalRun:
    renewed: int = 0
    failed: int = 0
    ended: int = 0


def renew_due_memberships(*, now: datetime | None = None, limit: int = 5_000) -> RenewalRun:
    """Settle every membership due at `now`: charge renewals, retry failed ones, end what is over."""
    now = now or timezone.now()
    due = (Membership.objects.filter(Q(status__in=[billing.TRIAL, billing.ACTIVE, billing.CANCELLED],
                                       current_period_end__lte=now)
                                     | Q(status=billing.PAST_DUE, next_attempt_at__lte=now))
           .order_by("pk").values_list("pk", flat=True)[:limit])
    run = RenewalRun()
    for pk in list(due):
        try:
            outcome = _settle(pk, now)
        except Exception:  # one membership's fault must not hold up the others; the next run tries it again
            logger.exception("could not settle membership %s", pk)
            continue
        if outcome:
            setattr(run, outcome, getattr(run, outcome) + 1)
    return run


def _is_due(membership: Membership, now: datetime) -> bool:
    if membership.status == billing.PAST_DUE:
        return membership.next_attempt_at <= now
    return membership.status != billing.ENDED and membership.current_period_end <= now


def _settle(pk: int, now: datetime) -> str | None:
    membership = Membership.objects.select_related("plan", "marketplace", "customer", "payment_method").get(pk=pk)
    if not _is_due(membership, now):
        return None
    plan = membership.plan
    if membership.status == billing.CANCELLED:
        return _end(membership, at=membership.current_period_end, reason=Membership.EndReason.CANCELLED)
    if not plan.is_active:
        return _end(membership, at=membership.current_period_end, reason=Membership.EndReason.PLAN_WITHDRAWN,
                    detail=f"{plan.name} is no longer offered, so your membership has ended. You were not charged.")
    if membership.payment_method is None:
        return _fail(membership, now, "there is no card on your membership")
    if not _claim(membership, now):
        return None
    key = (f"{membership.public_id}-{int(membership.current_period_end.timestamp())}"
           f"-{membership.renewal_attempts + 1}")
    try:
        taken = payments.take_payment(payment_method=membership.payment_method,
                                      amount_minor=plan.price_minor(membership.billing_period),
                                      currency=plan.currency, idempotency_key=key)
    except PaymentFailed as error:
        return _fail(membership, now, error.detail)
    return "renewed" if _record_or_give_back(membership, taken, now) else None


def _claim(membership: Membership, now: datetime) -> bool:
    """Take the membership's renewal for this worker (one UPDATE), so two workers never charge it at once. A
    worker that dies leaves the claim to lapse; the next run charges with the same key, which moves no money
    twice."""
    return bool(Membership.objects.filter(
        Q(renewal_claimed_until__isnull=True) | Q(renewal_claimed_until__lte=now), pk=membership.pk,
        status=membership.status, current_period_end=membership.current_period_end,
        renewal_attempts=membership.renewal_attempts).update(renewal_claimed_until=now + CLAIM_DURATION))


def _locked_if_unchanged(snapshot: Membership) -> Membership | None:
    membership = (Membership.objects.select_for_update().select_related("plan", "marketplace", "customer")
                  .get(pk=snapshot.pk))
    state = (membership.status, membership.current_period_end, membership.renewal_attempts)
    if state != (snapshot.status, snapshot.current_period_end, snapshot.renewal_attempts):
        return None  # settled meanwhile by another worker, or changed by the shopper
    return membership


@transaction.atomic
def _end(snapshot: Membership, *, at: datetime, reason: str, detail: str = "") -> str | None:
    membership = _locked_if_unchanged(snapshot)
    if membership is None:
        return None
    end_membership(membership, at=at, reason=reason, detail=detail)
    return "ended"


@transaction.atomic
def _fail(snapshot: Membership, now: datetime, reason: str) -> str | None:
    membership = _locked_if_unchanged(snapshot)
    if membership is None:
        return None
    attempts = membership.renewal_attempts + 1
    delay = billing.retry_delay(attempts)
    name = membership.plan.name
    if delay is None:
        membership.renewal_attempts = attempts
        membership.save(update_fields=["renewal_attempts"])
        end_membership(membership, at=now, reason=Membership.EndReason.PAYMENT_FAILED,
                       detail=f"We could not take the payment for {name} ({reason}), so your membership has ended. "
                              "You can join again at any time.")
        return "ended"
    billing.check_transition(membership.status, billing.PAST_DUE)
    membership.status = billing.PAST_DUE
    membership.renewal_attempts = attempts
    membership.next_attempt_at = now + delay
    membership.renewal_claimed_until = None
    membership.save(update_fields=["status", "renewal_attempts", "next_attempt_at", "renewal_claimed_until"])
    record_event("membership.renewal_failed", recipient=membership.customer.email,
                 subject=f"We could not renew your {name} membership",
                 body=f"The payment failed ({reason}). We will try again on {membership.next_attempt_at:%d %B %Y}; "
                      "you can also pay now or change the card from your membership page.",
                 payload={"membership": membership.public_id, "attempt": attempts})
    return "failed"


def _record_or_give_back(snapshot: Membership, taken: payments.TakenPayment, now: datetime,
                         payment_method: PaymentMethod | None = None) -> bool:
    amount = snapshot.plan.price_minor(snapshot.billing_period)
    try:
        recorded = _record_renewal(snapshot, taken, amount, now, payment_method)
    except Exception:
        if not MembershipCharge.objects.filter(idempotency_key=taken.idempotency_key).exists():
            payments.give_back(taken, amount_minor=amount)
        raise
    if not recorded and not MembershipCharge.objects.filter(idempotency_key=taken.idempotency_key).exists():
        payments.give_back(taken, amount_minor=amount)
    return recorded


@transaction.atomic
def _record_renewal(snapshot: Membership, taken: payments.TakenPayment, amount_minor: int, now: datetime,
                    payment_method: PaymentMethod | None) -> bool:
    membership = _locked_if_unchanged(snapshot)
    if membership is None:
        return False
    on_time = (membership.status in (billing.TRIAL, billing.ACTIVE)
               and now < membership.current_period_end + billing.RENEWAL_GRACE)
    # On time, the new period follows the old one; late (after failed payments), it starts when paid.
    start = membership.current_period_end if on_time else now
    billing_day = membership.billing_day if on_time else now.day
    end = billing.period_end(start, membership.billing_period, anchor_day=billing_day)
    billing.check_transition(membership.status, billing.ACTIVE)
    record_charge(membership, taken, amount_minor=amount_minor, period_start=start, period_end=end)
    was_trial = membership.status == billing.TRIAL
    membership.status = billing.ACTIVE
    membership.current_period_start, membership.current_period_end = start, end
    membership.billing_day = billing_day
    membership.renewal_attempts = 0
    membership.next_attempt_at = None
    membership.payment_method = payment_method or membership.payment_method
    membership.renewal_claimed_until = None
    membership.save(update_fields=["status", "current_period_start", "current_period_end", "billing_day",
                                   "renewal_attempts", "next_attempt_at", "payment_method",
                                   "renewal_claimed_until"])
    name, amount = membership.plan.name, format_money(amount_minor, membership.plan.currency)
    record_event("membership.renewed", recipient=membership.customer.email,
                 subject=f"Your {name} membership {'has started' if was_trial else 'is renewed'}",
                 body=f"We charged {amount} for {name} until {end:%d %B %Y}.",
                 payload={"membership": membership.public_id, "amount_minor": amount_minor})
    return True


def pay_overdue(*, membership: Membership, payment_method: PaymentMethod | None, now: datetime) -> Membership:
    """The shopper pays an overdue renewal now (with another card if they choose); a new period starts. A
    declined card here changes nothing: the scheduled retries go on as before."""
    card = payment_method or membership.payment_method
    if card is None:
        raise NotFound("choose one of your payment cards", field="payment_method")
    if not membership.plan.is_active:
        raise Conflict(f"{membership.plan.name} is no longer offered", field="plan")
    key = (f"{membership.public_id}-{int(membership.current_period_end.timestamp())}"
           f"-paid{membership.renewal_attempts}")
    taken = payments.take_payment(payment_method=card, amount_minor=membership.plan.price_minor(
        membership.billing_period), currency=membership.plan.currency, idempotency_key=key)
    if not _record_or_give_back(membership, taken, now, card):
        charge = MembershipCharge.objects.filter(idempotency_key=key).select_related("membership").first()
        if charge is None:
            raise Conflict("your membership changed meanwhile; you have not been charged", field="membership")
    return Membership.objects.select_related("plan", "payment_method").get(pk=membership.pk)
