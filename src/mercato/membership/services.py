"""Joining, cancelling and rejoining membership. Each action checks its input before anything is written,
calls the payment provider outside any transaction, then records the result in one transaction; renewals
are in renewals.py. `now` is a parameter so the life cycle can be driven by an explicit clock."""
from __future__ import annotations

import time
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from mercato.core.errors import Conflict, Invalid, NotFound
from mercato.core.ids import new_public_id
from mercato.core.money import format_money
from mercato.core.outbox import record_event
from mercato.customers.models import PaymentMethod, User
from mercato.marketplaces.models import Marketplace
from mercato.membership import billing, bookkeeping, payments
from mercato.membership.models import Membership, MembershipCharge, MembershipPlan
from mercato.membership.selectors import CancellationTerms, cancellation_terms, latest_membership, plan_for
from mercato.orders.bookkeeping import first_party_vat
from mercato.orders.errors import PaymentFailed

def _check_request(customer: User, marketplace: Marketplace, plan: MembershipPlan | None, billing_period: str,
                   payment_method: PaymentMethod | None, now: datetime) -> None:
    if billing_period not in billing.MONTHS_PER_PERIOD:
        raise Invalid("billing period must be monthly or annual", field="billing_period")
    if plan is None or plan.marketplace_id != marketplace.id:
        raise NotFound(f"this membership plan is not offered in {marketplace.name}", field="plan")
    if not plan.is_active:
        raise Conflict(f"{plan.name} is no longer offered", field="plan")
    if payment_method is None or payment_method.user_id != customer.pk:
        raise NotFound("choose one of your payment cards", field="payment_method")
    current = latest_membership(customer, marketplace)
    if current is None or current.status == billing.ENDED:
        return
    if current.status == billing.CANCELLED and now >= current.current_period_end:
        return  # it lapsed; the renewal job has not ended it yet, recording does
    if current.status == billing.CANCELLED:
        raise Conflict(f"your {plan.name} membership is cancelled but runs until "
                       f"{current.current_period_end:%d %B %Y}; rejoin it instead", field="membership",
                       code="already_member")
    if current.status == billing.PAST_DUE:
        raise Conflict("your renewal payment is overdue; pay it from your membership page instead",
                       field="membership", code="already_member")
    raise Conflict(f"you are already a {plan.name} member", field="membership", code="already_member")


def _end_lapsed(customer: User, marketplace: Marketplace, now: datetime) -> None:
    """A cancelled membership whose period is over ends before a new one starts."""
    for membership in Membership.objects.select_for_update().filter(
            customer=customer, marketplace=marketplace, status=billing.CANCELLED, current_period_end__lte=now):
        end_membership(membership, at=membership.current_period_end, reason=Membership.EndReason.CANCELLED)


def _new_membership(*, customer, marketplace, plan, billing_period, payment_method, status, now, period_end,
                    billing_day, trial_used) -> Membership:
    _end_lapsed(customer, marketplace, now)
    try:
        with transaction.atomic():
            return Membership.objects.create(
                public_id=new_public_id("MB"), customer=customer, marketplace=marketplace, plan=plan,
                billing_period=billing_period, status=status, trial_used=trial_used, payment_method=payment_method,
                started_at=now, current_period_start=now, current_period_end=period_end, billing_day=billing_day)
    except IntegrityError:  # a concurrent request won the race for the one live membership (or trial)
        raise Conflict(f"you are already a {plan.name} member", field="membership", code="already_member") from None


