"""Every requirement ID the code and the tests cite (C7, M1, P4 …) is defined in docs/requirements.md."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ROOT / 'docs' / 'requirements.md'
SOURCES = ('domain', 'persistence', 'ui', 'tests', 'bench', 'main.py', 'config.py')

# An ID in prose: a capital and one or two digits, standing alone. Not a cell of a spreadsheet formula
# (`SUM(A1:A9)`) nor a command of SVG path data (`M4,13c`, `M12.5 7`, `M9 10`), which a number follows.
_CITED = re.compile(r'(?<![\w.:])(?<![A-Z]\()([A-Z]\d{1,2})(?!\w|:[A-Z]\d|[ ,.]?-?\d)')
# In a test's name, lowercase between underscores: `test_c7_end_after_start`.
_TEST_NAME = re.compile(r'def (test_\w+)')
_IN_TEST_NAME = re.compile(r'(?<=_)([a-z]\d{1,2})(?=_|$)')
_DEFINED = re.compile(r'^- \*\*([A-Z]\d{1,2})\*\* ', re.MULTILINE)


def cited_ids(text: str) -> set[str]:
    found = set(_CITED.findall(text))
    for name in _TEST_NAME.findall(text):
        found.update(code.upper() for code in _IN_TEST_NAME.findall(name))
    return found


def source_files() -> list[Path]:
    files: list[Path] = []
    for source in SOURCES:
        path = ROOT / source
        files += sorted(path.rglob('*.py')) if path.is_dir() else [path]
    # This file's examples are made up; ui/icons.py holds generated SVG path data ("L4.83 12"), not citations.
    skipped = {Path(__file__).resolve(), ROOT / 'ui' / 'icons.py'}
    return [path for path in files if path not in skipped]


def undefined_ids(text: str, defined: set[str]) -> list[str]:
    """IDs of a known family (C, M, P …) that are not defined. A capital of no family (`H1`, a heading) is not
    a requirement ID."""
    families = {code[0] for code in defined}
    return sorted(code for code in cited_ids(text) - defined if code[0] in families)


def test_every_requirement_id_cited_in_code_or_tests_is_defined_in_docs_requirements() -> None:
    defined = set(_DEFINED.findall(REQUIREMENTS.read_text(encoding='utf-8')))
    files = source_files()
    assert len(files) > 100
    found = {str(path.relative_to(ROOT)): undefined_ids(path.read_text(encoding='utf-8'), defined) for path in files}
    assert {path: ids for path, ids in found.items() if ids} == {}


def test_the_product_requirements_are_all_defined() -> None:
    defined = set(_DEFINED.findall(REQUIREMENTS.read_text(encoding='utf-8')))
    expected = {
        *(f'R{n}' for n in range(1, 9)),
        *(f'C{n}' for n in range(1, 12)),
        *(f'T{n}' for n in range(1, 4)),
        *(f'U{n}' for n in range(1, 5)),
        *('M1', 'M2', 'L1', 'E1', 'E2', 'E3', 'A1', 'F1', 'D1', 'D2', 'B1', 'W1', 'S1', 'X1'),
        *(f'N{n}' for n in range(1, 6)),
        *(f'P{n}' for n in range(1, 12)),
    }
    assert expected <= defined


def test_the_id_finder_reads_prose_and_test_names_but_not_formulas_or_svg_paths() -> None:
    text = '''
    """C7, U1: end after start (M1–M2; P4's target). R9 is new."""
    def test_c6_invite_past_seat_limit_says_seats_full_t3() -> None:
        cells = ['@SUM(A1:A9)', '=SUM(B2)']
        path = 'M12.5 7H11v6 M4,13c1 M9 10 m-4 L7.76,1 C21.93,2'
    '''
    assert cited_ids(text) == {'C7', 'U1', 'M1', 'M2', 'P4', 'R9', 'C6', 'T3'}
    assert undefined_ids(text + 'an H1 heading, test_h1_', {'C6', 'C7', 'M1', 'M2', 'P4', 'R1', 'T3', 'U1'}) == ['R9']
