"""Reads of membership: the plan on offer, a shopper's membership and benefits, and what a cancel would do."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q
from django.utils import timezone

from mercato.customers.models import PaymentMethod
from mercato.marketplaces.models import Marketplace
from mercato.membership import billing
from mercato.membership.models import Membership, MembershipCharge, MembershipPlan

HISTORY_SHOWN = 24


@dataclass(frozen=True)
class MemberBenefits:
    free_fastest_delivery: bool
    member_deals: bool
    early_access_minutes: int


def plan_for(marketplace: Marketplace | None) -> MembershipPlan | None:
    """The plan offered in `marketplace`, or None where there is no membership."""
    if marketplace is None:
        return None
    return MembershipPlan.objects.filter(marketplace=marketplace, is_active=True).select_related("marketplace").first()


def _holding_benefits(now: datetime) -> Q:
    """The SQL form of billing.has_benefits."""
    return (Q(status__in=[billing.TRIAL, billing.ACTIVE], current_period_end__gt=now - billing.RENEWAL_GRACE)
            | Q(status=billing.CANCELLED, current_period_end__gt=now))


def member_benefits(customer, marketplace: Marketplace | None, now: datetime | None = None) -> MemberBenefits | None:
    """What membership gives `customer` in `marketplace` right now, or None for a non-member. One query; none
    for a visitor who is not signed in."""
    if customer is None or not getattr(customer, "is_authenticated", False) or marketplace is None:
        return None
    row = (Membership.objects.filter(_holding_benefits(now or timezone.now()), customer=customer,
                                     marketplace=marketplace)
           .values_list("plan__free_fastest_delivery", "plan__member_deals", "plan__early_access_minutes").first())
    return MemberBenefits(*row) if row else None


def membership_for(customer, marketplace: Marketplace, now: datetime | None = None) -> Membership | None:
    """The shopper's live membership in `marketplace`: not ended, and not a cancelled one whose period is over."""
    now = now or timezone.now()
    return (Membership.objects.filter(customer=customer, marketplace=marketplace)
            .exclude(status=billing.ENDED).exclude(status=billing.CANCELLED, current_period_end__lte=now)
            .select_related("plan", "payment_method").first())


def latest_membership(customer, marketplace: Marketplace) -> Membership | None:
    """The shopper's most recent membership in `marketplace`, live or ended."""
    return (Membership.objects.filter(customer=customer, marketplace=marketplace)
            .select_related("plan", "payment_method").order_by("-id").first())


def trial_available(customer, plan: MembershipPlan | None) -> bool:
    if plan is None or not plan.trial_days:
        return False
    return not Membership.objects.filter(customer=customer, marketplace_id=plan.marketplace_id,
                                         trial_used=True).exists()


def current_charge(membership: Membership) -> MembershipCharge | None:
    """The charge that paid for the membership's current period (None during a trial)."""
    return (MembershipCharge.objects.filter(membership=membership, kind=MembershipCharge.Kind.CHARGE,
                                            period_start=membership.current_period_start).first())


@dataclass(frozen=True)
class CancellationTerms:
    benefits_until: datetime
    refund_minor: int
    refund_vat_minor: int
    unused_months: int
    charge: MembershipCharge | None  # the charge refunded from
    ends_now: bool


def cancellation_terms(membership: Membership, now: datetime, *,
                       charge: MembershipCharge | None = None) -> CancellationTerms:
    """What cancelling `membership` at `now` does: benefits to the end of the period, or at once when nothing
    is paid for (payment overdue, or the period already ran out); an annual plan under a prorated policy also
    gives back its unused whole months."""
    from mercato.marketplaces.fees import proportional_share

    if membership.status == billing.PAST_DUE or now >= membership.current_period_end:
        return CancellationTerms(now, 0, 0, 0, None, True)
    if (membership.status == billing.ACTIVE and membership.billing_period == billing.ANNUAL
            and membership.plan.annual_refund_policy == MembershipPlan.RefundPolicy.PRORATED):
        charge = charge or current_charge(membership)
        if charge is not None:
            terms = billing.prorated_refund(paid_minor=charge.amount_minor, period_start=membership.current_period_start,
                                            period_end=membership.current_period_end, now=now)
            vat = proportional_share(charge.vat_minor, terms.refund_minor, charge.amount_minor)
            return CancellationTerms(terms.benefits_until, terms.refund_minor, vat, terms.unused_months, charge,
                                     False)
    return CancellationTerms(membership.current_period_end, 0, 0, 0, None, False)


