"""Which of X's two user-context credential sets an account holds, and the `httpx.Auth` it sends with.

* OAuth 2.0 (authorization code with PKCE): `access_token`, sent as a bearer token.
* OAuth 1.0a: the app's `consumer_key` and `consumer_secret` (API key and secret) and the account's
  `access_token` and `access_token_secret`; each request signed with HMAC-SHA1 (`oauth1`).

`consumer_secret` is also what the Account Activity webhook's CRC answer and signature are keyed
with (`integrations.x.verify`), whichever set sends: one value, stored once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import httpx

from integrations.errors import CredentialsRejected
from integrations.x.oauth1 import BearerAuth, OAuth1Auth, OAuth1Credentials

OAUTH1: Literal["oauth1"] = "oauth1"
OAUTH2: Literal["oauth2"] = "oauth2"
AuthScheme = Literal["oauth1", "oauth2", ""]

OAUTH1_CREDENTIALS = ("consumer_key", "consumer_secret", "access_token", "access_token_secret")
OAUTH2_CREDENTIALS = ("access_token",)
# Only OAuth 1.0a has these: either one given means the admin chose OAuth 1.0a.
OAUTH1_ONLY = ("consumer_key", "access_token_secret")


def credential_set(credentials: Mapping[str, str]) -> tuple[AuthScheme, tuple[str, ...]]:
    """The set the account holds and the fields it still lacks:
    `("oauth1", missing)` as soon as `consumer_key` or `access_token_secret` is there (all four
    are then needed); `("oauth2", ())` for an `access_token` alone; `("", ())` for neither (the
    account can answer webhooks, not send)."""
    if any(credentials.get(name) for name in OAUTH1_ONLY):
        return OAUTH1, tuple(name for name in OAUTH1_CREDENTIALS if not credentials.get(name))
    if credentials.get("access_token"):
        return OAUTH2, ()
    return "", ()


def outbound_auth(credentials: Mapping[str, str]) -> httpx.Auth:
    """How requests to X authenticate for this account; `CredentialsRejected` naming what is missing."""
    scheme, missing = credential_set(credentials)
    if scheme == OAUTH1:
        if missing:
            raise CredentialsRejected(f"OAuth 1.0a credentials are incomplete for this channel account: no {', '.join(missing)}")
        return OAuth1Auth(
            OAuth1Credentials(
                consumer_key=credentials["consumer_key"],
                consumer_secret=credentials["consumer_secret"],
                token=credentials["access_token"],
                token_secret=credentials["access_token_secret"],
            )
        )
    if scheme == OAUTH2:
        return BearerAuth(credentials["access_token"])
    raise CredentialsRejected("no access token configured for this channel account (OAuth 2.0 token or OAuth 1.0a keys)")
