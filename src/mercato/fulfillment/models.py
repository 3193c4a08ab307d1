from django.db import models
from django.db.models import F, Q

from mercato.fulfillment import transit


class FulfillmentCenter(models.Model):
    """A building of the platform's network that stores sellers' stock and picks, packs and ships it."""

    code = models.CharField(max_length=8, unique=True, help_text="Short code, e.g. LTN1")
    name = models.CharField(max_length=120)
    marketplace = models.ForeignKey("marketplaces.Marketplace", on_delete=models.PROTECT,
                                    related_name="fulfillment_centers")
    city = models.CharField(max_length=100)
    latitude = models.FloatField()
    longitude = models.FloatField()
    capacity_units = models.PositiveIntegerField(help_text="Units it can store")
    capacity_orders_per_day = models.PositiveIntegerField(help_text="Orders it can ship in a day")
    cutoff_time = models.TimeField(help_text="Orders before this time (local) ship the same working day")
    speeds = models.JSONField(default=list, help_text=f"Carrier speeds it ships with: {', '.join(transit.SPEEDS)}")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180,
                                                   longitude__lte=180), name="center_coordinates_valid"),
            models.CheckConstraint(condition=Q(capacity_orders_per_day__gt=0), name="center_order_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.code} {self.city}"


class CenterStock(models.Model):
    """A seller's units of one network-fulfilled offer in one center.

    `on_hand` is what is on the shelves and sellable; `allocated` is the part routed to orders that have
    not left yet. The offer's `quantity` always equals the sum over its centers of `on_hand - allocated`:
    every service that changes one changes the other in the same transaction."""

    center = models.ForeignKey(FulfillmentCenter, on_delete=models.PROTECT, related_name="stock")
    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="center_stock")
    on_hand = models.PositiveIntegerField(default=0)
    allocated = models.PositiveIntegerField(default=0)
    damaged = models.PositiveIntegerField(default=0, help_text="Received damaged: not sellable")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["center", "offer"]
        constraints = [
            models.UniqueConstraint(fields=["center", "offer"], name="one_stock_row_per_center_offer"),
            models.CheckConstraint(condition=Q(allocated__lte=F("on_hand")), name="center_stock_allocated_le_on_hand"),
        ]

    @property
    def available(self) -> int:
        return self.on_hand - self.allocated


class CenterDay(models.Model):
    """Orders a center has taken for one shipping day: its daily capacity is checked against this count."""

    center = models.ForeignKey(FulfillmentCenter, on_delete=models.CASCADE, related_name="days")
    day = models.DateField()
    orders = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["center", "day"], name="one_center_day")]


class InboundShipment(models.Model):
    """Units a seller sends to a center. Received units become sellable; damaged and missing ones are recorded."""

    class Status(models.TextChoices):
        CREATED = "created", "Created: waiting for the units"
        RECEIVED = "received", "Received"
        CANCELLED = "cancelled", "Cancelled"

    public_id = models.CharField(max_length=12, unique=True)
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="inbound_shipments")
    center = models.ForeignKey(FulfillmentCenter, on_delete=models.PROTECT, related_name="inbound_shipments")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CREATED)
    created_at = models.DateTimeField(auto_now_add=True)
    received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return self.public_id


class InboundLine(models.Model):
    inbound = models.ForeignKey(InboundShipment, on_delete=models.CASCADE, related_name="lines")
    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="+")
    expected_units = models.PositiveIntegerField()
    received_units = models.PositiveIntegerField(default=0, help_text="Counted and sellable")
    damaged_units = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(expected_units__gt=0), name="inbound_expected_positive"),
            models.UniqueConstraint(fields=["inbound", "offer"], name="one_inbound_line_per_offer"),
        ]

    @property
    def missing_units(self) -> int:
        return max(0, self.expected_units - self.received_units - self.damaged_units)


