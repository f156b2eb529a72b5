"""R1 / issue 14 item 3: the per-client throttle counts the proxy's forwarded address only when told to trust it."""

from __future__ import annotations

from ui import auth


def test_r1_a_forwarded_address_counts_only_behind_a_trusted_proxy() -> None:
    forwarded = {'x-forwarded-for': '203.0.113.7, 198.51.100.2'}
    assert auth.client_address('10.0.0.5', forwarded, trust_proxy=False) == '10.0.0.5'  # anyone can send the header
    assert auth.client_address('10.0.0.5', forwarded, trust_proxy=True) == '198.51.100.2'  # the address it saw
    assert auth.client_address('10.0.0.5', {}, trust_proxy=True) == '10.0.0.5'
    assert auth.client_address(None, {}, trust_proxy=False) == 'unknown'
