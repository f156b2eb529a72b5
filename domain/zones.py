"""E3: time-zone names as the app keeps them — a zone's current IANA name, whatever a browser reported."""

from __future__ import annotations

import zoneinfo

# E3: the old names some browsers still report (tzdata's "backward" links), by the zone's current name.
CURRENT_ZONE_NAMES = {
    'Asia/Calcutta': 'Asia/Kolkata',
    'Asia/Saigon': 'Asia/Ho_Chi_Minh',
    'Asia/Katmandu': 'Asia/Kathmandu',
    'Asia/Rangoon': 'Asia/Yangon',
    'Asia/Dacca': 'Asia/Dhaka',
    'Asia/Thimbu': 'Asia/Thimphu',
    'Asia/Ulan_Bator': 'Asia/Ulaanbaatar',
    'Asia/Macao': 'Asia/Macau',
    'Asia/Ujung_Pandang': 'Asia/Makassar',
    'Asia/Chungking': 'Asia/Chongqing',
    'Europe/Kiev': 'Europe/Kyiv',
    'Europe/Uzhgorod': 'Europe/Kyiv',
    'Europe/Zaporozhye': 'Europe/Kyiv',
    'America/Godthab': 'America/Nuuk',
    'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
    'America/Indianapolis': 'America/Indiana/Indianapolis',
    'America/Louisville': 'America/Kentucky/Louisville',
    'Atlantic/Faeroe': 'Atlantic/Faroe',
    'Pacific/Truk': 'Pacific/Chuuk',
    'Pacific/Ponape': 'Pacific/Pohnpei',
    'Pacific/Enderbury': 'Pacific/Kanton',
}


def current_zone_name(name: str) -> str:
    """E3: a zone's current IANA name (Asia/Kolkata for Asia/Calcutta); other names as given."""
    return CURRENT_ZONE_NAMES.get(name, name)


def clean_time_zone(name: str) -> str:
    """An IANA zone name by its current name, or 'UTC' when the name is unknown or malformed."""
    try:
        zoneinfo.ZoneInfo(name)
    except (KeyError, ValueError, OSError):
        return 'UTC'
    return current_zone_name(name)
