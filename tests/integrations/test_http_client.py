"""Platform clients share one TLS context per process (building one loads the CA bundle: tens
of ms of CPU per send otherwise) and still verify every certificate."""

from __future__ import annotations

import http.server
import ssl
import threading

import httpx
import pytest

from integrations.fakes.tls import self_signed_tls
from integrations.http import http_client, tls_context


def test_every_client_shares_one_context_that_checks_certificates_and_host_names():
    assert tls_context() is tls_context()
    assert tls_context().verify_mode == ssl.CERT_REQUIRED and tls_context().check_hostname


def test_a_server_with_a_certificate_nobody_vouches_for_is_refused():
    tls = self_signed_tls()
    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    server.socket = tls.server_context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with http_client(timeout=5) as client, pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            client.get(f"https://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()