@transaction.atomic
def start_trial(*, customer: User, marketplace: Marketplace, plan: MembershipPlan | None,
                payment_method: PaymentMethod | None, billing_period: str = billing.MONTHLY,
                now: datetime | None = None) -> Membership:
    """Start the plan's free trial: benefits at once, the first charge (to `payment_method`, for
    `billing_period`) when the trial ends. One trial per shopper per marketplace."""
    now = now or timezone.now()
    _check_request(customer, marketplace, plan, billing_period, payment_method, now)
    if not plan.trial_days:
        raise Invalid(f"{plan.name} has no free trial; subscribe instead", field="plan")
    if Membership.objects.filter(customer=customer, marketplace=marketplace, trial_used=True).exists():
        raise Conflict(f"you have already had your free trial of {plan.name}; subscribe instead", field="plan",
                       code="trial_used")
    trial_end = billing.trial_end(now, plan.trial_days)
    membership = _new_membership(customer=customer, marketplace=marketplace, plan=plan,
                                 billing_period=billing_period, payment_method=payment_method,
                                 status=billing.TRIAL, now=now, period_end=trial_end, billing_day=trial_end.day,
                                 trial_used=True)
    price = format_money(plan.price_minor(billing_period), plan.currency)
    _announce(membership, "membership.joined", f"Welcome to {plan.name}",
              f"Your free trial of {plan.name} runs until {trial_end:%d %B %Y}. Then we charge {price} "
              f"({billing_period}) to your {payment_method}, unless you cancel before.")
    return membership


def _clean_key(idempotency_key: str) -> str:
    key = (idempotency_key or "").strip()
    if not key or len(key) > 60 or not key.isprintable():
        raise Invalid("an idempotency key of 1 to 60 printable characters is required", field="idempotency_key")
    return key


def subscribe(*, customer: User, marketplace: Marketplace, plan: MembershipPlan | None, billing_period: str,
              payment_method: PaymentMethod | None, idempotency_key: str,
              now: datetime | None = None) -> Membership:
    """Join and pay the first monthly or annual period now. A repeat with the same idempotency key returns the
    membership the first call made and charges nothing."""
    now = now or timezone.now()
    provider_key = f"MJ{customer.pk}-{_clean_key(idempotency_key)}"
    repeat = MembershipCharge.objects.filter(idempotency_key=provider_key).select_related("membership").first()
    if repeat is not None:
        return repeat.membership
    _check_request(customer, marketplace, plan, billing_period, payment_method, now)
    amount = plan.price_minor(billing_period)
    try:
        taken = payments.take_payment(payment_method=payment_method, amount_minor=amount, currency=plan.currency,
                                      idempotency_key=provider_key)
    except PaymentFailed as error:
        if error.code != "capture_refused":
            raise
        return _twin_result(provider_key)
    try:
        return _record_subscription(customer, marketplace, plan, billing_period, payment_method, taken, amount, now)
    except Exception:
        repeat = MembershipCharge.objects.filter(idempotency_key=provider_key).select_related("membership").first()
        if repeat is not None:  # the same request, sent twice at once, recorded it
            return repeat.membership
        payments.give_back(taken, amount_minor=amount)
        raise


def _twin_result(provider_key: str) -> Membership:
    """The membership a concurrent request with the same key is recording, once it has."""
    deadline = time.monotonic() + settings.IDEMPOTENT_WAIT_SECONDS
    while True:
        repeat = MembershipCharge.objects.filter(idempotency_key=provider_key).select_related("membership").first()
        if repeat is not None:
            return repeat.membership
        if time.monotonic() >= deadline:
            raise Conflict("this subscription is still being made; look at your membership page shortly",
                           field="idempotency_key")
        time.sleep(0.05)


@transaction.atomic
def _record_subscription(customer, marketplace, plan, billing_period, payment_method, taken, amount, now):
    end = billing.period_end(now, billing_period)
    membership = _new_membership(customer=customer, marketplace=marketplace, plan=plan,
                                 billing_period=billing_period, payment_method=payment_method,
                                 status=billing.ACTIVE, now=now, period_end=end, billing_day=now.day,
                                 trial_used=False)
    record_charge(membership, taken, amount_minor=amount, period_start=now, period_end=end)
    _announce(membership, "membership.joined", f"Welcome to {plan.name}",
              f"We charged {format_money(amount, plan.currency)} to your {payment_method} for {plan.name} until "
              f"{end:%d %B %Y}. It renews automatically; cancel any time from your account.")
    return membership


