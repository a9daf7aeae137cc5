# SPDX-License-Identifier: GPL-2.0-or-later
"""
Checks of the text form of hostguard's show commands: tables aligned (every
cell of a column starts, or for numbers ends, where the others do), a cell
in every column ("-" for a missing value), the summary on a line of its own.
"""
import re


def _cells(line, ncols):
    """(start, end, text) of each cell; cells are separated by 2+ spaces."""
    cells = []
    for m in re.finditer(r"\S+(?: \S+)*", line):
        cells.append((m.start(), m.end(), m.group(0)))
    if len(cells) > ncols:  # the last column may hold double spaces
        last = cells[ncols - 1]
        cells = cells[: ncols - 1] + [(last[0], cells[-1][1], line[last[0]:cells[-1][1]])]
    return cells


def table(text, titles, indent="", end=None):
    """
    Rows of the table whose header is titles, as dicts, and the lines after
    it; asserts alignment. Rows run to an empty line, a line not indented
    like the header, or one matching the regex end (the summary).
    """
    lines = text.splitlines()
    hdr = None
    for i, l in enumerate(lines):
        if l.startswith(indent) and [c[2] for c in _cells(l, len(titles))] == list(titles):
            hdr = i
            break
    assert hdr is not None, "no header {!r} in:\n{}".format("  ".join(titles), text)
    block = [lines[hdr]]
    for l in lines[hdr + 1:]:
        if not l.strip() or not l.startswith(indent) or (indent and l.startswith(indent + " ")):
            break
        if end and re.match(end, l):
            break
        block.append(l)
    cells = [_cells(l, len(titles)) for l in block]
    for l, row in zip(block, cells):
        assert len(row) == len(titles), "row with {} cells, not {}: {!r}\n{}".format(
            len(row), len(titles), l, "\n".join(block))
    for c in range(len(titles)):
        starts = {row[c][0] for row in cells}
        ends = {row[c][1] for row in cells}
        assert len(starts) == 1 or len(ends) == 1, "column {!r} not aligned:\n{}".format(
            titles[c], "\n".join(block)
        )
    rows = [dict(zip(titles, (x[2] for x in row))) for row in cells[1:]]
    return rows, lines[hdr + len(block):]


def pairs(text, title, indent="  "):
    """
    The 'key value' lines right under a 'Title:' line, as {key: value};
    asserts the values are aligned. Deeper lines (nested objects) skipped.
    """
    lines = text.splitlines()
    i = lines.index(title + ":")
    out, cols = {}, set()
    for l in lines[i + 1:]:
        if not l.startswith(indent):
            break
        if l.startswith(indent + " ") or l.endswith(":"):
            continue
        m = re.match(re.escape(indent) + r"(\S+)(\s+)(\S.*)$", l)
        assert m, "not a key/value line: {!r}".format(l)
        assert len(m.group(2)) >= 2, "value runs into its key: {!r}".format(l)
        out[m.group(1)] = m.group(3)
        cols.add(m.start(3))
    assert len(cols) <= 1, "values under {!r} not aligned:\n{}".format(title, text)
    return out
