"""ImapPoller (imapclient) against the IMAP fake over a real socket on 127.0.0.1."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from integrations.email.imap import ImapPoller
from integrations.email.parse import parse
from integrations.errors import CredentialsRejected, PlatformError
from integrations.events import InboundMessage
from integrations.fakes.imap import FakeImap
from integrations.fakes.tls import self_signed_tls

FIXTURES = Path(__file__).parent / "fixtures" / "email"
MAILBOX = "soporte@solymar.example"


def eml(name: str) -> bytes:
    return (FIXTURES / f"{name}.eml").read_bytes()


@pytest.fixture
def imap():
    with FakeImap(username=MAILBOX, password="imap-s3cret", uidvalidity=1763700000) as server:
        yield server


def poller_for(server: FakeImap, **overrides: str) -> ImapPoller:
    return ImapPoller(credentials=server.credentials(**overrides), account_external_id=MAILBOX, timeout=5)


def test_first_poll_fetches_everything_byte_exact(imap):
    names = ["plain_es_latin1", "multipart_alternative_pl", "attachments"]
    uids = [imap.add_message(eml(name)) for name in names]
    result = poller_for(imap).fetch_new(since_uid=0, uidvalidity=None)
    assert result.uidvalidity == 1763700000
    assert [uid for uid, _ in result.messages] == uids == [1, 2, 3]
    assert [raw for _, raw in result.messages] == [eml(name) for name in names]
    assert result.last_uid == 3 and not result.reset and not result.has_more
    (message,) = parse(result.messages[0][1], mailbox_address=MAILBOX)
    assert isinstance(message, InboundMessage) and message.sender.display_name == "José Martínez Peña"


def test_next_poll_returns_only_new_mail(imap):
    imap.add_message(eml("plain_es_latin1"))
    poller = poller_for(imap)
    first = poller.fetch_new(since_uid=0, uidvalidity=None)
    nothing = poller.fetch_new(since_uid=first.last_uid, uidvalidity=first.uidvalidity)
    # "UID 2:*" matches the newest message (UID 1) on a real server too: the poller filters it out
    assert nothing.messages == () and nothing.last_uid == 1
    imap.add_message(eml("reply_threaded"))
    new = poller.fetch_new(since_uid=nothing.last_uid, uidvalidity=nothing.uidvalidity)
    assert [(uid, raw) for uid, raw in new.messages] == [(2, eml("reply_threaded"))]
    assert new.last_uid == 2


def test_polling_is_read_only_and_never_marks_seen(imap):
    imap.add_message(eml("html_only_en"))
    poller_for(imap).fetch_new(since_uid=0, uidvalidity=None)
    assert imap.folders["INBOX"].messages[0].flags == set()
    commands = [line.split(" ", 1)[1] for line in imap.commands]
    assert any(command.startswith("EXAMINE") for command in commands)
    assert not any(command.startswith("SELECT") for command in commands)
    assert any("BODY.PEEK[]" in command for command in commands)


def test_batches(imap):
    for _ in range(5):
        imap.add_message(eml("no_message_id"))
    poller = poller_for(imap)
    first = poller.fetch_new(since_uid=0, uidvalidity=None, batch_size=2)
    assert [uid for uid, _ in first.messages] == [1, 2] and first.has_more and first.last_uid == 2
    rest = poller.fetch_new(since_uid=first.last_uid, uidvalidity=first.uidvalidity, batch_size=10)
    assert [uid for uid, _ in rest.messages] == [3, 4, 5] and not rest.has_more


def test_uidvalidity_change_starts_over(imap):
    imap.add_message(eml("plain_es_latin1"))
    imap.add_message(eml("html_only_en"))
    poller = poller_for(imap)
    first = poller.fetch_new(since_uid=0, uidvalidity=None)
    new_validity = imap.renumber()
    again = poller.fetch_new(since_uid=first.last_uid, uidvalidity=first.uidvalidity)
    assert again.reset and again.uidvalidity == new_validity != first.uidvalidity
    assert [uid for uid, _ in again.messages] == [1, 2]
    # the caller dedupes the refetched mail by Message-ID
    assert {parse(raw)[0].external_id for _, raw in again.messages} == {parse(raw)[0].external_id for _, raw in first.messages}


def test_other_folder(imap):
    imap.add_message(eml("echo_ours"), folder="Sent")
    result = poller_for(imap, imap_folder="Sent").fetch_new(since_uid=0, uidvalidity=None)
    assert [raw for _, raw in result.messages] == [eml("echo_ours")]


def test_wrong_password_is_credentials_rejected(imap):
    with pytest.raises(CredentialsRejected):
        poller_for(imap, imap_password="nope").fetch_new(since_uid=0, uidvalidity=None)


def test_missing_folder(imap):
    with pytest.raises(PlatformError) as error:
        poller_for(imap, imap_folder="Archive/2019").fetch_new(since_uid=0, uidvalidity=None)
    assert error.value.code == "folder" and not error.value.retryable


def test_check_returns_uidvalidity(imap):
    assert poller_for(imap).check() == 1763700000


def test_unreachable_server_is_retryable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    poller = ImapPoller(
        credentials={"imap_host": "127.0.0.1", "imap_port": str(port), "imap_username": "u", "imap_password": "p"}, timeout=2
    )
    with pytest.raises(PlatformError) as error:
        poller.fetch_new(since_uid=0, uidvalidity=None)
    assert error.value.retryable


def test_credentials_defaults():
    poller = ImapPoller(credentials={"imap_host": "imap.solymar.example", "imap_username": "u", "imap_password": "p"})
    assert (poller.port, poller.use_ssl, poller.folder) == (993, True, "INBOX")
    assert not ImapPoller(credentials={"imap_host": "h", "imap_port": "143"}).use_ssl
    with pytest.raises(CredentialsRejected):
        ImapPoller(credentials={})
    assert ImapPoller(credentials={"imap_host": "h", "imap_port": "1993", "imap_security": "tls"}).use_ssl
    with pytest.raises(CredentialsRejected, match="imap_security"):
        ImapPoller(credentials={"imap_host": "h", "imap_security": "ssl3"})


# --- Over TLS ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tls():
    return self_signed_tls("127.0.0.1")


def test_a_mailbox_over_tls_is_polled_with_the_certificate_checked(tls):
    with FakeImap(username=MAILBOX, password="imap-s3cret", tls_context=tls.server_context) as server:
        uid = server.add_message(eml("plain_es_latin1"))
        poller = ImapPoller(credentials=server.credentials(), account_external_id=MAILBOX, timeout=5, ssl_context=tls.client_context)
        assert poller.use_ssl
        result = poller.fetch_new(since_uid=0, uidvalidity=None)
    assert [(u, raw) for u, raw in result.messages] == [(uid, eml("plain_es_latin1"))]


def test_an_untrusted_certificate_is_refused_not_ignored(tls):
    """The default context trusts the system's authorities only: a self-signed server is refused."""
    with FakeImap(username=MAILBOX, password="imap-s3cret", tls_context=tls.server_context) as server:
        server.add_message(eml("plain_es_latin1"))
        poller = ImapPoller(credentials=server.credentials(), account_external_id=MAILBOX, timeout=5)
        with pytest.raises(PlatformError) as error:
            poller.fetch_new(since_uid=0, uidvalidity=None)
    assert error.value.code == "tls" and "certificate" in str(error.value).lower()
    assert server.logins == []  # the password never left


def test_plain_imap_against_a_tls_server_fails_clearly(tls):
    with FakeImap(username=MAILBOX, password="imap-s3cret", tls_context=tls.server_context) as server:
        poller = ImapPoller(credentials=server.credentials(imap_security="none"), account_external_id=MAILBOX, timeout=2)
        with pytest.raises(PlatformError):
            poller.fetch_new(since_uid=0, uidvalidity=None)