def record_charge(membership: Membership, taken: payments.TakenPayment, *, amount_minor: int,
                  period_start: datetime, period_end: datetime) -> MembershipCharge:
    charge = MembershipCharge.objects.create(
        membership=membership, kind=MembershipCharge.Kind.CHARGE, amount_minor=amount_minor,
        vat_minor=first_party_vat(amount_minor, membership.marketplace.vat_rate_bp), currency=membership.plan.currency,
        period_start=period_start, period_end=period_end, provider=taken.provider,
        authorisation_id=taken.authorisation_id, idempotency_key=taken.idempotency_key)
    bookkeeping.book_charge(charge, reference=membership.public_id)
    return charge


def _cancellable(customer: User, marketplace: Marketplace, now: datetime) -> Membership:
    membership = latest_membership(customer, marketplace)
    if membership is None:
        raise NotFound("you are not a member", field="membership")
    if membership.status == billing.ENDED or (membership.status == billing.CANCELLED
                                              and membership.current_period_end <= now):
        raise Conflict(f"your membership ended on {(membership.ended_at or membership.current_period_end):%d %B %Y}; "
                       "there is nothing to cancel", field="membership", code="membership_ended")
    if membership.status == billing.CANCELLED:
        raise Conflict(f"your membership is already cancelled; its benefits end on "
                       f"{membership.current_period_end:%d %B %Y}", field="membership", code="already_cancelled")
    return membership


def cancel(*, customer: User, marketplace: Marketplace, now: datetime | None = None) -> Membership:
    """Stop renewing. Benefits stay to the end of the period (at once when nothing is paid for); an annual
    plan under a prorated policy gives back its unused whole months, first to the card, then in the books.
    The returned membership carries `refund` (the refund recorded, or None)."""
    now = now or timezone.now()
    snapshot = _cancellable(customer, marketplace, now)
    terms = cancellation_terms(snapshot, now)
    refund_key = ""
    if terms.refund_minor:
        refund_key = f"{snapshot.public_id}-refund-{terms.charge.pk}-{terms.unused_months}"
        try:
            payments.refund(authorisation_id=terms.charge.authorisation_id, amount_minor=terms.refund_minor,
                            idempotency_key=refund_key)
        except Conflict:
            _cancellable(customer, marketplace, now)  # a cancel sent twice at once: say it is already cancelled
            raise
    return _record_cancel(snapshot, terms, refund_key, now)


@transaction.atomic
def _record_cancel(snapshot: Membership, terms: CancellationTerms, refund_key: str, now: datetime) -> Membership:
    membership = Membership.objects.select_for_update().select_related("plan", "marketplace", "customer").get(
        pk=snapshot.pk)
    if (membership.status, membership.current_period_end) != (snapshot.status, snapshot.current_period_end):
        raise Conflict("your membership changed meanwhile; look at it again", field="membership",
                       code="already_cancelled" if membership.status == billing.CANCELLED else "conflict")
    membership.refund = None
    if terms.refund_minor:
        membership.refund = MembershipCharge.objects.create(
            membership=membership, kind=MembershipCharge.Kind.REFUND, amount_minor=terms.refund_minor,
            vat_minor=terms.refund_vat_minor, currency=terms.charge.currency, period_start=terms.benefits_until,
            period_end=membership.current_period_end, refund_of=terms.charge, provider=terms.charge.provider,
            authorisation_id=terms.charge.authorisation_id, idempotency_key=refund_key)
        bookkeeping.book_refund(membership.refund, reference=membership.public_id)
    if terms.ends_now:
        end_membership(membership, at=now, reason=Membership.EndReason.CANCELLED)
        return membership
    billing.check_transition(membership.status, billing.CANCELLED)
    membership.status = billing.CANCELLED
    membership.cancelled_at = now
    membership.current_period_end = terms.benefits_until
    membership.save(update_fields=["status", "cancelled_at", "current_period_end"])
    refunded = (f" We are refunding {format_money(terms.refund_minor, terms.charge.currency)} for the "
                f"{terms.unused_months} unused month{'s' if terms.unused_months != 1 else ''}.") if terms.refund_minor else ""
    _announce(membership, "membership.cancelled", f"Your {membership.plan.name} membership is cancelled",
              f"It will not renew. Your benefits continue until {terms.benefits_until:%d %B %Y}.{refunded}")
    return membership


