"""T1, M1: which page numbers the pager under a list shows (ui/components/pager.py)."""

from __future__ import annotations

import pytest

from ui.components.pager import SLOTS, page_numbers


@pytest.mark.parametrize(
    ('page', 'page_count', 'shown'),
    [
        (1, 1, [1]),
        (2, 7, [1, 2, 3, 4, 5, 6, 7]),
        (1, 42, [1, 2, 3, 4, 5, None, 42]),
        (4, 42, [1, 2, 3, 4, 5, None, 42]),
        (5, 42, [1, None, 4, 5, 6, None, 42]),
        (38, 42, [1, None, 37, 38, 39, None, 42]),
        (39, 42, [1, None, 38, 39, 40, 41, 42]),
        (42, 42, [1, None, 38, 39, 40, 41, 42]),
        (5, 8, [1, None, 4, 5, 6, 7, 8]),
    ],
)
def test_t1_pager_shows_first_last_and_the_current_page_with_its_neighbours(
    page: int, page_count: int, shown: list[int | None]
) -> None:
    assert page_numbers(page, page_count) == shown


@pytest.mark.parametrize('page_count', [8, 9, 42, 417])
def test_t1_every_page_of_a_long_list_shows_itself_its_neighbours_and_never_more_than_seven_numbers(
    page_count: int,
) -> None:
    for page in range(1, page_count + 1):
        shown = page_numbers(page, page_count)
        assert len(shown) == SLOTS
        numbers = [number for number in shown if number is not None]
        assert numbers == sorted(set(numbers))
        assert {1, page_count, page, max(page - 1, 1), min(page + 1, page_count)} <= set(numbers)
        gaps = [index for index, number in enumerate(shown) if number is None]
        assert all(shown[gap + 1] - shown[gap - 1] > 1 for gap in gaps)  # type: ignore[operator]  # a real gap
