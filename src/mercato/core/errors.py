"""Domain errors. Services raise these; the API and the HTML forms translate them in one place each."""


class DomainError(Exception):
    """A refused business action: `code` for machines, `detail` for people, `field` names the input."""

    code = "error"
    http_status = 400

    def __init__(self, detail: str, *, field: str | None = None, code: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.field = field
        if code:
            self.code = code

    def as_dict(self) -> dict:
        return {"error": self.code, "detail": self.detail, "field": self.field}


class Invalid(DomainError):
    """The input is malformed or out of range."""

    code = "invalid"
    http_status = 422


class NotFound(DomainError):
    code = "not_found"
    http_status = 404


class NotAllowed(DomainError):
    """The actor may not do this (wrong owner, wrong state of their account)."""

    code = "not_allowed"
    http_status = 403


class Conflict(DomainError):
    """The action clashes with existing data (a duplicate, a stale version)."""

    code = "conflict"
    http_status = 409