def end_membership(membership: Membership, *, at: datetime, reason: str, detail: str = "") -> None:
    """End a locked membership for good and say so to the shopper."""
    billing.check_transition(membership.status, billing.ENDED)
    membership.status = billing.ENDED
    membership.ended_at = at
    membership.end_reason = reason
    membership.next_attempt_at = None
    membership.save(update_fields=["status", "ended_at", "end_reason", "next_attempt_at"])
    _announce(membership, "membership.ended", f"Your {membership.plan.name} membership has ended",
              detail or f"Your membership ended on {at:%d %B %Y}. You can join again at any time.")


def rejoin(*, customer: User, marketplace: Marketplace, payment_method: PaymentMethod | None = None,
           billing_period: str = "", idempotency_key: str = "", now: datetime | None = None) -> Membership:
    """Come back: a cancelled membership whose period has not ended carries on as before with no new charge;
    an overdue one is paid now (with `payment_method` if given); after the end, the shopper joins again and
    pays (the same billing period as before unless `billing_period` says otherwise)."""
    from mercato.membership.renewals import pay_overdue

    now = now or timezone.now()
    membership = latest_membership(customer, marketplace)
    if payment_method is not None and payment_method.user_id != customer.pk:
        raise NotFound("choose one of your payment cards", field="payment_method")
    if membership is not None and membership.status == billing.PAST_DUE:
        return pay_overdue(membership=membership, payment_method=payment_method, now=now)
    if membership is not None and membership.status == billing.CANCELLED and now < membership.current_period_end:
        return _resume(membership, payment_method, now)
    if membership is not None and membership.status in (billing.TRIAL, billing.ACTIVE):
        raise Conflict(f"you are already a {membership.plan.name} member", field="membership", code="already_member")
    previous_period = membership.billing_period if membership is not None else billing.MONTHLY
    return subscribe(customer=customer, marketplace=marketplace, plan=plan_for(marketplace),
                     billing_period=billing_period or previous_period,
                     payment_method=payment_method or _renewal_card(membership, customer),
                     idempotency_key=idempotency_key, now=now)


def _renewal_card(membership: Membership | None, customer: User) -> PaymentMethod | None:
    if membership is not None and membership.payment_method_id:
        return membership.payment_method
    return PaymentMethod.objects.filter(user=customer, is_default=True).first()


@transaction.atomic
def _resume(snapshot: Membership, payment_method: PaymentMethod | None, now: datetime) -> Membership:
    membership = Membership.objects.select_for_update().select_related("plan", "customer").get(pk=snapshot.pk)
    if membership.status != billing.CANCELLED or now >= membership.current_period_end:
        raise Conflict("your membership changed meanwhile; look at it again", field="membership")
    if not membership.plan.is_active:
        raise Conflict(f"{membership.plan.name} is no longer offered", field="plan")
    was_trial = not membership.charges.filter(kind=MembershipCharge.Kind.CHARGE,
                                              period_start=membership.current_period_start).exists()
    target = billing.TRIAL if was_trial else billing.ACTIVE
    billing.check_transition(membership.status, target)
    membership.status = target
    membership.cancelled_at = None
    membership.payment_method = payment_method or membership.payment_method
    membership.save(update_fields=["status", "cancelled_at", "payment_method"])
    _announce(membership, "membership.rejoined", f"Welcome back to {membership.plan.name}",
              f"Your membership carries on and renews on {membership.current_period_end:%d %B %Y}.")
    return membership


def _announce(membership: Membership, topic: str, subject: str, body: str) -> None:
    record_event(topic, recipient=membership.customer.email, subject=subject, body=body,
                 payload={"membership": membership.public_id, "status": membership.status})
