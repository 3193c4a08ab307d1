"""The `mercato` command: run, load and maintain a Mercato marketplace."""
from __future__ import annotations

import argparse
import json
import os
import sys
import time


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mercato.settings")
    from django.conf import settings

    settings.MERCATO_HOME.mkdir(parents=True, exist_ok=True)
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # served by whitenoise; empty until collectstatic
    import django

    django.setup()


def _migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def cmd_serve(args) -> int:
    _setup_django()
    from waitress import serve

    from mercato.wsgi import application

    print(f"Serving Mercato at http://{args.host}:{args.port}/ (Ctrl+C to stop)", flush=True)
    serve(application, host=args.host, port=args.port, threads=args.threads, ident="mercato")
    return 0


def cmd_worker(args) -> int:
    """Run the job queue's worker: the scheduled jobs (every minute: release abandoned placements and send
    notifications; hourly: complete delivered orders; daily at 03:00 UTC: the payout run) and background work."""
    _setup_django()
    from django.core.management import call_command

    print(f"Mercato worker: {args.workers} threads, queue {_queue_description()} (Ctrl+C to stop)", flush=True)
    call_command("run_huey", workers=args.workers, worker_type="thread")
    return 0


def _queue_description() -> str:
    from django.conf import settings

    return settings.MERCATO_QUEUE_URL or settings.HUEY.get("filename", "")


def _start_worker():
    """The demo runs its scheduled jobs in a worker process beside the web server; it logs to
    MERCATO_HOME/worker.log, and stops with the demo (also when the demo is sent SIGTERM)."""
    import signal
    import subprocess

    from django.conf import settings

    log = open(settings.MERCATO_HOME / "worker.log", "ab")
    worker = subprocess.Popen([sys.executable, "-m", "mercato.cli", "worker", "--workers", "1"],
                              stdout=log, stderr=subprocess.STDOUT)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    return worker


def cmd_migrate(args) -> int:
    _setup_django()
    _migrate(verbosity=1)
    return 0


def cmd_load_demo(args) -> int:
    _setup_django()
    _migrate()
    if args.catalog == "esci":
        from mercato.demo.load_esci import esci_is_loaded, load_esci_demo

        if esci_is_loaded():
            print("The ESCI catalogue is already loaded in Mercato US (it is loaded once: products are keyed by "
                  "ASIN).")
            return 0
        load = load_esci_demo
    else:
        from mercato.demo.load import demo_is_loaded, load_demo

        if demo_is_loaded() and not args.force:
            print("The demo marketplace is already loaded (use --force to add it again).")
            return 0
        load = load_demo
    started = time.perf_counter()
    summary = load(seed=args.seed)
    print(f"Loaded {summary.products:,} products, {summary.offers:,} offers from {summary.sellers} sellers "
          f"in {time.perf_counter() - started:.1f}s.")
    if not args.no_index:
        return cmd_reindex(args)
    return 0


def cmd_generate_catalog(args) -> int:
    _setup_django()
    _migrate()
    from mercato.demo.load import generate_catalog

    started = time.perf_counter()
    summary = generate_catalog(products=args.products, seed=args.seed, third_party_sellers=args.sellers)
    print(json.dumps({"products": summary.products, "offers": summary.offers, "sellers": summary.sellers,
                      "seconds": round(time.perf_counter() - started, 1)}))
    if not args.no_index:
        return cmd_reindex(args)
    return 0


def cmd_reindex(args) -> int:
    _setup_django()
    from mercato.search.engine import IndexBusy
    from mercato.search.services import rebuild_index

    started = time.perf_counter()
    try:
        count = rebuild_index()
    except IndexBusy:
        print("The search index is being written by another process; try again in a moment.", file=sys.stderr)
        return 1
    print(f"Indexed {count:,} product documents in {time.perf_counter() - started:.1f}s.")
    return 0


def cmd_embed_products(args) -> int:
    """Embed the products on sale for semantic matching: only new and changed ones, and drop those off sale."""
    _setup_django()
    from mercato.core.errors import DomainError
    from mercato.search.embeddings import build_product_vectors

    started = time.perf_counter()
    try:
        builds = build_product_vectors(marketplace_code=args.marketplace)
    except DomainError as error:
        print(error.detail, file=sys.stderr)
        return 2
    for build in builds:
        print(f"{build.marketplace_code}: {build.products:,} products with vectors, {build.embedded:,} embedded now, "
              f"{build.removed:,} removed (off sale).")
    print(f"Done in {time.perf_counter() - started:.1f}s.")
    return 0


