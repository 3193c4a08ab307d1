from django.urls import path, re_path

from mercato.storefront.views import accounts, browse, cards, cart, checkout, home, images, orders, product, seller
from mercato.storefront.views import api_keys, events, membership, suggest, tracking

# Product public ids are short and alphanumeric; anything else is a 404 before any query.
PUBLIC_ID = r"(?P<public_id>[0-9A-Za-z]{1,12})"

app_name = "storefront"
urlpatterns = [
    path("", home.home, name="home"),
    path("search", browse.search, name="search"),
    path("search/suggest", suggest.search_suggest, name="search_suggest"),
    path("c/<path:category_path>/", browse.category, name="category"),
    re_path(rf"^p/{PUBLIC_ID}/$", product.product, name="product"),
    re_path(rf"^p/{PUBLIC_ID}/(?P<slug>[-a-zA-Z0-9_]+)/$", product.product, name="product"),
    path("s/<slug:slug>/", seller.seller, name="seller"),
    re_path(rf"^img/p/{PUBLIC_ID}\.svg$", images.product_image, name="product_image"),
    path("account/", accounts.account, name="account"),
    path("account/signup/", accounts.signup, name="signup"),
    path("account/login/", accounts.SignInView.as_view(), name="login"),
    path("account/logout/", accounts.sign_out, name="logout"),
    path("account/addresses/", accounts.addresses, name="addresses"),
    path("account/addresses/add/", accounts.address_add, name="address_add"),
    path("account/addresses/<int:address_id>/edit/", accounts.address_edit, name="address_edit"),
    path("account/addresses/<int:address_id>/delete/", accounts.address_delete, name="address_delete"),
    path("account/addresses/<int:address_id>/default/", accounts.address_make_default, name="address_default"),
    path("account/api-keys/", api_keys.api_keys, name="api_keys"),
    path("cart/", cart.cart, name="cart"),
    path("cart/add/", cart.add, name="cart_add"),
    path("cart/update/", cart.update, name="cart_update"),
    path("cart/remove/", cart.remove, name="cart_remove"),
    path("cart/accept-prices/", cart.accept_prices, name="cart_accept_prices"),
    path("checkout/", checkout.checkout, name="checkout"),
    path("checkout/quote/", checkout.quote, name="checkout_quote"),
    path("buy-now/", checkout.buy_now, name="buy_now"),
    path("account/orders/", orders.order_list, name="orders"),
    re_path(rf"^account/orders/{PUBLIC_ID}/$", orders.order_detail, name="order"),
    re_path(rf"^account/orders/{PUBLIC_ID}/cancel/$", orders.order_cancel, name="order_cancel"),
    re_path(rf"^account/orders/{PUBLIC_ID}/parcels/(?P<shipment_id>[0-9A-Za-z]{{1,12}})/$", tracking.track,
            name="track"),
    path("account/cards/", cards.cards, name="cards"),
    path("account/cards/add/", cards.card_add, name="card_add"),
    path("account/cards/<int:card_id>/remove/", cards.card_remove, name="card_remove"),
    path("account/cards/<int:card_id>/default/", cards.card_make_default, name="card_default"),
    path("events/<slug:slug>/", events.event, name="event"),
    path("events/<slug:slug>/live/", events.event_live, name="event_live"),
    path("membership/", membership.plan, name="membership"),
    path("membership/join/", membership.join, name="membership_join"),
    path("account/membership/", membership.account, name="membership_account"),
    path("account/membership/cancel/", membership.cancel, name="membership_cancel"),
    path("account/membership/rejoin/", membership.rejoin, name="membership_rejoin"),
]
