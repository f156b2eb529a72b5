"""The addresses pages link to, spelled once (the routes that answer them use the same patterns)."""

from __future__ import annotations

IMAGE_ROUTE = '/images/{image_id}'


def image_url(image_id: str, *, thumbnail: bool = False) -> str:
    """Where a page shows a stored image (`?thumbnail=1`: the small one of the tiles)."""
    return IMAGE_ROUTE.format(image_id=image_id) + ('?thumbnail=1' if thumbnail else '')
