"""Every error leaves the API as `{"error": code, "detail": text, "field": name-or-null}`.

The handlers are registered on the NinjaAPI here, in one place; routers just raise
`mercato.core.errors` errors (or let Ninja refuse malformed input) and document the status codes
with `error_responses`.
"""
from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from mercato.api.schemas import ErrorOut
from mercato.core.errors import DomainError

log = logging.getLogger(__name__)

_CODES_BY_STATUS = {400: "bad_request", 401: "unauthorized", 403: "not_allowed", 404: "not_found",
                    405: "method_not_allowed", 413: "too_large", 422: "invalid", 429: "too_many_requests"}
# Where Ninja found the input: the first element of a pydantic error's `loc`.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def error_body(code: str, detail: str, field: str | None = None) -> dict:
    return {"error": code, "detail": detail, "field": field}


def error_responses(*statuses: int) -> dict:
    """`{status: ErrorOut}` for an operation's `response=`, so the schema lists every refusal."""
    return {status: ErrorOut for status in statuses}


def install_error_handlers(api: NinjaAPI) -> None:
    api.add_exception_handler(DomainError, partial(_domain_error, api=api))
    api.add_exception_handler(ValidationError, partial(_validation_error, api=api))
    api.add_exception_handler(HttpError, partial(_http_error, api=api))
    api.add_exception_handler(Http404, partial(_not_found, api=api))
    api.add_exception_handler(SuspiciousOperation, partial(_suspicious_request, api=api))
    api.add_exception_handler(Exception, partial(_server_error, api=api))


def _domain_error(request: HttpRequest, exc: DomainError, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.http_status)


def _validation_error(request: HttpRequest, exc: ValidationError, api: NinjaAPI) -> HttpResponse:
    errors = exc.errors or [{"loc": (), "msg": "invalid input", "type": "value_error"}]
    first = errors[0]
    field = field_name(first.get("loc", ()))
    detail = describe(first, field)
    if len(errors) > 1:
        detail += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return api.create_response(request, error_body("invalid", detail, field), status=422)


def field_name(loc) -> str | None:
    """The input a pydantic error is about, as the client wrote it: `price_minor`, `rows.3.quantity`.

    Ninja's locations start with the source and, for a body, the name of the view's body parameter
    (`("body", "payload", "price_minor")`); neither is something the client sent.
    """
    parts = list(loc)
    source = parts.pop(0) if parts and parts[0] in _SOURCES else "body"
    if source != "body":
        # Query, path and header parameters are flat: a repeated one (`?condition=a&condition=b`)
        # is named without its index, and a schema grouping them is no name the client sent.
        names = [part for part in parts if isinstance(part, str)]
        return names[-1] if names else None
    return ".".join(str(part) for part in parts[1:]) or None


def describe(error: dict, field: str | None) -> str:
    kind = error.get("type", "")
    message = str(error.get("msg", "invalid input"))
    if field is None:
        if kind == "missing":
            return "the request body is required"
        return message[0].lower() + message[1:] if message else "invalid input"
    if kind == "missing":
        return f"{field} is required"
    if kind == "extra_forbidden":
        return f"{field} is not a field of this request"
    if message.startswith("Input should"):
        return f"{field} should" + message[len("Input should"):]
    if message.startswith("String should"):
        return f"{field} should" + message[len("String should"):]
    if message.startswith("List should"):
        return f"{field} should" + message[len("List should"):]
    return f"{field}: {message}"


def _http_error(request: HttpRequest, exc: HttpError, api: NinjaAPI) -> HttpResponse:
    code = _CODES_BY_STATUS.get(exc.status_code, "error")
    if isinstance(exc, AuthenticationError):
        detail = "send a valid, unrevoked API key as 'Authorization: Bearer mk_...'"
    elif exc.status_code == 400:
        detail = "the request body is not valid JSON"
    else:
        detail = str(exc)
    response = api.create_response(request, error_body(code, detail), status=exc.status_code)
    if exc.status_code == 401:
        response["WWW-Authenticate"] = 'Bearer realm="mercato"'
    return response


def _not_found(request: HttpRequest, exc: Http404, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, error_body("not_found", "not found"), status=404)


def _suspicious_request(request: HttpRequest, exc: SuspiciousOperation, api: NinjaAPI) -> HttpResponse:
    if isinstance(exc, RequestDataTooBig):
        limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        return api.create_response(request, error_body("too_large", f"the request body is over {limit_mb} MB"),
                                   status=413)
    return api.create_response(request, error_body("bad_request", "the request was refused"), status=400)


def _server_error(request: HttpRequest, exc: Exception, api: NinjaAPI) -> HttpResponse:
    log.error("API request %s %s failed", request.method, request.path, exc_info=exc)
    # As Django does for a view that raises: error reporters (and the test client) listen for this.
    got_request_exception.send(sender=None, request=request)
    return api.create_response(request, error_body("server_error", "something went wrong on our side"),
                               status=500)
