from mercato.sellers.models import Seller, SellerMember


def seller_for_user(user) -> Seller | None:
    if not getattr(user, "is_authenticated", False):
        return None
    member = SellerMember.objects.select_related("seller").filter(user=user).first()
    return member.seller if member else None


def sellers_waiting_for_approval():
    return Seller.objects.filter(status=Seller.Status.PENDING).order_by("created_at")


def sellers_for_ops(status: str | None = None):
    sellers = Seller.objects.order_by("status", "display_name")
    return sellers.filter(status=status) if status else sellers


def first_party_seller() -> Seller | None:
    return Seller.objects.filter(kind=Seller.Kind.FIRST_PARTY).first()


def public_seller(slug: str) -> Seller | None:
    """A seller's public page: shown only while it is active."""
    return Seller.objects.filter(slug=slug, status=Seller.Status.ACTIVE).first()


def seller_for_ops(seller_id: int) -> Seller | None:
    return Seller.objects.filter(pk=seller_id).first()


def sellers_decided():
    """Every seller except those waiting for approval (the console lists those first, separately)."""
    return Seller.objects.exclude(status=Seller.Status.PENDING).order_by("status", "display_name")
