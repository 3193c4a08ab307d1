from django.db import models



class Category(models.Model):
    """A node of the category tree. `path` holds the slugs from the root ("kitchen/mugs") so a
    subtree is one prefix match and breadcrumbs need no recursive queries."""

    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=120)
    path = models.CharField(max_length=400, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    position = models.PositiveIntegerField(default=0, help_text="Order among siblings")

    class Meta:
        ordering = ["path"]
        verbose_name_plural = "categories"
        constraints = [models.UniqueConstraint(fields=["parent", "slug"], name="category_slug_unique_in_parent")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.path = f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug
        self.depth = self.path.count("/")
        super().save(*args, **kwargs)

    @property
    def path_slugs(self) -> tuple[str, ...]:
        return tuple(self.path.split("/"))


class Brand(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Attribute(models.Model):
    """A typed product attribute (colour, size, material, capacity…). Products store values by `code`."""

    class ValueType(models.TextChoices):
        TEXT = "text", "Text"
        INTEGER = "integer", "Whole number"
        DECIMAL = "decimal", "Decimal number"
        BOOLEAN = "boolean", "Yes / no"

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    value_type = models.CharField(max_length=10, choices=ValueType.choices, default=ValueType.TEXT)
    unit = models.CharField(max_length=12, blank=True, help_text="Shown after the value, e.g. ml, cm")
    is_facet = models.BooleanField(default=False, help_text="Offered as a filter on category and search pages")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self):
        return self.name


class Product(models.Model):
    """One real-world item, however many sellers offer it. `public_id` is its platform-wide id."""

    public_id = models.CharField(max_length=12, unique=True, help_text="Platform-wide product id, e.g. M4K2Q9XTB7")
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    brand = models.ForeignKey(Brand, null=True, blank=True, on_delete=models.PROTECT, related_name="products")
    gtin = models.CharField(max_length=14, null=True, blank=True, unique=True,
                            help_text="GTIN-8/12/13/14 (EAN, UPC) with a valid check digit")
    attributes = models.JSONField(default=dict, blank=True, help_text="Attribute code -> typed value")
    length_mm = models.PositiveIntegerField(null=True, blank=True)
    width_mm = models.PositiveIntegerField(null=True, blank=True)
    height_mm = models.PositiveIntegerField(null=True, blank=True)
    weight_grams = models.PositiveIntegerField(null=True, blank=True)
    units_sold = models.PositiveIntegerField(default=0, help_text="All-time units sold, for best-seller ordering")
    created_by_seller = models.ForeignKey("sellers.Seller", null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="created_products")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["category", "-units_sold"], name="product_category_bestsellers")]
        constraints = [
            models.CheckConstraint(condition=models.Q(gtin__isnull=True) | models.Q(gtin__regex=r"^[0-9]{8,14}$"),
                                   name="product_gtin_digits"),
            models.CheckConstraint(condition=models.Q(title__gt=""), name="product_title_not_empty"),
        ]

    def __str__(self):
        return self.title