@dataclass(frozen=True)
class MembershipAccount:
    """Everything the shopper's membership page shows."""

    plan: MembershipPlan | None
    membership: Membership | None  # the latest, possibly ended
    has_benefits: bool
    next_charge_at: datetime | None
    next_charge_minor: int
    cancellation: CancellationTerms | None  # None when there is nothing to cancel
    can_rejoin: bool
    trial_available: bool
    charges: list[MembershipCharge]
    cards: list[PaymentMethod]


def membership_account(customer, marketplace: Marketplace, now: datetime | None = None) -> MembershipAccount:
    now = now or timezone.now()
    plan = plan_for(marketplace)
    membership = latest_membership(customer, marketplace)
    cards = list(PaymentMethod.objects.filter(user=customer).order_by("-is_default", "id"))
    if membership is None:
        return MembershipAccount(plan, None, False, None, 0, None, False, trial_available(customer, plan), [], cards)
    charges = list(membership.charges.all()[:HISTORY_SHOWN])
    status = membership.status
    next_charge_at, next_charge_minor = None, 0
    if status in (billing.TRIAL, billing.ACTIVE) and membership.plan.is_active:
        next_charge_at, next_charge_minor = membership.current_period_end, membership.plan.price_minor(
            membership.billing_period)
    elif status == billing.PAST_DUE:
        next_charge_at, next_charge_minor = membership.next_attempt_at, membership.plan.price_minor(
            membership.billing_period)
    lapsed = status == billing.CANCELLED and now >= membership.current_period_end
    cancellation = None
    if status in (billing.TRIAL, billing.ACTIVE, billing.PAST_DUE):
        paid = next((c for c in charges if c.kind == MembershipCharge.Kind.CHARGE
                     and c.period_start == membership.current_period_start), None)
        cancellation = cancellation_terms(membership, now, charge=paid)
    can_rejoin = (status == billing.CANCELLED and not lapsed) or status == billing.PAST_DUE
    return MembershipAccount(plan, membership, billing.has_benefits(status, membership.current_period_end, now),
                             next_charge_at, next_charge_minor, cancellation, can_rejoin,
                             trial_available(customer, plan), charges, cards)


@dataclass(frozen=True)
class JoinPage:
    """What the membership plan page shows a visitor or shopper."""

    plan: MembershipPlan
    membership: Membership | None  # the shopper's live membership
    trial_available: bool
    cards: list[PaymentMethod]


def join_page(customer, marketplace: Marketplace, now: datetime | None = None) -> JoinPage | None:
    """None where no plan is offered."""
    plan = plan_for(marketplace)
    if plan is None:
        return None
    if customer is None or not customer.is_authenticated:
        return JoinPage(plan, None, bool(plan.trial_days), [])
    cards = list(PaymentMethod.objects.filter(user=customer).order_by("-is_default", "id"))
    return JoinPage(plan, membership_for(customer, marketplace, now), trial_available(customer, plan), cards)


@dataclass(frozen=True)
class PlanSummary:
    plan: MembershipPlan
    members_by_status: dict[str, int]


def plans_for_ops() -> list[PlanSummary]:
    """Every plan with its memberships counted by status, in one query."""
    counts = {status: Count("memberships", filter=Q(memberships__status=status)) for status in billing.TRANSITIONS}
    plans = MembershipPlan.objects.select_related("marketplace").annotate(**{f"n_{s}": c for s, c in counts.items()})
    return [PlanSummary(plan, {status: getattr(plan, f"n_{status}") for status in billing.TRANSITIONS})
            for plan in plans.order_by("marketplace__code", "-is_active", "id")]
