"""Sign-up and address services: validation, one default address, owner-only changes."""
import pytest

from mercato.core.errors import Conflict, Invalid, NotFound
from mercato.customers.models import Address, User
from mercato.customers.selectors import address_for_user, addresses_for_user, default_address
from mercato.customers.services import (
    MAX_ADDRESSES_PER_USER,
    add_address,
    delete_address,
    set_default_address,
    sign_up,
    update_address,
)
from tests.factories import make_user

HOME = {"full_name": "Sam Shopper", "line1": "221B Baker Street", "city": "London", "postal_code": " nw1  6xe ",
        "country_code": "gb", "phone": "+44 (0)20 7946 0000"}
WORK = {**HOME, "line1": "1 Canada Square", "postal_code": "E14 5AB"}


@pytest.fixture
def user(db):
    return make_user("sam@example.com")


def test_sign_up_normalises_email_and_checks_the_password(db):
    user = sign_up(email="  Ada@Example.COM ", full_name=" Ada ", password="plum-orchard-lantern-42")

    assert user.email == "ada@example.com" and user.full_name == "Ada"
    assert user.check_password("plum-orchard-lantern-42")
    with pytest.raises(Conflict) as taken:
        sign_up(email="ADA@example.com", full_name="Other Ada", password="plum-orchard-lantern-42")
    assert taken.value.field == "email"
    with pytest.raises(Invalid) as weak:
        sign_up(email="bob@example.com", full_name="Bob", password="password")
    assert weak.value.field == "password"
    with pytest.raises(Invalid) as bad_email:
        sign_up(email="bob@", full_name="Bob", password="plum-orchard-lantern-42")
    assert bad_email.value.field == "email"
    assert User.objects.count() == 1


def test_address_details_are_cleaned(user):
    address = add_address(user=user, details=HOME)

    assert (address.postal_code, address.country_code, address.line2) == ("NW1 6XE", "GB", "")
    assert address.is_default  # the first address is the default


@pytest.mark.parametrize("field, value", [
    ("postal_code", "A"), ("postal_code", "SW1A 1AA 1234567"), ("postal_code", "<script>"),
    ("country_code", "GBR"), ("country_code", "1A"), ("country_code", "ÉÉ"), ("country_code", ""),
    ("phone", "12345"), ("phone", "1" * 16), ("phone", "phone me"),
    ("full_name", "x" * 151), ("line1", ""), ("city", "Lon\x00don"),
])
def test_bad_address_details_are_refused_naming_the_field(user, field, value):
    with pytest.raises(Invalid) as refused:
        add_address(user=user, details={**HOME, field: value})

    assert refused.value.field == field
    assert not Address.objects.exists()


def test_one_default_address_at_a_time(user):
    home = add_address(user=user, details=HOME)
    work = add_address(user=user, details=WORK, make_default=True)
    home.refresh_from_db()
    assert work.is_default and not home.is_default

    set_default_address(user=user, address_id=home.pk)

    assert default_address(user) == home
    assert Address.objects.filter(user=user, is_default=True).count() == 1
    assert list(addresses_for_user(user)) == [home, work]


def test_deleting_the_default_promotes_the_oldest_remaining(user):
    home = add_address(user=user, details=HOME)
    work = add_address(user=user, details=WORK)
    third = add_address(user=user, details={**WORK, "line1": "3 Third Street"})

    delete_address(user=user, address_id=home.pk)

    assert default_address(user) == work
    delete_address(user=user, address_id=third.pk)
    assert default_address(user) == work


def test_update_changes_only_the_owners_address(user):
    address = add_address(user=user, details=HOME)

    updated = update_address(user=user, address_id=address.pk, details={**HOME, "city": "Oxford"})

    assert updated.city == "Oxford" and updated.is_default


def test_another_users_address_is_not_found_for_every_action(user):
    neighbour = make_user("neighbour@example.com")
    theirs = add_address(user=neighbour, details=HOME)

    assert address_for_user(user, theirs.pk) is None
    assert list(addresses_for_user(user)) == []
    for action in (lambda: update_address(user=user, address_id=theirs.pk, details=WORK),
                   lambda: delete_address(user=user, address_id=theirs.pk),
                   lambda: set_default_address(user=user, address_id=theirs.pk)):
        with pytest.raises(NotFound):
            action()
    theirs.refresh_from_db()
    assert theirs.line1 == "221B Baker Street" and theirs.is_default


def test_address_book_has_a_limit(user):
    Address.objects.bulk_create([Address(user=user, full_name="x", line1=f"{n} Road", city="Leeds",
                                         postal_code="LS1 1AA", country_code="GB")
                                 for n in range(MAX_ADDRESSES_PER_USER)])

    with pytest.raises(Invalid):
        add_address(user=user, details=HOME)


def test_address_for_user_ignores_junk_ids(user):
    assert address_for_user(user, "abc") is None
    assert address_for_user(user, 10**30) is None
