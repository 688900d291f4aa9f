from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address for login throttling (django-axes).

    Behind TRUSTED_PROXY_COUNT proxies, each appends the address it received the request from to
    X-Forwarded-For, so the client is the entry that many places from the end; anything before it
    may be forged by the client. Without a proxy, REMOTE_ADDR is the client.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
