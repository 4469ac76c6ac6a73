"""OAuth 1.0a signing (RFC 5849, HMAC-SHA1) against the published examples, byte for byte."""

from __future__ import annotations

import json

import httpx
import pytest

from integrations.errors import CredentialsRejected
from integrations.x import credentials as x_credentials
from integrations.x.oauth1 import (
    BearerAuth,
    OAuth1Auth,
    OAuth1Credentials,
    authorization_header,
    base_string_uri,
    hmac_sha1_signature,
    normalized_parameters,
    parse_authorization,
    percent_encode,
    request_parameters,
    signature_base_string,
)

# X's "Creating a signature" worked example (docs.x.com/fundamentals/authentication/oauth-1-0a/
# creating-a-signature): known keys, nonce and timestamp. The page's request now names the host api.x.com, but its published signature hCtSmYh+iHYCEqBWrE7C7hYmtUk= is that of
# the original api.twitter.com request: the host is part of the signed base string.
X_EXAMPLE = OAuth1Credentials(
    consumer_key="xvz1evFS4wEEPTGEFPHBog",
    consumer_secret="kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
    token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
    token_secret="LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
)
X_EXAMPLE_NONCE = "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"
X_EXAMPLE_TIMESTAMP = 1318622958
X_EXAMPLE_BODY = b"status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21"
X_EXAMPLE_BASE_STRING = (
    "POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26"
    "oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26"
    "oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26"
    "oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26"
    "status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521"
)
X_EXAMPLE_HEADER = (
    'OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", '
    'oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D", oauth_signature_method="HMAC-SHA1", '
    'oauth_timestamp="1318622958", oauth_token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", oauth_version="1.0"'
)


def _x_example_request(host: str = "api.twitter.com") -> httpx.Request:
    return httpx.Request(
        "POST",
        f"https://{host}/1.1/statuses/update.json?include_entities=true",
        content=X_EXAMPLE_BODY,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )


def _example_auth(credentials: OAuth1Credentials = X_EXAMPLE) -> OAuth1Auth:
    return OAuth1Auth(credentials, nonce=lambda: X_EXAMPLE_NONCE, clock=lambda: X_EXAMPLE_TIMESTAMP)


def test_x_documented_example_base_string_and_signature():
    request = _x_example_request()
    protocol = {
        "oauth_consumer_key": X_EXAMPLE.consumer_key,
        "oauth_nonce": X_EXAMPLE_NONCE,
        "oauth_signature_method": "HMAC-SHA1",
        "oauth_timestamp": str(X_EXAMPLE_TIMESTAMP),
        "oauth_token": X_EXAMPLE.token,
        "oauth_version": "1.0",
    }
    parameters = request_parameters(request.url, content_type=request.headers["content-type"], body=request.content)
    assert sorted(parameters) == [("include_entities", "true"), ("status", "Hello Ladies + Gentlemen, a signed OAuth request!")]
    base_string = signature_base_string("POST", request.url, [*parameters, *protocol.items()])
    assert base_string == X_EXAMPLE_BASE_STRING
    signature = hmac_sha1_signature(base_string, consumer_secret=X_EXAMPLE.consumer_secret, token_secret=X_EXAMPLE.token_secret)
    assert signature == "hCtSmYh+iHYCEqBWrE7C7hYmtUk="


def test_the_auth_writes_x_documented_authorization_header_byte_for_byte():
    request = _x_example_request()
    _example_auth().sign(request)
    assert request.headers["authorization"] == X_EXAMPLE_HEADER


def test_the_signature_covers_the_host():
    request = _x_example_request("api.x.com")
    _example_auth().sign(request)
    assert parse_authorization(request.headers["authorization"])["oauth_signature"] != "hCtSmYh+iHYCEqBWrE7C7hYmtUk="


def test_rfc_5849_section_3_4_1_1_base_string():
    """The request of RFC 5849 §3.4.1.1: query and form body parameters, a repeated name, an
    encoded `%3D`, an empty value, `+` for a space in the body; `realm` and `oauth_signature` left out."""
    url = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b"
    parameters = request_parameters(url, content_type="application/x-www-form-urlencoded", body=b"c2&a3=2+q")
    protocol = {
        "realm": "Example",
        "oauth_consumer_key": "9djdj82h48djs9d2",
        "oauth_token": "kkk9d7dh3k39sjv7",
        "oauth_signature_method": "HMAC-SHA1",
        "oauth_timestamp": "137131201",
        "oauth_nonce": "7d8f3e4a",
        "oauth_signature": "djosJKDKJSD8743243%2Fjdk33klY%3D",
    }
    assert normalized_parameters([*parameters, *protocol.items()]) == (
        "a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a"
        "&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7"
    )
    assert signature_base_string("POST", url, [*parameters, *protocol.items()]) == (
        "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26"
        "c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26"
        "oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7"
    )


