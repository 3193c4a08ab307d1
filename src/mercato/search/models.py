from django.conf import settings
from django.db import models


class PendingReindex(models.Model):
    """A product whose search documents are out of date. Written in the same transaction as the
    change that made them stale (an outbox), so a crash between commit and indexing loses nothing:
    the next drain or `mercato reindex` picks it up."""

    product_id = models.BigIntegerField(unique=True)
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


# Behaviour logs. They hold no personal data beyond the shopper id: `visitor` is a random token kept in
# the shopper's session, so a search made before signing in can be tied to a purchase made after it.

class SearchLog(models.Model):
    """One results page shown for a text search (an impression of each product on it)."""

    token = models.CharField(max_length=32, unique=True, help_text="Random id carried by the result links")
    marketplace = models.ForeignKey("marketplaces.Marketplace", on_delete=models.CASCADE, related_name="+")
    query_key = models.CharField(max_length=200, help_text="The query's index terms, space separated")
    shopper = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    visitor = models.CharField(max_length=32, db_index=True)
    page = models.PositiveIntegerField(default=1)
    result_count = models.PositiveIntegerField()
    product_ids = models.JSONField(default=list, help_text="The products shown, in order")
    searched_at = models.DateTimeField(db_index=True)


class SearchClick(models.Model):
    """A shopper opened a product from a search results page."""

    search = models.ForeignKey(SearchLog, on_delete=models.CASCADE, related_name="clicks")
    product_id = models.BigIntegerField()
    position = models.PositiveIntegerField(help_text="1 is the first result of the page")
    shopper = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    visitor = models.CharField(max_length=32, db_index=True)
    clicked_at = models.DateTimeField(db_index=True)


class ProductView(models.Model):
    """A product page seen by a visitor: the sessions behind "customers who viewed this also viewed"."""

    marketplace = models.ForeignKey("marketplaces.Marketplace", on_delete=models.CASCADE, related_name="+")
    product_id = models.BigIntegerField()
    shopper = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    visitor = models.CharField(max_length=32)
    viewed_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["marketplace", "visitor"], name="product_view_visitor")]


# Ranking signals, recomputed from the logs and orders by the search-signals job.

class QueryProductSignal(models.Model):
    """How shoppers who searched `query_key` treated one product it showed them, over the recent window."""

    marketplace = models.ForeignKey("marketplaces.Marketplace", on_delete=models.CASCADE, related_name="+")
    query_key = models.CharField(max_length=200)
    product_id = models.BigIntegerField()
    impressions = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)
    purchases = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["marketplace", "query_key", "product_id"],
                                               name="query_product_signal_unique")]


class ProductSignal(models.Model):
    """What a product's recent sales, offers and feedback say about it, for ranking."""

    marketplace = models.ForeignKey("marketplaces.Marketplace", on_delete=models.CASCADE, related_name="+")
    product_id = models.BigIntegerField()
    units_per_day = models.FloatField(default=0.0, help_text="Units sold per day over the last 30 days")
    in_stock = models.BooleanField(default=False)
    delivery_days = models.PositiveSmallIntegerField(null=True, blank=True,
                                                     help_text="Buy Box offer's dispatch days (network: 0)")
    price_ratio = models.FloatField(null=True, blank=True,
                                    help_text="Buy Box landed price / median Buy Box price in its category")
    rating_mean = models.FloatField(null=True, blank=True, help_text="1.0 to 5.0")
    rating_count = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["marketplace", "product_id"],
                                               name="product_signal_unique")]


class RankingWeights(models.Model):
    """The operator's weights for the search ranking formula of one marketplace (see search/ranking.py)."""

    marketplace = models.OneToOneField("marketplaces.Marketplace", on_delete=models.CASCADE, related_name="+")
    text_relevance = models.FloatField()
    sales_velocity = models.FloatField()
    search_conversion = models.FloatField()
    availability = models.FloatField()
    delivery_speed = models.FloatField()
    price_competitiveness = models.FloatField()
    rating = models.FloatField()
    personal = models.FloatField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "ranking weights"
        constraints = [
            models.CheckConstraint(condition=models.Q(text_relevance__gt=0), name="ranking_text_weight_positive"),
            *(models.CheckConstraint(condition=models.Q(**{f"{name}__gte": 0}), name=f"ranking_{name}_not_negative")
              for name in ("sales_velocity", "search_conversion", "availability", "delivery_speed",
                           "price_competitiveness", "rating", "personal")),
        ]


class Synonym(models.Model):
    """Words a shopper may use for the same thing in one marketplace, edited by the operator.

    `terms` is a comma-separated list. Two-way ("sofa, couch, settee"): searching any finds all.
    One-way (`one_way`): the first term also finds the others ("tee" -> "t-shirt"), not the reverse."""

    marketplace = models.ForeignKey("marketplaces.Marketplace", on_delete=models.CASCADE, related_name="+")
    terms = models.CharField(max_length=500)
    one_way = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
