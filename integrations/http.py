"""The HTTP client every platform call starts from, with one TLS configuration per process.

Building an `httpx.Client` loads the CA bundle into a fresh `ssl.SSLContext`: ≈ 40 ms of CPU
each time (measured on the 2-core machine), paid by every send, media download and profile
lookup, and enough to delay the inbound drain running beside a burst of them. The context
is built once (as httpx builds it: certifi's bundle, or SSL_CERT_FILE / SSL_CERT_DIR) and
shared; an SSLContext is safe to share between clients and threads.
"""

from __future__ import annotations

import ssl
from functools import cache
from typing import Any

import httpx


@cache
def tls_context() -> ssl.SSLContext:
    return httpx.create_ssl_context()


def http_client(**options: Any) -> httpx.Client:
    """An `httpx.Client` with `options`, verifying certificates with the shared context."""
    return httpx.Client(verify=tls_context(), **options)
