"""Where django-ipware (through django-axes) finds the client's address, given how many
trusted proxies stand in front of the service. Pure: settings.py and tests call it."""

FORWARDED = "HTTP_X_FORWARDED_FOR"
CONNECTION = "REMOTE_ADDR"


def header_order(trusted_proxies: int) -> tuple[str, ...]:
    """With no proxy, a client could write X-Forwarded-For itself: use the connection only."""
    return (FORWARDED, CONNECTION) if trusted_proxies else (CONNECTION,)


def proxies_in_header(trusted_proxies: int) -> int | None:
    """ipware counts the proxies named inside X-Forwarded-For; the nearest proxy is not
    (it is the connection), so one proxy means none in the header: the right-most entry."""
    return trusted_proxies - 1 if trusted_proxies else None