def cmd_demo(args) -> int:
    """Everything `make demo` does: migrate, load the demo once, index it once, print the way in, serve."""
    _setup_django()
    _migrate()
    from django.conf import settings

    from mercato.demo.load import DEMO_LOGINS, DEMO_PASSWORD, demo_is_loaded, load_demo
    from mercato.search.services import product_index, rebuild_index

    if not demo_is_loaded():
        print("Loading the demo marketplace (first run only)…", flush=True)
        summary = load_demo()
        print(f"  {summary.products:,} products, {summary.offers:,} offers, {summary.sellers} sellers")
    if product_index().count() == 0:
        print("Building the search index (first run only)…", flush=True)
        print(f"  {rebuild_index():,} documents")
    from mercato.search.embeddings import vectors_built
    from mercato.search.tasks import build_product_vectors_job

    if not vectors_built():
        # About a minute for the demo catalogue on two cores: the worker started below does it, and search
        # matches words alone until then.
        build_product_vectors_job()
        print("Embedding the products for semantic search in the worker (first run only, about a minute)…",
              flush=True)
    base = f"http://{args.host}:{args.port}"
    print(f"""
Mercato demo marketplace
  Storefront      {base}/
  Seller Central  {base}/seller/
  Ops console     {base}/ops/
  Django admin    {base}/admin/
  API docs        {base}/api/v1/docs

Scheduled jobs (notifications, payouts…) run in a worker started alongside (log: {settings.MERCATO_HOME / 'worker.log'}).

Demo log-ins (password for all: {DEMO_PASSWORD})
  shopper   {DEMO_LOGINS['shopper']}
  seller    {DEMO_LOGINS['seller']}
  operator  {DEMO_LOGINS['operator']}
""", flush=True)
    worker = _start_worker()
    try:
        return cmd_serve(args)
    finally:
        worker.terminate()
        worker.wait(timeout=10)


def cmd_run_jobs(args) -> int:
    """Run the frequent jobs once, and the payout run with --payouts, printing one line about each."""
    _setup_django()
    from collections import defaultdict

    from mercato.core.money import format_money
    from mercato.core.outbox import deliver_pending_events
    from mercato.fulfillment.shipping import process_network
    from mercato.membership.renewals import renew_due_memberships
    from mercato.orders.placement import release_abandoned_orders
    from mercato.orders.services import complete_delivered_orders
    from mercato.search.signals import RECOMPUTE_AFTER, compute_all_search_signals
    from mercato.sellers.payouts import run_payouts
    from mercato.webhooks.delivery import deliver_due

    released = release_abandoned_orders()
    print(f"release-abandoned-orders: undid {released} order{'s' if released != 1 else ''} whose payment never "
          "finished (their units are back on sale).", flush=True)
    completed = complete_delivered_orders()
    print(f"complete-delivered-orders: {completed} delivered order{'s' if completed != 1 else ''} completed "
          "(return window over).", flush=True)
    run = renew_due_memberships()
    print(f"renew-memberships: {run.renewed} renewed, {run.failed} failed (to retry), {run.ended} ended.",
          flush=True)
    moved = process_network()
    print(f"process-network: {moved['shipped']} parcels shipped, {moved['carrier_events']} tracking events, "
          f"{moved['seller_orders_delivered']} seller orders delivered.", flush=True)
    sent = deliver_pending_events()
    print(f"deliver-notifications: {sent} email{'s' if sent != 1 else ''} sent.", flush=True)
    attempted = deliver_due()
    print(f"deliver-webhooks: {attempted} webhook deliver{'ies' if attempted != 1 else 'y'} attempted.", flush=True)
    signals = compute_all_search_signals(older_than=RECOMPUTE_AFTER)
    products, pairs = sum(s.product_signals for s in signals), sum(s.query_signals for s in signals)
    print(f"search-signals: {len(signals)} marketplace{'s' if len(signals) != 1 else ''} due (hourly) recomputed: "
          f"{products:,} product{'s' if products != 1 else ''}, "
          f"{pairs:,} query-product pair{'s' if pairs != 1 else ''}.", flush=True)
    if not args.payouts:
        return 0
    payouts = run_payouts()
    totals = defaultdict(int)
    for payout in payouts:
        totals[payout.currency] += payout.amount_minor
    paid = ", ".join(format_money(amount, currency) for currency, amount in sorted(totals.items())) or "nothing"
    print(f"run-payouts: {len(payouts)} payout{'s' if len(payouts) != 1 else ''} sent ({paid}).", flush=True)
    return 0


def cmd_advance_clock(args) -> int:
    """Move the simulated carrier's clock forward and print what moved."""
    _setup_django()
    from mercato.fulfillment.shipping import advance_clock, clock_now

    if not (0 < args.hours <= 2160):
        print("--hours must be more than 0 and at most 2160 (90 days)", file=sys.stderr)
        return 2
    moved = advance_clock(hours=args.hours)
    print(f"The carrier's clock now reads {clock_now():%a %d %b %Y %H:%M}: {moved['shipped']} parcels shipped, "
          f"{moved['carrier_events']} tracking events, {moved['payments_captured']} payments captured, "
          f"{moved['seller_orders_delivered']} seller orders delivered.", flush=True)
    return 0


