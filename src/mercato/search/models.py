from django.db import models


class PendingReindex(models.Model):
    """A product whose search documents are out of date. Written in the same transaction as the
    change that made them stale (an outbox), so a crash between commit and indexing loses nothing:
    the next drain or `mercato reindex` picks it up."""

    product_id = models.BigIntegerField(unique=True)
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
