"""The pure core of Mentor sessions: entities, rules, services and the ports they need.

Nothing in this package imports nicegui, sqlmodel or sqlalchemy (tests/unit/test_domain_is_pure.py).
"""