def cmd_manage(args) -> int:
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["mercato manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mercato",
        description="Run and maintain a Mercato marketplace. Settings come from the environment: "
                    "DATABASE_URL (default: SQLite in ./var), MERCATO_HOME (default ./var), SECRET_KEY, DEBUG.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def serve_options(sub):
        sub.add_argument("--host", default="127.0.0.1")
        sub.add_argument("--port", type=int, default=8000)
        sub.add_argument("--threads", type=int, default=8, help="request threads (default 8)")

    sub = commands.add_parser("demo", help="set up the demo marketplace on first run, then serve it",
                              description=cmd_demo.__doc__)
    serve_options(sub)
    sub.set_defaults(handler=cmd_demo)

    sub = commands.add_parser("serve", help="serve the web site, Seller Central, ops console and API (waitress)")
    serve_options(sub)
    sub.set_defaults(handler=cmd_serve)

    sub = commands.add_parser("worker", help="run the job queue's worker: scheduled jobs and background work",
                              description=cmd_worker.__doc__)
    sub.add_argument("--workers", type=int, default=2, help="worker threads (default 2)")
    sub.set_defaults(handler=cmd_worker)

    sub = commands.add_parser("migrate", help="create or update the database tables")
    sub.set_defaults(handler=cmd_migrate)

    sub = commands.add_parser("load-demo", help="load the demo marketplace (UCI Online Retail catalogue, "
                                                "third-party sellers, demo log-ins) and index it")
    sub.add_argument("--catalog", choices=("uci", "esci"), default="uci",
                     help="uci (default): a UK gift-ware retailer's products in Mercato UK (GBP); esci: Amazon US "
                          "products from the ESCI shopping-queries data set in a second marketplace, Mercato US "
                          "(USD), next to the UK one")
    sub.add_argument("--seed", type=int, default=7, help="seed for the generated sellers and offers")
    sub.add_argument("--force", action="store_true", help="load the UCI catalogue even if products already exist")
    sub.add_argument("--no-index", action="store_true", help="skip rebuilding the search index")
    sub.set_defaults(handler=cmd_load_demo)

    sub = commands.add_parser("generate-catalog", help="add a synthetic catalogue of N products with offers "
                                                       "(deterministic; for benchmarks) and index it")
    sub.add_argument("--products", type=int, required=True, help="how many products, e.g. 100000")
    sub.add_argument("--seed", type=int, default=1)
    sub.add_argument("--sellers", type=int, default=50, help="third-party sellers competing on offers")
    sub.add_argument("--no-index", action="store_true", help="skip rebuilding the search index")
    sub.set_defaults(handler=cmd_generate_catalog)

    sub = commands.add_parser("reindex", help="rebuild the search index from the database")
    sub.set_defaults(handler=cmd_reindex)

    sub = commands.add_parser("embed-products", help="build the semantic vectors of the products on sale (new and "
                                                     "changed ones only)", description=cmd_embed_products.__doc__)
    sub.add_argument("--marketplace", default=None, help="a marketplace code, e.g. gb (default: every marketplace)")
    sub.set_defaults(handler=cmd_embed_products)

    sub = commands.add_parser(
        "run-jobs", help="run the scheduled jobs once: undo abandoned placements, complete delivered orders, "
                         "and with --payouts pay sellers",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="""Run the scheduled jobs once, in this order, and print a one-line summary of each:

  release-abandoned-orders   give back the units of orders whose payment never finished
  complete-delivered-orders  close orders delivered longer ago than the return window
  renew-memberships          charge memberships whose period ended, retry failed
                             renewals, end lapsed ones
  process-network            ship parcels due at the fulfillment centers' cut-off and
                             apply the carrier's tracking events so far
  deliver-notifications      send the recorded email notifications (files in
                             MERCATO_HOME/mail unless EMAIL_BACKEND names a mail server)
  deliver-webhooks           send webhook deliveries that are new or due for a retry
  search-signals             recompute the search ranking signals from searches, clicks,
                             orders and offers (each marketplace at most once an hour)
  run-payouts (--payouts)    release earnings past the reserve period, then pay every
                             seller's available balance

Schedule `mercato run-jobs` every few minutes, so units held by a placement that died
come back on sale soon, and `mercato run-jobs --payouts` once a day. Every job is safe
to repeat and to run from several hosts at once.""")
    sub.add_argument("--payouts", action="store_true", help="also run the seller payout run (daily)")
    sub.set_defaults(handler=cmd_run_jobs)

    sub = commands.add_parser(
        "advance-clock", help="move the simulated carrier's clock forward: parcels ship at their center's cut-off "
                              "and travel on towards delivery")
    sub.add_argument("--hours", type=float, required=True, help="how far to move it (at most 2160)")
    sub.set_defaults(handler=cmd_advance_clock)

    sub = commands.add_parser("manage", help="run a Django management command (e.g. createsuperuser)")
    sub.add_argument("rest", nargs=argparse.REMAINDER)
    sub.set_defaults(handler=cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
