import pytest

from mercato.orders import states


@pytest.mark.parametrize("current, target", [("pending", "accepted"), ("pending", "shipped"), ("accepted", "shipped"),
                                             ("shipped", "delivered"), ("pending", "cancelled"),
                                             ("accepted", "cancelled")])
def test_legal_seller_order_transitions(current, target):
    states.check_seller_order_transition(current, target)


@pytest.mark.parametrize("current, target", [("shipped", "cancelled"), ("delivered", "shipped"),
                                             ("cancelled", "pending"), ("cancelled", "cancelled"),
                                             ("pending", "delivered")])
def test_illegal_seller_order_transitions(current, target):
    with pytest.raises(states.IllegalTransition):
        states.check_seller_order_transition(current, target)


@pytest.mark.parametrize("parts, expected", [
    (["pending", "accepted"], "placed"),
    (["shipped", "pending"], "partially_shipped"),
    (["shipped", "cancelled"], "shipped"),
    (["delivered", "shipped"], "shipped"),
    (["delivered", "cancelled"], "delivered"),
    (["cancelled", "cancelled"], "cancelled"),
])
def test_order_status_follows_its_seller_orders(parts, expected):
    assert states.order_status_for(parts) == expected
