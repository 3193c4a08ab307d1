"""Reads of the catalog for pages and the API."""
from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from mercato.catalog.gtin import is_valid_gtin, normalise_gtin
from mercato.catalog.models import Attribute, Category, Product

_TREE_CACHE_KEY = "catalog:category-tree"


@dataclass(frozen=True)
class CategoryNode:
    id: int
    slug: str
    name: str
    path: str
    depth: int
    children: tuple[CategoryNode, ...]

    @property
    def path_slugs(self) -> tuple[str, ...]:
        return tuple(self.path.split("/"))


def category_tree() -> tuple[CategoryNode, ...]:
    """The whole tree (top-level nodes with their children), cached briefly: every page's menu needs it."""
    tree = cache.get(_TREE_CACHE_KEY)
    if tree is None:
        rows = list(Category.objects.order_by("depth", "position", "name").values("id", "parent_id", "slug", "name",
                                                                                    "path", "depth"))
        children_of: dict[int | None, list[dict]] = {}
        for row in rows:
            children_of.setdefault(row["parent_id"], []).append(row)

        def build(row) -> CategoryNode:
            return CategoryNode(row["id"], row["slug"], row["name"], row["path"], row["depth"],
                                tuple(build(child) for child in children_of.get(row["id"], [])))

        tree = tuple(build(row) for row in children_of.get(None, []))
        cache.set(_TREE_CACHE_KEY, tree, 60)
    return tree


def forget_cached_category_tree() -> None:
    cache.delete(_TREE_CACHE_KEY)


def category_by_path(path: str) -> CategoryNode | None:
    def find(nodes):
        for node in nodes:
            if node.path == path:
                return node
            if path.startswith(node.path + "/"):
                return find(node.children)
        return None

    return find(category_tree())


def category_names_by_path() -> dict[str, str]:
    names = {}

    def walk(nodes):
        for node in nodes:
            names[node.path] = node.name
            walk(node.children)

    walk(category_tree())
    return names


def breadcrumbs(path: str) -> list[CategoryNode]:
    crumbs, nodes = [], category_tree()
    for slug in path.split("/"):
        node = next((n for n in nodes if n.slug == slug), None)
        if node is None:
            break
        crumbs.append(node)
        nodes = node.children
    return crumbs


def leaf_categories() -> list[CategoryNode]:
    leaves = []

    def walk(nodes):
        for node in nodes:
            if node.children:
                walk(node.children)
            else:
                leaves.append(node)

    walk(category_tree())
    return leaves


def product_with_details(public_id: str) -> Product | None:
    return Product.objects.select_related("brand", "category").filter(public_id=public_id).first()


def products_by_ids(product_ids: list[int]) -> dict[int, Product]:
    return {p.id: p for p in Product.objects.select_related("brand", "category").filter(id__in=product_ids)}


def attribute_definitions() -> dict[str, Attribute]:
    definitions = cache.get("catalog:attributes")
    if definitions is None:
        definitions = {a.code: a for a in Attribute.objects.all()}
        cache.set("catalog:attributes", definitions, 60)
    return definitions


def display_attributes(product: Product) -> list[tuple[str, str]]:
    """(name, value with unit) pairs for a product page, in the operator's attribute order."""
    definitions = attribute_definitions()
    shown = []
    for code, value in product.attributes.items():
        definition = definitions.get(code)
        if definition is None:
            continue
        if isinstance(value, bool):
            text = "Yes" if value else "No"
        else:
            text = f"{value} {definition.unit}".strip()
        shown.append((definition.position, definition.name, text))
    return [(name, text) for _, name, text in sorted(shown)]


def product_by_code(text: str) -> Product | None:
    """The product whose GTIN (however typed) or platform id is `text`."""
    text = text.strip()
    gtin = normalise_gtin(text)
    if is_valid_gtin(gtin):
        product = Product.objects.select_related("brand", "category").filter(gtin=gtin).first()
        if product is not None:
            return product
    if text.isalnum() and len(text) <= 12:
        return Product.objects.select_related("brand", "category").filter(public_id=text.upper()).first()
    return None