def test_rfc_5849_section_1_2_signature():
    """RFC 5849 §1.2: the photo request printer.example.com makes with its token credentials."""
    url = "http://photos.example.net/photos?file=vacation.jpg&size=original"
    protocol = {
        "oauth_consumer_key": "dpf43f3p2l4k3l03",
        "oauth_token": "nnch734d00sl2jdk",
        "oauth_signature_method": "HMAC-SHA1",
        "oauth_timestamp": "137131202",
        "oauth_nonce": "chapoH",
    }
    base_string = signature_base_string("GET", url, [*request_parameters(url), *protocol.items()])
    assert hmac_sha1_signature(base_string, consumer_secret="kd94hf93k423kf44", token_secret="pfkkdhi9sl3r4s00") == (
        "MdpQcU8iPSUjWoN/UDMsK2sui9I="
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://EXAMPLE.COM:80/r%20v/X?id=123", "http://example.com/r%20v/X"),  # RFC 5849 §3.4.1.2
        ("https://www.example.net:8080/?q=1", "https://www.example.net:8080/"),  # RFC 5849 §3.4.1.2
        ("https://api.x.com:443/2/tweets", "https://api.x.com/2/tweets"),
        ("http://127.0.0.1:8123/2/users/12", "http://127.0.0.1:8123/2/users/12"),
        ("http://[::1]:8123/a", "http://[::1]:8123/a"),
    ],
)
def test_base_string_uri(url, expected):
    assert base_string_uri(url) == expected


def test_percent_encoding_keeps_only_unreserved_characters():
    assert percent_encode("Ladies + Gentlemen") == "Ladies%20%2B%20Gentlemen"
    assert percent_encode("-._~AZaz09") == "-._~AZaz09"
    assert percent_encode("a/b?c=d&e,*!'()") == "a%2Fb%3Fc%3Dd%26e%2C%2A%21%27%28%29"
    assert percent_encode("ñ☃") == "%C3%B1%E2%98%83"


def test_json_and_multipart_bodies_are_not_signed_but_the_query_is():
    json_body = json.dumps({"text": "hola"}).encode()
    assert request_parameters("https://api.x.com/2/tweets?a=1", content_type="application/json", body=json_body) == [("a", "1")]
    form_like = b"text=hola"
    assert (
        request_parameters("https://api.x.com/2/media/upload", content_type="multipart/form-data; boundary=b", body=form_like)
        == []
    )
    assert request_parameters(
        "https://api.x.com/x", content_type="application/x-www-form-urlencoded; charset=utf-8", body=form_like
    ) == [("text", "hola")]


def test_a_json_body_changes_nothing_in_the_signature():
    def signed(body: dict) -> str:
        request = httpx.Request("POST", "https://api.x.com/2/tweets", json=body)
        _example_auth().sign(request)
        return parse_authorization(request.headers["authorization"])["oauth_signature"]

    assert signed({"text": "one"}) == signed({"text": "two"})


def test_each_request_gets_its_own_nonce_and_the_current_time():
    auth = OAuth1Auth(X_EXAMPLE, clock=lambda: 1763820123.9)
    first, second = (httpx.Request("GET", "https://api.x.com/2/users/me") for _ in range(2))
    auth.sign(first)
    auth.sign(second)
    one, two = (parse_authorization(r.headers["authorization"]) for r in (first, second))
    assert one["oauth_nonce"] != two["oauth_nonce"] and len(one["oauth_nonce"]) == 32
    assert one["oauth_timestamp"] == "1763820123"


def test_authorization_header_round_trips_and_rejects_what_is_not_oauth():
    parameters = {"oauth_consumer_key": "k y", "oauth_signature": "a+b/c=", "realm": "Photos"}
    header = authorization_header(parameters)
    assert header == 'OAuth oauth_consumer_key="k%20y", oauth_signature="a%2Bb%2Fc%3D", realm="Photos"'
    assert parse_authorization(header) == parameters
    assert parse_authorization('OAuth realm="Photos",oauth_nonce="n"') == {"realm": "Photos", "oauth_nonce": "n"}
    assert parse_authorization("Bearer abc") is None
    assert parse_authorization('OAuth oauth_nonce="a", oauth_nonce="b"') is None  # a parameter twice
    assert parse_authorization("OAuth oauth_nonce=a") is None
    assert parse_authorization("OAuth ") == {}


def test_bearer_auth():
    request = httpx.Request("GET", "https://api.x.com/2/users/me")
    next(BearerAuth("tok").auth_flow(request))
    assert request.headers["authorization"] == "Bearer tok"


OAUTH1_KEYS = {"consumer_key": "ck", "consumer_secret": "cs", "access_token": "at", "access_token_secret": "ats"}


@pytest.mark.parametrize(
    ("credentials", "scheme", "missing"),
    [
        (OAUTH1_KEYS, "oauth1", ()),
        ({"access_token": "at", "consumer_secret": "cs"}, "oauth2", ()),
        ({"access_token": "at"}, "oauth2", ()),
        ({"consumer_secret": "cs"}, "", ()),
        ({}, "", ()),
        ({"consumer_key": "ck", "access_token": "at"}, "oauth1", ("consumer_secret", "access_token_secret")),
        ({"access_token_secret": "ats", "consumer_secret": "cs"}, "oauth1", ("consumer_key", "access_token")),
    ],
)
def test_which_credential_set_an_account_holds(credentials, scheme, missing):
    assert x_credentials.credential_set(credentials) == (scheme, missing)


def test_outbound_auth_per_set():
    assert isinstance(x_credentials.outbound_auth(OAUTH1_KEYS), OAuth1Auth)
    assert isinstance(x_credentials.outbound_auth({"access_token": "at"}), BearerAuth)
    with pytest.raises(CredentialsRejected, match="no access token"):
        x_credentials.outbound_auth({"consumer_secret": "cs"})
    with pytest.raises(CredentialsRejected, match="OAuth 1.0a credentials are incomplete.*: no consumer_key$"):
        x_credentials.outbound_auth({"consumer_secret": "cs", "access_token": "at", "access_token_secret": "ats"})


def test_secrets_stay_out_of_reprs():
    assert "kAcSOq" not in repr(X_EXAMPLE) and "Lswwdo" not in repr(X_EXAMPLE)