class Shipment(models.Model):
    """One parcel leaving a center: the lines of one order (or one multi-channel order) routed there."""

    class Status(models.TextChoices):
        PICKING = "picking", "Being picked"
        PACKED = "packed", "Packed"
        SHIPPED = "shipped", "Shipped"
        IN_TRANSIT = "in_transit", "In transit"
        OUT_FOR_DELIVERY = "out_for_delivery", "Out for delivery"
        DELIVERED = "delivered", "Delivered"
        EXCEPTION = "exception", "Delivery problem"
        RETURNED = "returned_to_sender", "Returned to sender"
        CANCELLED = "cancelled", "Cancelled"

    public_id = models.CharField(max_length=12, unique=True)
    center = models.ForeignKey(FulfillmentCenter, on_delete=models.PROTECT, related_name="shipments")
    order = models.ForeignKey("orders.Order", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="shipments")
    fulfillment_order = models.ForeignKey("fulfillment.FulfillmentOrder", null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="shipments")
    speed = models.CharField(max_length=10, default=transit.STANDARD)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PICKING)
    carrier = models.CharField(max_length=60, default="Mercato Logistics")
    tracking_number = models.CharField(max_length=30, unique=True)
    distance_km = models.FloatField(default=0)
    destination = models.CharField(max_length=120, blank=True, help_text="Town and postcode area, for the timeline")
    promised_delivery_date = models.DateField()
    planned_journey = models.JSONField(default=list, help_text="The carrier's events still to come")
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(order__isnull=False) | Q(fulfillment_order__isnull=False),
                                   name="shipment_has_an_order"),
        ]
        indexes = [models.Index(fields=["status"], name="shipment_status")]

    def __str__(self):
        return self.public_id

    @property
    def on_time(self) -> bool | None:
        if self.delivered_at is None:
            return None
        return self.delivered_at.date() <= self.promised_delivery_date


class ShipmentLine(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="lines")
    stock = models.ForeignKey(CenterStock, on_delete=models.PROTECT, related_name="+")
    order_line = models.ForeignKey("orders.OrderLine", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="shipment_lines")
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="shipment_line_quantity_positive")]


class ShipmentEvent(models.Model):
    """A step of a parcel's journey, as the tracking page shows it."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=Shipment.Status.choices)
    at = models.DateTimeField()
    place = models.CharField(max_length=120, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]


class FulfillmentOrder(models.Model):
    """An order from an outside shop, fulfilled from a seller's network stock (multi-channel fulfillment)."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        SHIPPED = "shipped", "Shipped"
        DELIVERED = "delivered", "Delivered"
        EXCEPTION = "exception", "Delivery problem"
        CANCELLED = "cancelled", "Cancelled"

    public_id = models.CharField(max_length=12, unique=True)
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="fulfillment_orders")
    marketplace = models.ForeignKey("marketplaces.Marketplace", on_delete=models.PROTECT, related_name="+")
    idempotency_key = models.CharField(max_length=80)
    external_reference = models.CharField(max_length=80, blank=True, help_text="The outside shop's order number")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    speed = models.CharField(max_length=10, default=transit.STANDARD)
    ship_to_name = models.CharField(max_length=150)
    ship_to_line1 = models.CharField(max_length=200)
    ship_to_line2 = models.CharField(max_length=200, blank=True)
    ship_to_city = models.CharField(max_length=100)
    ship_to_postal_code = models.CharField(max_length=20)
    ship_to_country_code = models.CharField(max_length=2)
    fee_minor = models.BigIntegerField(default=0, help_text="Multi-channel fulfillment fee charged to the seller")
    currency = models.CharField(max_length=3)
    promised_delivery_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["seller", "idempotency_key"],
                                               name="one_fulfillment_order_per_idempotency_key")]

    def __str__(self):
        return self.public_id


class FulfillmentOrderLine(models.Model):
    fulfillment_order = models.ForeignKey(FulfillmentOrder, on_delete=models.CASCADE, related_name="lines")
    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="fulfillment_line_quantity_positive")]


class SimulatedClock(models.Model):
    """The time the simulated carrier has reached. The operator moves it forward with `mercato advance-clock`;
    it never runs behind real time."""

    offset_seconds = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)


class StorageCharge(models.Model):
    """A seller's storage fee for one month, charged once against its available balance."""

    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="storage_charges")
    month = models.DateField(help_text="The first day of the month charged")
    currency = models.CharField(max_length=3)
    cubic_mm = models.BigIntegerField(help_text="Volume of the units on hand when charged")
    amount_minor = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month", "seller"]
        constraints = [models.UniqueConstraint(fields=["seller", "month", "currency"],
                                               name="one_storage_charge_per_seller_month")]
