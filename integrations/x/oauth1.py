"""OAuth 1.0a (RFC 5849) request signing with HMAC-SHA1, the way X's user-context endpoints take it.

A request is signed over its *signature base string* (RFC 5849 §3.4.1):
`METHOD&enc(base URI)&enc(normalized parameters)`, where the parameters are the query string's,
the `application/x-www-form-urlencoded` body's (single-part form bodies only: never JSON or
multipart) and the `oauth_*` protocol parameters except `oauth_signature` and `realm`. The
HMAC-SHA1 key is `enc(consumer secret)&enc(token secret)`; the signature is its base64 digest.
The parameters travel in `Authorization: OAuth k="v", …`.

The RFC's steps are oauthlib's (`oauthlib.oauth1.rfc5849.signature`); this module says which of
the request's parts go into them, and adapts them to httpx. The same functions serve both ends:
`OAuth1Auth` signs what our X client sends, and the local X fake recomputes the signature of
what it receives (`signature_base_string`, `parse_authorization`).
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable, Generator, Iterable, Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import parse_qsl

import httpx
from oauthlib.oauth1.rfc5849 import signature as rfc5849
from oauthlib.oauth1.rfc5849 import utils as rfc5849_utils

SIGNATURE_METHOD = "HMAC-SHA1"
VERSION = "1.0"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
_HEADER_PARAM = re.compile(r'\s*([^=\s,]+)\s*=\s*"([^"]*)"\s*(?:,|$)')


@dataclass(frozen=True, slots=True)
class OAuth1Credentials:
    """An X app's consumer key/secret (API key and secret) and one account's access token/secret."""

    consumer_key: str
    consumer_secret: str = field(repr=False)
    token: str
    token_secret: str = field(repr=False)


def percent_encode(value: str) -> str:
    """RFC 5849 §3.6: UTF-8, then every byte but the RFC 3986 unreserved ones as `%XX` (upper-case hex)."""
    return rfc5849_utils.escape(value)


def base_string_uri(url: httpx.URL | str) -> str:
    """RFC 5849 §3.4.1.2: lower-case scheme and host, the port only when not the scheme's
    default, the path as sent (no query, no fragment)."""
    return rfc5849.base_string_uri(str(httpx.URL(url)))


def form_parameters(text: str) -> list[tuple[str, str]]:
    """A query string or form body decoded as `application/x-www-form-urlencoded` (`+` is a space)."""
    return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="replace")


def request_parameters(url: httpx.URL | str, *, content_type: str = "", body: bytes = b"") -> list[tuple[str, str]]:
    """The request's own parameters the signature covers (RFC 5849 §3.4.1.3.1): the query
    string's, plus the body's when the body is a single-part form. JSON and multipart bodies are
    not signed (X signs JSON bodies' requests over the query and `oauth_*` parameters only)."""
    url = httpx.URL(url)
    parameters = form_parameters(url.query.decode("ascii", "replace"))
    if body and content_type.split(";", 1)[0].strip().lower() == FORM_CONTENT_TYPE:
        parameters += form_parameters(body.decode("utf-8", "replace"))
    return parameters


def normalized_parameters(parameters: Iterable[tuple[str, str]]) -> str:
    """RFC 5849 §3.4.1.3.2: encode names and values, sort by name then value, join `name=value` with `&`.
    `oauth_signature` and `realm` are left out."""
    return rfc5849.normalize_parameters([(name, value) for name, value in parameters if name not in ("oauth_signature", "realm")])


def signature_base_string(method: str, url: httpx.URL | str, parameters: Iterable[tuple[str, str]]) -> str:
    """RFC 5849 §3.4.1.1: `METHOD&enc(base string URI)&enc(normalized parameters)`; `parameters`
    holds the request's and the `oauth_*` ones."""
    return rfc5849.signature_base_string(method.upper(), base_string_uri(url), normalized_parameters(parameters))


def hmac_sha1_signature(base_string: str, *, consumer_secret: str, token_secret: str) -> str:
    """RFC 5849 §3.4.2: base64 of HMAC-SHA1 keyed with `enc(consumer secret)&enc(token secret)`."""
    secrets_of = SimpleNamespace(client_secret=consumer_secret, resource_owner_secret=token_secret)
    return rfc5849.sign_hmac_sha1_with_client(base_string, secrets_of)


def oauth_parameters(
    method: str,
    url: httpx.URL | str,
    credentials: OAuth1Credentials,
    *,
    request_params: Iterable[tuple[str, str]] = (),
    nonce: str,
    timestamp: str,
) -> dict[str, str]:
    """The seven `oauth_*` parameters of one request, `oauth_signature` included."""
    protocol = {
        "oauth_consumer_key": credentials.consumer_key,
        "oauth_nonce": nonce,
        "oauth_signature_method": SIGNATURE_METHOD,
        "oauth_timestamp": timestamp,
        "oauth_token": credentials.token,
        "oauth_version": VERSION,
    }
    base_string = signature_base_string(method, url, [*request_params, *protocol.items()])
    signature = hmac_sha1_signature(
        base_string, consumer_secret=credentials.consumer_secret, token_secret=credentials.token_secret
    )
    return {**protocol, "oauth_signature": signature}


def authorization_header(parameters: Mapping[str, str]) -> str:
    """RFC 5849 §3.5.1: `OAuth name="value", …` with names and values percent-encoded (sorted, as X shows it)."""
    return "OAuth " + ", ".join(f'{percent_encode(name)}="{percent_encode(value)}"' for name, value in sorted(parameters.items()))


def parse_authorization(header: str) -> dict[str, str] | None:
    """The parameters of an `Authorization: OAuth …` header, decoded; None when the header is not
    OAuth or not well-formed: a value not quoted, or a parameter given twice (oauthlib's parser
    reads the first case leniently and cannot see the second)."""
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "oauth":
        return None
    parameters: dict[str, str] = {}
    position = 0
    rest = rest.strip()
    while position < len(rest):
        match = _HEADER_PARAM.match(rest, position)
        if match is None:
            return None
        name, value = rfc5849_utils.unescape(match.group(1)), rfc5849_utils.unescape(match.group(2))
        if name in parameters:
            return None
        parameters[name] = value
        position = match.end()
    return parameters


class OAuth1Auth(httpx.Auth):
    """Signs each request with OAuth 1.0a HMAC-SHA1 in the `Authorization` header: a fresh nonce
    (32 hex characters) and the current Unix time per request. `nonce` and `clock` are for tests."""

    requires_request_body = True  # a form body's parameters are signed

    def __init__(
        self,
        credentials: OAuth1Credentials,
        *,
        nonce: Callable[[], str] = lambda: secrets.token_hex(16),
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.credentials = credentials
        self._nonce = nonce
        self._clock = clock

    def sign(self, request: httpx.Request) -> None:
        parameters = oauth_parameters(
            request.method,
            request.url,
            self.credentials,
            request_params=request_parameters(
                request.url, content_type=request.headers.get("content-type", ""), body=request.content
            ),
            nonce=self._nonce(),
            timestamp=str(int(self._clock())),
        )
        request.headers["Authorization"] = authorization_header(parameters)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self.sign(request)
        yield request


class BearerAuth(httpx.Auth):
    """OAuth 2.0: `Authorization: Bearer <token>`."""

    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request
