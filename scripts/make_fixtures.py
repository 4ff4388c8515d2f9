#!/usr/bin/python3
"""Render the project's own fixture PDFs (决算 reports) and their ground truth.

    python3 scripts/make_fixtures.py [--out fixtures] [--check]

Writes, under OUT (default: <repo>/fixtures):
  ruled_report.pdf   + ruled_report.expected.json   ruled grid, portrait A4
  open_report.pdf    + open_report.expected.json    horizontal rules only, mixed
                                                     portrait/landscape pages
                     (each ends with a 项目支出绩效自评表 of its seed: key-value block,
                     merged 一级/二级指标 labels, wrapped texts; the ruled one continues
                     over two pages; its truth carries the header block as "fields")
  <name>.expected.json  ground truth in the contract shape of spec/tables.md
  <name>.spans.json     merged-cell structure (header_spans / body_spans) of the same tables
  ocr/broken_text_report.pdf + .expected.json   three tables of the ruled report with
                                             the fonts' ToUnicode maps removed (garbage text layer)
  ocr/scanned_report.pdf + .truth.json       the same pages as a noisy 200 dpi JPEG scan
                                             (rotated ~1 degree, speckles, a red seal)
  (fixtures/ocr/ is apart from fixtures/*.pdf: only tests/ocr_fixture_test.cpp OCRs them)
  errors/not_a_pdf.pdf, errors/encrypted.pdf, errors/no_tables.pdf, errors/truncated.pdf
  checks/inconsistent_total.pdf + .expected.json   one page, one table whose printed 合计
                                             row does not equal the sum of its rows

The table data is typed in below from the public seed reports 000 (绍兴市医疗保障局
柯桥分局), 002 (贵州省卫生项目管理办公室) and 003 (诸暨市医疗保障局, narrative only).
Nothing is read from outside this file except the Debian font
/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc (fonts-wqy-zenhei).  Output is
byte-for-byte deterministic (reportlab invariant mode); --check regenerates into a
temporary folder and fails when any file differs from OUT.

Needs Debian's python3-reportlab (and python3-pil + pdftoppm for the scanned variant).  When the python3 on PATH cannot import it (e.g. a
pyenv interpreter), the script re-runs itself with /usr/bin/python3.
"""

import argparse
import filecmp
import json
import os
import re
import shutil
import sys
import tempfile
import unicodedata

try:
    from reportlab.pdfgen import canvas as rl_canvas
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.lib import pdfencrypt
except ImportError:  # pragma: no cover - depends on the machine
    SYSTEM_PY = "/usr/bin/python3"
    if (os.path.exists(SYSTEM_PY) and os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PY)
            and not os.environ.get("MAKE_FIXTURES_REEXEC")):
        os.environ["MAKE_FIXTURES_REEXEC"] = "1"
        os.execv(SYSTEM_PY, [SYSTEM_PY, os.path.abspath(__file__)] + sys.argv[1:])
    sys.exit("make_fixtures.py: reportlab is missing (apt-get install python3-reportlab)")

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FONT = "WQYZenHei"
YEAR = 2023

A4 = (595.28, 841.89)
A4_LANDSCAPE = (841.89, 595.28)


# ============================================================== text helpers

def norm(s):
    """NFKC with all whitespace removed (the contract's form of names and labels)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


ORDINAL = re.compile(r"^[一二三四五六七八九十百零〇]+、")


def strip_ordinal(label):
    return ORDINAL.sub("", label)


def contract_title(printed):
    """Title as the contract wants it: NFKC, year prefix removed."""
    t = norm(printed)
    return re.sub(r"^\d{4}年度?", "", t)


def amount_value(printed):
    """Record value of a printed amount cell: blank → null, '-' → 0, '1,234.56' → 1234.56."""
    s = printed.strip()
    if s == "":
        return None
    if s in ("-", "—", "－"):
        return 0.0
    return float(s.replace(",", ""))


def fmt_amount(v, zero="0.00", thousands=False):
    """Printed form of an amount in a given report style."""
    if v is None:
        return ""
    if abs(v) < 0.0005:
        return zero
    return ("{:,.2f}" if thousands else "{:.2f}").format(v)


NO_LINE_START = set("）)」』】，。、；：！？”’%")


def width(text, size):
    return pdfmetrics.stringWidth(text, FONT, size)


def wrap(text, size, max_w):
    """Greedy character wrap (CJK text has no spaces); never splits a number."""
    if not text:
        return [""]
    lines = []
    cur = ""
    tokens = re.findall(r"[0-9A-Za-z.,%\-]+|.", text)
    for tok in tokens:
        # closing punctuation never starts a line
        if cur and width(cur + tok, size) > max_w and tok not in NO_LINE_START:
            lines.append(cur)
            cur = tok.lstrip() if tok.strip() else ""
        else:
            cur += tok
    if cur:
        lines.append(cur)
    return lines


# ============================================================== table model

class C:
    """One printed cell: text (may hold '\n' for forced line breaks), spans, alignment."""

    def __init__(self, text="", cs=1, rs=1, align=None, indent=0.0, bold=False):
        self.text = text
        self.cs = cs
        self.rs = rs
        self.align = align
        self.indent = indent
        self.bold = bold

    @property
    def flat(self):
        """The cell's printed text as one string (wrapped lines joined)."""
        return self.text.replace("\n", "")


def as_cell(x):
    return x if isinstance(x, C) else C(x)


def place(rows, ncols):
    """HTML-style placement of rows of cells into a grid.

    Returns (grid, spans): grid[r][c] is the cell text at the top-left slot of each
    cell and "" elsewhere; spans lists (r, c, cell) for every placed cell."""
    occupied = set()
    grid = [["" for _ in range(ncols)] for _ in rows]
    placed = []
    for r, row in enumerate(rows):
        c = 0
        for x in row:
            cell = as_cell(x)
            while (r, c) in occupied:
                c += 1
            if c + cell.cs > ncols:
                raise ValueError("row %d overflows %d columns: %r" % (r, ncols, [as_cell(y).flat for y in row]))
            for rr in range(r, r + cell.rs):
                for cc in range(c, c + cell.cs):
                    occupied.add((rr, cc))
            grid[r][c] = cell.flat
            placed.append((r, c, cell))
            c += cell.cs
    return grid, placed


class TableSpec:
    """A disclosure table as printed: layout choices plus header/body cells and records."""

    def __init__(self, kind, no, title, cols, header, body, notes, aligns=None, orientation="portrait",
                 start="new", label_pos="above", meta="split", unit_prefix="单位：", amount_prefix="金额单位：",
                 unit_name="", font_size=None, records=None, body_font=None):
        self.kind = kind
        self.no = no                  # "01" or None (no 公开NN表 label printed)
        self.title = title            # printed title line
        self.cols = cols              # column widths in points
        self.header = header          # rows of cells
        self.body = body              # rows of cells
        self.notes = notes            # printed note lines (注/说明), one string per logical line
        self.aligns = aligns or ["l"] * len(cols)
        self.orientation = orientation
        self.start = start            # "new": new page; "same": below the previous block if it fits
        self.label_pos = label_pos    # where 公开NN表 goes: above | beside | below
        self.meta = meta              # split | unit_first | amount_first | above_title
        self.unit_prefix = unit_prefix
        self.amount_prefix = amount_prefix
        self.unit_name = unit_name
        self.font_size = font_size
        self.records = records        # function(body_grid) -> list of records
        self.pages = []

    @property
    def ncols(self):
        return len(self.cols)


# ============================================================== rendering

class Style:
    def __init__(self, **kw):
        self.__dict__.update(kw)


RULED = Style(name="ruled", ruled=True, repeat_header=True, fs=8.0, lh_factor=1.3, pad_x=3.0, pad_y=3.5,
              min_row=15.0, title_fs=15.0, meta_fs=9.0, text_fs=11.0, text_lh=19.0, margin_x=40.0,
              margin_top=50.0, margin_bottom=55.0, footer="- {n} -", footer_align="center",
              running_header=None)
OPEN = Style(name="open", ruled=False, repeat_header=False, fs=9.0, lh_factor=1.3, pad_x=4.0, pad_y=2.6,
             min_row=15.0, title_fs=16.0, meta_fs=10.0, text_fs=12.0, text_lh=21.0, margin_x=45.0,
             margin_top=52.0, margin_bottom=44.0, footer="第 {n} 页", footer_align="right",
             running_header=None)


class Report:
    """Flows cover, narrative and tables onto pages of one PDF."""

    def __init__(self, path, style, title, encrypt=None):
        self.style = style
        self.c = rl_canvas.Canvas(path, pagesize=A4, invariant=1, pageCompression=1,
                                  initialFontName=FONT, initialFontSize=10, encrypt=encrypt)
        self.c.setTitle(title)
        self.c.setAuthor("juesuan fixtures")
        self.c.setCreator("juesuan scripts/make_fixtures.py")
        self.c.setSubject("generated test fixture")
        self.page = 0
        self.size = A4
        self.y = 0.0
        self.page_open = False

    # ---------------------------------------------------------------- pages

    def new_page(self, orientation="portrait", numbered=True):
        if self.page_open:
            self.c.showPage()
        self.size = A4_LANDSCAPE if orientation == "landscape" else A4
        self.c.setPageSize(self.size)
        self.page += 1
        self.page_open = True
        st = self.style
        self.y = self.size[1] - st.margin_top
        if numbered:
            w = self.size[0]
            text = st.footer.format(n=self.page)
            self.c.setFont(FONT, 9)
            if st.footer_align == "center":
                self.c.drawCentredString(w / 2, 28, text)
            else:
                self.c.drawRightString(w - st.margin_x, 28, text)
            if st.running_header:
                self.c.setFont(FONT, 8)
                self.c.drawString(st.margin_x, self.size[1] - 30, st.running_header)
                self.c.setLineWidth(0.4)
                self.c.line(st.margin_x, self.size[1] - 34, w - st.margin_x, self.size[1] - 34)

    @property
    def orientation(self):
        return "landscape" if self.size[0] > self.size[1] else "portrait"

    @property
    def bottom(self):
        return self.style.margin_bottom

    def text(self, x, y, s, size, bold=False, align="l"):
        c = self.c
        w = width(s, size)
        if align == "r":
            x -= w
        elif align == "c":
            x -= w / 2
        if bold:  # the CJK font has no bold face: fill and stroke the glyphs
            c.saveState()  # render mode and line width are graphics state: keep them local
            c.setLineWidth(size / 30.0)
        t = c.beginText(x, y)
        t.setFont(FONT, size)
        if bold:
            t.setTextRenderMode(2)
        t.textOut(s)
        c.drawText(t)
        if bold:
            c.restoreState()

    # ---------------------------------------------------------------- blocks

    def cover(self, lines, date):
        self.new_page(numbered=False)
        w, h = self.size
        y = h * 0.62
        for s, size in lines:
            self.text(w / 2, y, s, size, bold=True, align="c")
            y -= size * 1.9
        self.text(w / 2, h * 0.25, date, 14, align="c")

    def heading(self, s, size=None, gap_before=6.0):
        st = self.style
        size = size or st.text_fs + 2
        if self.y - gap_before - size * 1.6 < self.bottom:
            self.new_page(self.orientation)
        self.y -= gap_before + size
        self.text(st.margin_x, self.y, s, size, bold=True)
        self.y -= size * 0.7

    def paragraph(self, s, indent=True):
        st = self.style
        size = st.text_fs
        max_w = self.size[0] - 2 * st.margin_x
        first = ("\u3000\u3000" if indent else "") + s
        lines = wrap(first, size, max_w)
        for ln in lines:
            if self.y - st.text_lh < self.bottom:
                self.new_page(self.orientation)
            self.y -= st.text_lh
            self.text(st.margin_x, self.y + (st.text_lh - size) / 2, ln, size)
        self.y -= 3

    # ---------------------------------------------------------------- tables

    def _cell_lines(self, cell, w, size):
        out = []
        for part in cell.text.split("\n"):
            out.extend(wrap(part, size, max(w - 2 * self.style.pad_x - cell.indent, size)))
        return out

    def _layout_rows(self, rows, spec, size):
        """Heights of rows, and placed cells with their line lists."""
        st = self.style
        n = len(rows)
        _, placed = place(rows, spec.ncols)
        xs = [0.0]
        for w in spec.cols:
            xs.append(xs[-1] + w)
        info = []
        heights = [st.min_row] * n
        need_span = []
        for r, c, cell in placed:
            w = xs[c + cell.cs] - xs[c]
            lines = self._cell_lines(cell, w, size) if cell.text else []
            need = max(len(lines), 1) * size * st.lh_factor + 2 * st.pad_y
            info.append((r, c, cell, lines))
            if cell.rs == 1:
                heights[r] = max(heights[r], need)
            else:
                need_span.append((r, cell.rs, need))
        for r, rs, need in need_span:
            have = sum(heights[r:r + rs])
            if have < need:
                heights[r + rs - 1] += need - have
        return heights, info, xs

    def _draw_rows(self, x0, y_top, heights, info, xs, spec, size, r_from, r_to, header):
        """Draw rows r_from..r_to-1 (cells starting there) with their top at y_top."""
        st = self.style
        c = self.c
        tops = {}
        y = y_top
        for r in range(r_from, r_to):
            tops[r] = y
            y -= heights[r]
        tops[r_to] = y
        c.setLineWidth(0.5)
        for r, col, cell, lines in info:
            if not (r_from <= r < r_to):
                continue
            r_end = min(r + cell.rs, r_to)
            top = tops[r]
            bot = tops[r_end]
            left = x0 + xs[col]
            right = x0 + xs[col + cell.cs]
            if st.ruled:
                c.rect(left, bot, right - left, top - bot, stroke=1, fill=0)
            elif header and cell.cs > 1 and cell.text and r + cell.rs < r_to:
                # open style: a short rule under a group heading (本年支出 over 小计/基本支出/项目支出)
                c.setLineWidth(0.4)
                c.line(left + 3, bot, right - 3, bot)
                c.setLineWidth(0.5)
            if not lines:
                continue
            align = cell.align or ("c" if header else spec.aligns[col])
            lh = size * st.lh_factor
            block = len(lines) * lh
            ty = top - (top - bot - block) / 2
            for i, ln in enumerate(lines):
                base = ty - i * lh - (lh - size) / 2 - size * 0.86
                if align == "r":
                    self.text(right - st.pad_x, base, ln, size, cell.bold, "r")
                elif align == "c":
                    self.text((left + right) / 2, base, ln, size, cell.bold, "c")
                else:
                    self.text(left + st.pad_x + cell.indent, base, ln, size, cell.bold)
        return y

    def _rule(self, x0, x1, y, w):
        self.c.setLineWidth(w)
        self.c.line(x0, y, x1, y)

    def _title_block(self, spec, x0, x1):
        """Draw 公开NN表 label, title, unit and amount-unit lines; leaves self.y under them."""
        st = self.style
        label = "公开%s表" % spec.no if spec.no else None
        unit_line = spec.unit_prefix + spec.unit_name
        amount_line = spec.amount_prefix + getattr(spec, "amount_unit", "万元")
        mid = (x0 + x1) / 2
        ms = st.meta_fs

        def meta_lines():
            if spec.meta == "split" or spec.meta == "above_title":
                self.y -= ms + 4
                self.text(x0, self.y, unit_line, ms)
                self.text(x1, self.y, amount_line, ms, align="r")
            elif spec.meta == "unit_first":
                self.y -= ms + 4
                self.text(x0, self.y, unit_line, ms)
                self.y -= ms + 4
                self.text(x1, self.y, amount_line, ms, align="r")
            elif spec.meta == "amount_first":
                self.y -= ms + 4
                self.text(x1, self.y, amount_line, ms, align="r")
                self.y -= ms + 4
                self.text(x0, self.y, unit_line, ms)
            self.y -= 5

        if spec.meta == "above_title":
            meta_lines()
            self.y -= 4
        if label and spec.label_pos == "above":
            self.y -= ms + 2
            self.text(x1, self.y, label, ms, align="r")
        self.y -= st.title_fs + 6
        self.text(mid, self.y, spec.title, st.title_fs, bold=True, align="c")
        if label and spec.label_pos == "beside":
            self.text(x1, self.y, label, ms, align="r")
        self.y -= 6
        if label and spec.label_pos == "below":
            self.y -= ms + 2
            self.text(x1, self.y, label, ms, align="r")
        if spec.meta != "above_title":
            meta_lines()
        else:
            self.y -= 5

    def table(self, spec):
        st = self.style
        size = spec.font_size or st.fs
        h_heights, h_info, xs = self._layout_rows(spec.header, spec, size)
        b_heights, b_info, _ = self._layout_rows(spec.body, spec, size)
        total_w = xs[-1]
        head_h = sum(h_heights)
        first_rows = sum(b_heights[:3])
        title_h = 95.0
        if (spec.start == "new" or not self.page_open or self.orientation != spec.orientation
                or self.y - title_h - head_h - first_rows < self.bottom):
            self.new_page(spec.orientation)
        else:
            self.y -= 22
        pw = self.size[0]
        x0 = (pw - total_w) / 2
        x1 = x0 + total_w
        pages = [self.page]
        self._title_block(spec, x0, x1)

        def header():
            if not st.ruled:
                self._rule(x0, x1, self.y, 1.2)
            self.y = self._draw_rows(x0, self.y, h_heights, h_info, xs, spec, size, 0, len(spec.header), True)
            if not st.ruled:
                self._rule(x0, x1, self.y, 0.6)

        ns = st.meta_fs - 0.5
        note_lines = [wrap(nt, ns, total_w) for nt in spec.notes]
        notes_h = sum(len(x) for x in note_lines) * (ns + 4) + 6
        header()
        r = 0
        n = len(spec.body)
        while r < n:
            # rows that fit on this page
            r_end = r
            y = self.y
            while r_end < n and y - b_heights[r_end] >= self.bottom:
                y -= b_heights[r_end]
                r_end += 1
            if r_end == n and r_end - r > 3 and y - notes_h < self.bottom:
                # the notes must stay with the table: carry the last rows over with them
                while r_end - r > 3 and y - notes_h < self.bottom:
                    r_end -= 1
                    y += b_heights[r_end]
            if r_end == r:
                raise RuntimeError("row %d of %s does not fit on a page" % (r, spec.title))
            self.y = self._draw_rows(x0, self.y, b_heights, b_info, xs, spec, size, r, r_end, False)
            r = r_end
            if r < n:
                if not st.ruled:
                    self._rule(x0, x1, self.y, 0.6)
                self.new_page(spec.orientation)
                pages.append(self.page)
                if st.repeat_header and getattr(spec, "repeat_header", True):
                    header()
                elif not st.ruled:
                    self._rule(x0, x1, self.y, 0.6)
        if not st.ruled:
            self._rule(x0, x1, self.y, 1.2)
        # notes under the table (kept with it: they must fit on the same page)
        if self.y - notes_h < self.bottom:
            raise RuntimeError("notes of %s do not fit under the table" % spec.title)
        self.y -= 4
        for lines in note_lines:
            for i, ln in enumerate(lines):
                self.y -= ns + 4
                self.text(x0 + (ns * 2 if i else 0), self.y, ln, ns)
        spec.pages = [pages[0], pages[-1]]
        return spec.pages

    def save(self):
        if self.page_open:
            self.c.showPage()
        self.c.save()


# ============================================================== records

def grid_of(spec):
    grid, _ = place(spec.body, spec.ncols)
    return grid


def rec_subjects(code_cols, name_col, fields):
    """Subject (功能分类) tables: code in one column, a merged cell, or split over 类/款/项."""

    def build(grid):
        out = []
        for row in grid:
            parts = [row[c].strip() for c in code_cols]
            texts = [p for p in parts if p]
            if texts and all(re.fullmatch(r"\d+", p) for p in texts):
                code = "".join(texts)
                name = norm(row[name_col])
            else:
                code = None
                name = norm(next((x for x in parts + [row[name_col]] if x.strip()), ""))
            if not name and code is None:
                continue
            rec = {"code": code, "name": name}
            for f, col in fields:
                rec[f] = amount_value(row[col])
            out.append(rec)
        return out

    return build


def rec_units(fields):
    def build(grid):
        out = []
        for row in grid:
            rec = {"unit": norm(row[0])}
            for f, col in fields:
                rec[f] = amount_value(row[col])
            out.append(rec)
        return out

    return build


def rec_summary(sides):
    """Two side-by-side logical tables: one record per printed item on either side."""

    def build(grid):
        out = []
        for side in sides:
            for row in grid:
                label = norm(row[side["label"]])
                if not label:
                    continue
                line = row[side["line"]].strip() if side.get("line") is not None else ""
                rec = {"side": side["side"], "item": strip_ordinal(label), "label": label,
                       "line": int(line) if line else None}
                for f, col in side["fields"]:
                    rec[f] = amount_value(row[col])
                out.append(rec)
        return out

    return build


PERSONNEL_CLASSES = ("301", "303")


def rec_basic(groups):
    """Economic-classification groups side by side, then the two 经费合计 rows."""

    def build(grid):
        out = []
        totals = []
        for code_cols, name_col, amt_col in groups:
            for row in grid:
                parts = [row[c].strip() for c in code_cols]
                texts = [p for p in parts if p]
                if texts and all(re.fullmatch(r"\d+", p) for p in texts):
                    code = "".join(texts)
                    out.append({"code": code, "name": norm(row[name_col]),
                                "amount": amount_value(row[amt_col]),
                                "group": "personnel" if code[:3] in PERSONNEL_CLASSES else "public"})
        for row in grid:
            for ci, cell in enumerate(row):
                label = norm(cell)
                if label in ("人员经费合计", "公用经费合计"):
                    # its amount is the next non-empty cell to the right
                    amt = next((row[k] for k in range(ci + 1, len(row)) if row[k].strip()), "")
                    totals.append({"code": None, "name": label, "amount": amount_value(amt),
                                   "group": "personnel" if label.startswith("人员") else "public"})
        return out + totals

    return build


def rec_three_vertical(items, budget_col, actual_col):
    """Vertical 三公 list: items[i] is the canonical item of body row i."""

    def build(grid):
        return [{"item": items[i], "budget": amount_value(row[budget_col]),
                 "actual": amount_value(row[actual_col])} for i, row in enumerate(grid)]

    return build


THREE_WIDE_ITEMS = ["total", "overseas_travel", "vehicle_total", "vehicle_purchase",
                    "vehicle_operation", "reception"]


def rec_three_wide():
    """One wide row: 预算数 six columns then 决算数 six columns."""

    def build(grid):
        row = grid[0]
        return [{"item": it, "budget": amount_value(row[i]), "actual": amount_value(row[6 + i])}
                for i, it in enumerate(THREE_WIDE_ITEMS)]

    return build


def empty_records(grid):
    return []


def expected_table(spec):
    hgrid, hplaced = place(spec.header, spec.ncols)
    bgrid, bplaced = place(spec.body, spec.ncols)

    def spans(placed, only_merged):
        return [{"text": cell.flat, "row": r, "col": c, "rowspan": cell.rs, "colspan": cell.cs}
                for r, c, cell in placed
                if cell.flat and (not only_merged or cell.rs > 1 or cell.cs > 1)]

    contract = {
        "kind": spec.kind,
        "table_no": spec.no,
        "title": contract_title(spec.title),
        "amount_unit": getattr(spec, "amount_unit", "万元"),
        "pages": spec.pages,
        "header": hgrid,
        "body": bgrid,
        "notes": list(spec.notes),
        "records": spec.records(bgrid),
        "checks": [],  # check outcomes are pipeline output, not ground truth
    }
    if getattr(spec, "fields", None) is not None:  # 绩效自评表: the header block
        contract["fields"] = spec.fields
    layout = {
        "kind": spec.kind,
        "table_no": spec.no,
        "header_spans": spans(hplaced, False),
        "body_spans": spans(bplaced, True),
    }
    return contract, layout


# ============================================================== shared vocabulary

EXP_CATEGORIES = [
    "一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出",
    "文化旅游体育与传媒支出", "社会保障和就业支出", "卫生健康支出", "节能环保支出", "城乡社区支出",
    "农林水支出", "交通运输支出", "资源勘探工业信息等支出", "商业服务业等支出", "金融支出",
    "援助其他地区支出", "自然资源海洋气象等支出", "住房保障支出", "粮油物资储备支出",
    "国有资本经营预算支出", "灾害防治及应急管理支出", "其他支出", "债务还本支出", "债务付息支出",
    "抗疫特别国债安排的支出",
]
CN_NUM = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
          "十五", "十六", "十七", "十八", "十九", "二十", "二十一", "二十二", "二十三", "二十四",
          "二十五", "二十六"]
INCOME_ITEMS = ["一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入",
                "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]


def parse_rows(block):
    """'a|b|c' lines → lists of stripped strings (blank lines skipped)."""
    return [[x.strip() for x in ln.split("|")] for ln in block.strip().splitlines() if ln.strip()]


def num(s):
    return None if s == "" else float(s.replace(",", ""))


# ============================================================== seed 000: ruled report

UNIT_000 = "绍兴市医疗保障局柯桥分局"

# code | name | total | basic | project   (收入决算表: total = 财政拨款收入; other columns 0)
SUBJECTS_000 = parse_rows("""
201|一般公共服务支出|2.00|0|2.00
20136|其他共产党事务支出|2.00|0|2.00
2013699|其他共产党事务支出|2.00|0|2.00
206|科学技术支出|472.94|0|472.94
20605|科技条件与服务|472.94|0|472.94
2060599|其他科技条件与服务支出|472.94|0|472.94
208|社会保障和就业支出|37.85|37.85|0
20805|行政事业单位养老支出|37.85|37.85|0
2080505|机关事业单位基本养老保险缴费支出|25.23|25.23|0
2080506|机关事业单位职业年金缴费支出|12.62|12.62|0
210|卫生健康支出|340.83|243.35|97.48
21011|行政事业单位医疗|12.60|12.60|0
2101101|行政单位医疗|7.96|7.96|0
2101103|公务员医疗补助|4.63|4.63|0
21015|医疗保障管理事务|328.24|230.76|97.48
2101501|行政运行|230.76|230.76|0
2101599|其他医疗保障管理事务支出|97.48|0|97.48
213|农林水支出|12.00|0|12.00
21399|其他农林水支出|12.00|0|12.00
2139999|其他农林水支出|12.00|0|12.00
221|住房保障支出|31.80|31.80|0
22102|住房改革支出|31.80|31.80|0
2210201|住房公积金|30.78|30.78|0
2210203|购房补贴|1.02|1.02|0
""")
TOTAL_000 = (897.41, 313.00, 584.42)
EXP_CAT_000 = {"一般公共服务支出": 2.00, "科学技术支出": 472.94, "社会保障和就业支出": 37.85,
               "卫生健康支出": 340.83, "农林水支出": 12.00, "住房保障支出": 31.80}

# 一般公共预算财政拨款基本支出决算明细表: three code | name | amount groups as printed side by side
BASIC_000 = [parse_rows("""
301|工资福利支出|285.60
30101|基本工资|39.08
30102|津贴补贴|53.24
30103|奖金|91.27
30106|伙食补助费|0
30107|绩效工资|0
30108|机关事业单位基本养老保险缴费|26.37
30109|职业年金缴费|13.18
30110|职工基本医疗保险缴费|8.13
30111|公务员医疗补助缴费|4.73
30112|其他社会保障缴费|2.28
30113|住房公积金|30.78
30114|医疗费|0
30199|其他工资福利支出|16.54
303|对个人和家庭的补助|0
30301|离休费|0
30302|退休费|0
30303|退职（役）费|0
30304|抚恤金|0
30305|生活补助|0
30306|救济费|0
30307|医疗费补助|0
30308|助学金|0
30309|奖励金|0
30310|个人农业生产补贴|0
30311|代缴社会保险费|0
30399|其他对个人和家庭的补助|0
"""), parse_rows("""
302|商品和服务支出|27.40
30201|办公费|2.02
30202|印刷费|0.37
30203|咨询费|0
30204|手续费|0.03
30205|水费|0
30206|电费|0
30207|邮电费|2.45
30208|取暖费|0
30209|物业管理费|0
30211|差旅费|0.10
30212|因公出国（境）费用|0
30213|维修（护）费|0.79
30214|租赁费|0
30215|会议费|0
30216|培训费|0
30217|公务接待费|1.27
30218|专用材料费|0
30224|被装购置费|0
30225|专用燃料费|0
30226|劳务费|0
30227|委托业务费|0
30228|工会经费|2.00
30229|福利费|9.76
30231|公务用车运行维护费|0
30239|其他交通费用|7.81
30240|税金及附加费用|0
30299|其他商品和服务支出|0.79
307|债务利息及费用支出|0
30701|国内债务付息|0
30702|国外债务付息|0
"""), parse_rows("""
30703|国内债务发行费用|0
30704|国外债务发行费用|0
310|资本性支出|0
31001|房屋建筑物购建|0
31002|办公设备购置|0
31003|专用设备购置|0
31005|基础设施建设|0
31006|大型修缮|0
31007|信息网络及软件购置更新|0
31008|物资储备|0
31009|土地补偿|0
31010|安置补助|0
31011|地上附着物和青苗补偿|0
31012|拆迁补偿|0
31013|公务用车购置|0
31019|其他交通工具购置|0
31021|文物和陈列品购置|0
31022|无形资产购置|0
31099|其他资本性支出|0
312|对企业补助|0
31201|资本金注入|0
31203|政府投资基金股权投资|0
31204|费用补贴|0
31205|利息补贴|0
31299|其他对企业补助|0
399|其他支出|0
39907|国家赔偿费用支出|0
39908|对民间非营利组织和群众性自治组织补贴|0
39909|经常性赠与|0
39910|资本性赠与|0
39999|其他支出|0
""")]
BASIC_TOTALS_000 = (285.60, 27.40)


def build_ruled():
    """Seed 000 as a ruled-grid report: 11 tables, portrait A4, 类/款/项 headers."""
    U = UNIT_000
    a = lambda v: fmt_amount(v)  # noqa: E731  (this report prints zero as 0.00)
    R, L, M = "r", "l", "c"
    tables = []

    # 公开01表 收入支出决算总表 ---------------------------------------------------
    inc = {1: 897.41}
    body = []
    for i in range(31):
        line_in = i + 1
        line_ex = i + 32
        if i < 8:
            left = [CN_NUM[i] + "、" + INCOME_ITEMS[i], str(line_in), a(inc.get(line_in, 0))]
        elif line_in == 27:
            left = [C("本年收入合计", bold=True), "27", a(897.41)]
        elif line_in == 28:
            left = ["使用非财政拨款结余", "28", a(0)]
        elif line_in == 29:
            left = ["年初结转和结余", "29", a(0)]
        elif line_in == 31:
            left = [C("总    计", bold=True), "31", a(897.41)]
        else:
            left = ["", str(line_in), ""]
        if i < 26:
            cat = EXP_CATEGORIES[i]
            right = [CN_NUM[i] + "、" + cat, str(line_ex), a(EXP_CAT_000.get(cat, 0))]
        elif line_ex == 58:
            right = [C("本年支出合计", bold=True), "58", a(897.41)]
        elif line_ex == 59:
            right = ["结余分配", "59", a(0)]
        elif line_ex == 60:
            right = ["年末结转和结余", "60", a(0)]
        elif line_ex == 62:
            right = [C("总    计", bold=True), "62", a(897.41)]
        else:
            right = ["", str(line_ex), ""]
        body.append(left + right)
    tables.append(TableSpec(
        "income_expenditure_summary", "01", "2023年度收入支出决算总表",
        [150, 28, 70, 160, 28, 79],
        [[C("收    入", cs=3), C("支    出", cs=3)],
         ["项    目", "行次", "金    额", "项    目", "行次", "金    额"],
         [C("栏    次", cs=2), "1", C("栏    次", cs=2), "2"]],
        body, ["注：1. 本表反映本年度的总收支和年末结转结余情况，本套报表金额单位转换时可能存在尾数误差。"],
        aligns=[L, M, R, L, M, R], label_pos="above", meta="split", unit_name=U,
        records=rec_summary([
            {"side": "income", "label": 0, "line": 1, "fields": [("amount", 2)]},
            {"side": "expenditure", "label": 3, "line": 4, "fields": [("amount", 5)]}])))

    # 公开02表 收入决算表（分单位） ----------------------------------------------
    inc_fields = ["total", "fiscal_grant", "superior_subsidy", "business_income", "operating_income",
                  "affiliated_remittance", "other_income"]
    row = [a(897.41), a(897.41)] + [a(0)] * 5
    tables.append(TableSpec(
        "income_by_unit", "02", "2023年度收入决算表（分单位）",
        [131] + [55] * 7,
        [["单位名称", "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入",
          "附属单位上缴收入", "其他收入"],
         ["栏次", "1", "2", "3", "4", "5", "6", "7"]],
        [[C("合    计")] + row, [U] + row],
        ["注：本表反映本年度取得各项收入情况。"],
        aligns=[L] + [R] * 7, label_pos="below", meta="unit_first", unit_name=U,
        records=rec_units([(f, i + 1) for i, f in enumerate(inc_fields)])))

    # 公开03表 收入决算表（分科目）: 类/款/项 header, full code in the merged 类款项 cell -------
    body = [[C("合    计", cs=4), a(897.41), a(897.41)] + [a(0)] * 5]
    for code, name, total, _, _ in SUBJECTS_000:
        body.append([C(code, cs=3), name, a(num(total)), a(num(total))] + [a(0)] * 5)
    tables.append(TableSpec(
        "income_by_function", "03", "2023年度收入决算表（分科目）",
        [22, 22, 22, 128] + [46] * 7,
        [[C("项    目", cs=4)] + [C(h, rs=3) for h in ("本年收入合计", "财政拨款收入", "上级补助收入",
                                                    "事业收入", "经营收入", "附属单位上缴收入", "其他收入")],
         [C("支出功能分类科目编码", cs=3), C("科目名称", rs=2)],
         ["类", "款", "项"],
         [C("栏    次", cs=4), "1", "2", "3", "4", "5", "6", "7"]],
        body, ["注：本表反映本年度取得各项收入情况。"],
        aligns=[L, L, L, L] + [R] * 7, label_pos="below", meta="unit_first", unit_name=U,
        records=rec_subjects([0, 1, 2], 3, [(f, i + 4) for i, f in enumerate(inc_fields)])))

    # 公开04表 支出决算表（分单位） ----------------------------------------------
    exp_fields = ["total", "basic", "project", "remit_to_superior", "operating", "subsidy_to_affiliated"]
    row = [a(v) for v in TOTAL_000] + [a(0)] * 3
    tables.append(TableSpec(
        "expenditure_by_unit", "04", "2023年度支出决算表（分单位）",
        [155] + [60] * 6,
        [["单位名称", "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"],
         ["栏次", "1", "2", "3", "4", "5", "6"]],
        [[C("合    计")] + row, [U] + row],
        ["注：本表反映本年度各项支出情况。"],
        aligns=[L] + [R] * 6, label_pos="below", meta="unit_first", unit_name=U,
        records=rec_units([(f, i + 1) for i, f in enumerate(exp_fields)])))

    # 公开05表 支出决算表（分科目）: starts under 04 on the same page, continues on the next
    # page with the header repeated -------------------------------------------------
    body = [[C("合    计", cs=4)] + [a(v) for v in TOTAL_000] + [a(0)] * 3]
    for code, name, total, basic, project in SUBJECTS_000:
        body.append([C(code, cs=3), name, a(num(total)), a(num(basic)), a(num(project))] + [a(0)] * 3)
    tables.append(TableSpec(
        "expenditure_by_function", "05", "2023年度支出决算表（分科目）",
        [22, 22, 22, 133] + [52] * 6,
        [[C("项    目", cs=4)] + [C(h, rs=3) for h in ("本年支出合计", "基本支出", "项目支出",
                                                    "上缴上级支出", "经营支出", "对附属单位补助支出")],
         [C("支出功能分类科目编码", cs=3), C("科目名称", rs=2)],
         ["类", "款", "项"],
         [C("栏    次", cs=4), "1", "2", "3", "4", "5", "6"]],
        body, ["注：本表反映本年度各项支出情况。"],
        aligns=[L, L, L, L] + [R] * 6, start="same", label_pos="below", meta="unit_first", unit_name=U,
        records=rec_subjects([0, 1, 2], 3, [(f, i + 4) for i, f in enumerate(exp_fields)])))

    # 公开06表 财政拨款收入支出决算总表 ------------------------------------------
    body = []
    for i in range(32):
        line_in = i + 1
        line_ex = i + 33
        if i < 3:
            left = [CN_NUM[i] + "、" + ["一般公共预算财政拨款", "政府性基金预算财政拨款",
                                        "国有资本经营预算财政拨款"][i], str(line_in), a(897.41 if i == 0 else 0)]
        elif line_in == 27:
            left = [C("本年收入合计", bold=True), "27", a(897.41)]
        elif line_in == 28:
            left = ["年初财政拨款结转和结余", "28", a(0)]
        elif 29 <= line_in <= 31:
            k = line_in - 29
            left = [CN_NUM[k] + "、" + ["一般公共预算财政拨款", "政府性基金预算财政拨款",
                                        "国有资本经营预算财政拨款"][k], str(line_in), a(0)]
        elif line_in == 32:
            left = [C("总    计", bold=True), "32", a(897.41)]
        else:
            left = ["", str(line_in), ""]
        if i < 26:
            cat = EXP_CATEGORIES[i]
            v = EXP_CAT_000.get(cat, 0)
            right = [CN_NUM[i] + "、" + cat, str(line_ex), a(v), a(v), a(0), a(0)]
        elif line_ex == 59:
            right = [C("本年支出合计", bold=True), "59", a(897.41), a(897.41), a(0), a(0)]
        elif line_ex == 60:
            right = ["年末财政拨款结转和结余", "60", a(0), a(0), a(0), a(0)]
        elif line_ex == 64:
            right = [C("总    计", bold=True), "64", a(897.41), a(897.41), a(0), a(0)]
        else:
            right = ["", str(line_ex), "", "", "", ""]
        body.append(left + right)
    tables.append(TableSpec(
        "fiscal_grant_summary", "06", "2023年度财政拨款收入支出决算总表",
        [108, 22, 44, 118, 22, 46, 52, 52, 52],
        [[C("收    入", cs=3), C("支    出", cs=6)],
         ["项    目", "行 次", "金 额", "项    目", "行 次", "合 计", "一般公共预算财政拨款",
          "政府性基金预算财政拨款", "国有资本经营预算财政拨款"],
         [C("栏    次", cs=2), "1", C("栏    次", cs=2), "2", "3", "4", "5"]],
        body,
        ["注：本表反映本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的总收支和年末结转结余情况。"],
        aligns=[L, M, R, L, M, R, R, R, R], font_size=7.5, label_pos="above", meta="split", unit_name=U,
        records=rec_summary([
            {"side": "income", "label": 0, "line": 1, "fields": [("amount", 2)]},
            {"side": "expenditure", "label": 3, "line": 4,
             "fields": [("total", 5), ("general_budget", 6), ("gov_fund", 7), ("state_capital", 8)]}])))

    # 公开07表 一般公共预算财政拨款支出决算表: codes split over 类 | 款 | 项 ---------------
    body = [[C("合    计", cs=4)] + [a(v) for v in TOTAL_000]]
    for code, name, total, basic, project in SUBJECTS_000:
        parts = [code[:3], code[3:5], code[5:7]]
        body.append(parts + [name, a(num(total)), a(num(basic)), a(num(project))])
    tables.append(TableSpec(
        "general_budget_expenditure", "07", "2023年度一般公共预算财政拨款支出决算表",
        [30, 26, 26, 193, 80, 80, 80],
        [[C("项    目", cs=4), C("本年支出", cs=3)],
         [C("支出功能分类科目编码", cs=3), C("科目名称", rs=2), C("小计", rs=2), C("基本支出", rs=2),
          C("项目支出", rs=2)],
         ["类", "款", "项"],
         [C("栏    次", cs=4), "1", "2", "3"]],
        body, ["注：本表反映本年度一般公共预算财政拨款支出情况。"],
        aligns=[M, M, M, L, R, R, R], label_pos="above", meta="split", unit_name=U,
        records=rec_subjects([0, 1, 2], 3, [("total", 4), ("basic", 5), ("project", 6)])))

    # 公开08表 一般公共预算财政拨款基本支出决算明细表: three code/name/amount groups ---------
    n = max(len(g) for g in BASIC_000)
    body = []
    for i in range(n):
        row = []
        for g in BASIC_000:
            if i < len(g):
                code, name, amt = g[i]
                row += [code, name, a(num(amt))]
            else:
                row += ["", "", ""]
        body.append(row)
    body.append([C("人员经费合计", cs=2), a(BASIC_TOTALS_000[0]), C("公用经费合计", cs=5),
                 a(BASIC_TOTALS_000[1])])
    tables.append(TableSpec(
        "general_budget_basic_detail", "08", "2023年度一般公共预算财政拨款基本支出决算明细表",
        [34, 103, 38] * 3,
        [[C("人员经费", cs=3), C("公用经费", cs=6)],
         ["科目代码", "科目名称", "决算数"] * 3],
        body, ["注：本表反映本年度一般公共预算财政拨款基本支出明细情况。"],
        aligns=[L, L, R] * 3, font_size=7.5, label_pos="above", meta="split", unit_name=U,
        records=rec_basic([([0], 1, 2), ([3], 4, 5), ([6], 7, 8)])))

    # 公开09表 政府性基金预算财政拨款收入支出决算表: empty, blank 合计 row, 说明 line ---------
    tables.append(TableSpec(
        "gov_fund", "09", "2023年度政府性基金预算财政拨款收入支出决算表",
        [22, 22, 22, 123, 55, 50, 50, 50, 50, 61],
        [[C("项    目", cs=4), C("年初结转和结余", rs=3), C("本年收入", rs=3), C("本年支出", cs=3),
          C("年末结转和结余", rs=3)],
         [C("支出功能分类科目编码", cs=3), C("科目名称", rs=2), C("小计", rs=2), C("基本支出", rs=2),
          C("项目支出", rs=2)],
         ["类", "款", "项"],
         [C("栏    次", cs=4), "1", "2", "3", "4", "5", "6"]],
        [[C("合    计", cs=4), "", "", "", "", "", ""]],
        ["注：本表反映本年度政府性基金预算财政拨款收入、支出及结转和结余情况。",
         "说明：本单位没有政府性基金收入，也没有使用政府性基金安排的支出，故本表无数据。"],
        aligns=[L, L, L, L] + [R] * 6, label_pos="below", meta="unit_first", unit_name=U,
        records=empty_records))

    # 公开10表 国有资本经营预算财政拨款支出决算表: empty; 金额单位 line before 单位 line -----
    tables.append(TableSpec(
        "state_capital_expenditure", "10", "2023年度国有资本经营预算财政拨款支出决算表",
        [30, 26, 26, 193, 80, 80, 80],
        [[C("项    目", cs=4), C("本年支出", cs=3)],
         [C("支出功能分类科目编码", cs=3), C("科目名称", rs=2), C("小计", rs=2), C("基本支出", rs=2),
          C("项目支出", rs=2)],
         ["类", "款", "项"],
         [C("栏    次", cs=4), "1", "2", "3"]],
        [[C("合    计", cs=4), "", "", ""]],
        ["注：本表反映本年度国有资本经营预算财政拨款支出情况。",
         "说明：本单位没有国有资本经营收入，也没有使用国有资本经营安排的支出，故本表无数据。"],
        aligns=[M, M, M, L, R, R, R], start="same", label_pos="above", meta="amount_first", unit_name=U,
        records=empty_records))

    # 公开11表 财政拨款“三公”经费支出决算表: vertical list -----------------------------
    items = [("“三公”经费支出合计", "total", 1.27, 1.27, 0),
             ("1. 因公出国（境）费用", "overseas_travel", 0, 0, 0),
             ("2. 公务用车购置及运行维护费小计", "vehicle_total", 0, 0, 0),
             ("（1）公务用车购置费", "vehicle_purchase", 0, 0, 1),
             ("（2）公务用车运行维护费", "vehicle_operation", 0, 0, 1),
             ("3. 公务接待费", "reception", 1.27, 1.27, 0)]
    tables.append(TableSpec(
        "three_public", "11", "2023年度财政拨款“三公”经费支出决算表",
        [255, 130, 130],
        [["项    目", "预算数", "决算数"]],
        [[C(lab, indent=12 * ind), a(b), a(v)] for lab, _, b, v, ind in items],
        ["注：本表反映本年度财政拨款“三公”经费支出预决算情况。其中：预算数为“三公”经费全年预算数，"
         "决算数是包括当年财政拨款和以前年度结转资金安排的实际支出。因公出国（境）费用不含教学科研人员学术交流。"],
        aligns=[L, R, R], label_pos="above", meta="split", unit_name=U,
        records=rec_three_vertical([it for _, it, _, _, _ in items], 1, 2)))

    narrative_before = [
        ("h", "一、概况"),
        ("h2", "（一）单位职责"),
        ("p", "1. 贯彻执行国家、省、市有关医疗保险、生育保险、医疗救助等医疗保障法律法规和政策规定，"
              "拟订全区医疗保障相关配套政策和工作规划。"),
        ("p", "2. 贯彻落实省、市医疗保障筹资和待遇政策，完善动态调整机制。贯彻执行省、市统一的医疗保障制度。"
              "组织实施长期护理保险制度改革方案。"),
        ("p", "3. 组织制定并执行医疗保障基金监督管理实施办法，建立健全医疗保障基金安全防控机制，"
              "推进医疗保障基金支付方式改革。承担全区医疗保障基金监督管理相关工作。"),
        ("p", "4. 指导监督全区药品、医用耗材的招标采购工作。"),
        ("h2", "（二）机构设置"),
        ("p", "从预算单位构成看，本单位内设：办公室、综合业务科、基金监管科。"),
        ("h", "二、2023年度单位决算公开表"),
        ("p", "本单位2023年度单位决算公开表共11张，详见下页。"),
    ]
    narrative_after = [
        ("h", "三、2023年度单位决算情况说明"),
        ("h2", "（一）收入支出决算总体情况说明"),
        ("p", "2023年度收入总计897.41万元，支出总计897.41万元，与2022年度相比，各减少400.78万元，下降30.87%，"
              "主要原因是由于本年度的专项项目经费较上年有所减少，故总收入、总支出的执行情况数也有所减少。"),
        ("h2", "（二）收入决算情况说明"),
        ("p", "本年收入合计897.41万元，包括财政拨款收入897.41万元，占收入合计100.00%；上级补助收入0.00万元，"
              "事业收入0.00万元，经营收入0.00万元，附属单位上缴收入0.00万元，其他收入0.00万元。"),
    ]
    tables.extend(perf_tables_000())
    return {
        "file": "ruled_report", "unit": U, "style": RULED,
        "cover": [(U, 26), ("2023年度单位决算", 24)], "date": "二〇二四年九月",
        "doc_title": U + "2023年度单位决算",
        "before": narrative_before, "tables": tables, "after": narrative_after,
    }


# ============================================================== seed 002: open report

UNIT_002 = "贵州省卫生项目管理办公室"

# code | name | income total | fiscal grant | other income | exp total | basic | project
SUBJECTS_002 = parse_rows("""
208|社会保障和就业支出|357.80|357.80|0|357.80|73.90|283.90
20805|行政事业单位养老支出|73.90|73.90|0|73.90|73.90|0
2080501|行政单位离退休|7.22|7.22|0|7.22|7.22|0
2080505|机关事业单位基本养老保险缴费支出|58.06|58.06|0|58.06|58.06|0
2080506|机关事业单位职业年金缴费支出|8.62|8.62|0|8.62|8.62|0
20899|其他社会保障和就业支出|283.90|283.90|0|283.90|0|283.90
2089999|其他社会保障和就业支出|283.90|283.90|0|283.90|0|283.90
210|卫生健康支出|11961.03|11903.10|57.93|13844.54|526.49|13318.05
21011|行政事业单位医疗|11257.79|11199.86|57.93|13154.74|35.86|13118.88
2101101|行政单位医疗|4467.44|4409.51|57.93|6364.39|18.51|6345.88
2101102|事业单位医疗|6773.00|6773.00|0|6773.00|0|6773.00
2101103|公务员医疗补助|17.35|17.35|0|17.35|17.35|0
21015|医疗保障管理事务|703.24|703.24|0|689.80|490.63|199.17
2101501|行政运行|490.63|490.63|0|490.63|490.63|0
2101502|一般行政管理事务|39.91|39.91|0|39.91|0|39.91
2101505|医疗保障政策管理|104.80|104.80|0|104.80|0|104.80
2101506|医疗保障经办事务|67.90|67.90|0|54.46|0|54.46
221|住房保障支出|47.89|47.89|0|47.89|47.89|0
22102|住房改革支出|47.89|47.89|0|47.89|47.89|0
2210201|住房公积金|47.89|47.89|0|47.89|47.89|0
""")
INCOME_TOTAL_002 = (12366.72, 12308.79, 57.93)
EXP_TOTAL_002 = (14250.23, 648.29, 13601.95)
EXP_CAT_002 = {"社会保障和就业支出": 357.81, "卫生健康支出": 13844.54, "住房保障支出": 47.89}

BASIC_002 = [parse_rows("""
301|工资福利支出|563.92
30101|基本工资|147.01
30102|津贴补贴|128.15
30103|奖金|137.04
30106|伙食补助费|0
30107|绩效工资|0
30108|机关事业单位基本养老保险缴费|58.06
30109|职业年金缴费|8.62
30110|职工基本医疗保险缴费|18.51
30111|公务员医疗补助缴费|17.35
30112|其他社会保障缴费|1.29
30113|住房公积金|47.89
30114|医疗费|0
30199|其他工资福利支出|0
303|对个人和家庭的补助|7.22
30301|离休费|0
30302|退休费|7.22
30303|退职（役）费|0
30304|抚恤金|0
30305|生活补助|0
30306|救济费|0
30307|医疗费补助|0
30308|助学金|0
30309|奖励金|0
30310|个人农业生产补贴|0
30311|代缴社会保险费|0
30399|其他对个人和家庭的补助|0
"""), parse_rows("""
302|商品和服务支出|77.14
30201|办公费|10.64
30202|印刷费|0
30203|咨询费|0
30204|手续费|0
30205|水费|0
30206|电费|0
30207|邮电费|1.90
30208|取暖费|0
30209|物业管理费|0
30211|差旅费|7.80
30212|因公出国（境）费用|0
30213|维修（护）费|0
30214|租赁费|0
30215|会议费|0
30216|培训费|0
30217|公务接待费|0.46
30218|专用材料费|0
30224|被装购置费|0
30225|专用燃料费|0
30226|劳务费|0
30227|委托业务费|0
30228|工会经费|5.30
30229|福利费|4.25
30231|公务用车运行维护费|0
30239|其他交通费用|36.47
30240|税金及附加费用|0
30299|其他商品和服务支出|10.32
307|债务利息及费用支出|0
30701|国内债务付息|0
30702|国外债务付息|0
310|资本性支出|0
31001|房屋建筑物购建|0
31002|办公设备购置|0
31003|专用设备购置|0
31005|基础设施建设|0
31006|大型修缮|0
31007|信息网络及软件购置更新|0
31008|物资储备|0
31009|土地补偿|0
31010|安置补助|0
31011|地上附着物和青苗补偿|0
31012|拆迁补偿|0
31013|公务用车购置|0
31019|其他交通工具购置|0
31021|文物和陈列品购置|0
31022|无形资产购置|0
31099|其他资本性支出|0
399|其他支出|0
39907|国家赔偿费用支出|0
39908|对民间非营利组织和群众性自治组织补贴|0
39909|经常性赠与|0
39910|资本性赠与|0
39999|其他支出|0
""")]
BASIC_TOTALS_002 = (571.14, 77.14)


def build_open():
    """Seed 002 as an open (horizontal rules only) report with portrait and landscape pages."""
    U = UNIT_002
    R, L, M = "r", "l", "c"
    t = lambda v: fmt_amount(v, thousands=True)  # noqa: E731  (0.00 for zero, thousands separators)
    dash = lambda v: fmt_amount(v, zero="-", thousands=True)  # noqa: E731
    blank = lambda v: fmt_amount(v, zero="", thousands=True)  # noqa: E731
    unit_kw = dict(unit_prefix="部门（单位）：", unit_name=U)
    tables = []

    # 公开01表 收入支出决算总表 (portrait, 行次, thousands separators) ---------------------
    inc = {1: 12308.79, 8: 57.93}
    body = []
    for i in range(31):
        line_in = i + 1
        line_ex = i + 32
        if i < 8:
            left = [CN_NUM[i] + "、" + INCOME_ITEMS[i], str(line_in), t(inc.get(line_in, 0))]
        elif line_in == 27:
            left = ["本年收入合计", "27", t(12366.72)]
        elif line_in == 28:
            left = ["使用非财政拨款结余（含专用结余）", "28", t(0)]
        elif line_in == 29:
            left = ["年初结转和结余", "29", t(5546.03)]
        elif line_in == 31:
            left = ["总计", "31", t(17912.75)]
        else:
            left = ["", str(line_in), ""]
        if i < 26:
            cat = EXP_CATEGORIES[i]
            right = [CN_NUM[i] + "、" + cat, str(line_ex), t(EXP_CAT_002.get(cat, 0))]
        elif line_ex == 58:
            right = ["本年支出合计", "58", t(14250.23)]
        elif line_ex == 59:
            right = ["结余分配", "59", t(0)]
        elif line_ex == 60:
            right = ["年末结转和结余", "60", t(3662.52)]
        elif line_ex == 62:
            right = ["总计", "62", t(17912.75)]
        else:
            right = ["", str(line_ex), ""]
        body.append(left + right)
    tables.append(TableSpec(
        "income_expenditure_summary", "01", "2023年度收入支出决算总表",
        [158, 28, 62, 158, 28, 66],
        [[C("收入", cs=3), C("支出", cs=3)],
         ["项目", "行次", "决算数", "项目", "行次", "决算数"],
         [C("栏次", cs=2), "1", C("栏次", cs=2), "2"]],
        body, ["注：1.本表反映单位本年度的总收支和年末结转结余情况。", "2.本套报表金额单位转换时可能存在尾数误差。"],
        aligns=[L, M, R, L, M, R], font_size=8.5, label_pos="below", meta="above_title",
        records=rec_summary([
            {"side": "income", "label": 0, "line": 1, "fields": [("amount", 2)]},
            {"side": "expenditure", "label": 3, "line": 4, "fields": [("amount", 5)]}]), **unit_kw))

    # 公开02表 收入决算表 (landscape; narrow 科目名称 column wraps long names; zero as "-") --
    inc_fields = ["total", "fiscal_grant", "superior_subsidy", "business_income", "operating_income",
                  "affiliated_remittance", "other_income"]

    def inc_row(total, grant, other):
        return [dash(total), dash(grant), dash(0), dash(0), dash(0), dash(0), dash(other)]

    body = [[C("合计", cs=2)] + inc_row(*INCOME_TOTAL_002)]
    for code, name, it, ig, io, *_ in SUBJECTS_002:
        body.append([code, name] + inc_row(num(it), num(ig), num(io)))
    tables.append(TableSpec(
        "income_by_function", "02", "2023年度收入决算表",
        [62, 96] + [78] * 7,
        [[C("项目", cs=2)] + [C(h, rs=2) for h in ("本年收入合计", "财政拨款收入", "上级补助收入", "事业收入",
                                                 "经营收入", "附属单位上缴收入", "其他收入")],
         ["科目代码", "科目名称"],
         [C("栏次", cs=2), "1", "2", "3", "4", "5", "6", "7"]],
        body, ["注：本表反映单位本年度取得的各项收入情况。"],
        aligns=[L, L] + [R] * 7, orientation="landscape", font_size=8.0, label_pos="beside", meta="split",
        records=rec_subjects([0], 1, [(f, i + 2) for i, f in enumerate(inc_fields)]), **unit_kw))

    # 公开03表 支出决算表 (landscape; zero printed blank) -------------------------------
    exp_fields = ["total", "basic", "project", "remit_to_superior", "operating", "subsidy_to_affiliated"]
    body = [[C("合计", cs=2)] + [blank(v) for v in EXP_TOTAL_002] + [blank(0)] * 3]
    for code, name, _, _, _, et, eb, ep in SUBJECTS_002:
        body.append([code, name, blank(num(et)), blank(num(eb)), blank(num(ep))] + [blank(0)] * 3)
    tables.append(TableSpec(
        "expenditure_by_function", "03", "2023年度支出决算表",
        [62, 96] + [88] * 6,
        [[C("项目", cs=2)] + [C(h, rs=2) for h in ("本年支出合计", "基本支出", "项目支出", "上缴上级支出",
                                                 "经营支出", "对附属单位补助支出")],
         ["科目代码", "科目名称"],
         [C("栏次", cs=2), "1", "2", "3", "4", "5", "6"]],
        body, ["注：本表反映单位本年度各项支出情况。"],
        aligns=[L, L] + [R] * 6, orientation="landscape", font_size=8.0, label_pos="beside", meta="split",
        records=rec_subjects([0], 1, [(f, i + 2) for i, f in enumerate(exp_fields)]), **unit_kw))

    # 公开04表 财政拨款收入支出决算总表 (landscape; no 行次 column: items repeat on the income
    # side and are matched in order) ----------------------------------------------------
    names3 = ["一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
    body = []
    for i in range(32):
        line_in = i + 1
        line_ex = i + 33
        if i < 3:
            left = [CN_NUM[i] + "、" + names3[i], t(12308.79 if i == 0 else 0)]
        elif line_in == 27:
            left = ["本年收入合计", t(12308.79)]
        elif line_in == 28:
            left = ["年初财政拨款结转和结余", t(4999.06)]
        elif 29 <= line_in <= 31:
            left = [C(names3[line_in - 29], indent=18), t(4999.06 if line_in == 29 else 0)]
        elif line_in == 32:
            left = ["总计", t(17307.85)]
        else:
            left = ["", ""]
        if i < 26:
            cat = EXP_CATEGORIES[i]
            v = EXP_CAT_002.get(cat, 0)
            right = [CN_NUM[i] + "、" + cat, t(v), t(v), t(0), t(0)]
        elif line_ex == 59:
            right = ["本年支出合计", t(14250.23), t(14250.23), t(0), t(0)]
        elif line_ex == 60:
            right = ["年末财政拨款结转和结余", t(3057.62), t(3057.62), t(0), t(0)]
        elif line_ex == 64:
            right = ["总计", t(17307.85), t(17307.85), t(0), t(0)]
        else:
            right = ["", "", "", "", ""]
        body.append(left + right)
    tables.append(TableSpec(
        "fiscal_grant_summary", "04", "2023年度财政拨款收入支出决算总表",
        [178, 78, 178, 78, 80, 80, 80],
        [[C("收入", cs=2), C("支出", cs=5)],
         ["项目", "金额", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"],
         ["栏次", "1", "栏次", "2", "3", "4", "5"]],
        body,
        ["注：本表反映单位本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的总收支和年末结转结余情况。"],
        aligns=[L, R, L, R, R, R, R], orientation="landscape", font_size=8.0, label_pos="above",
        meta="amount_first",
        records=rec_summary([
            {"side": "income", "label": 0, "line": None, "fields": [("amount", 1)]},
            {"side": "expenditure", "label": 2, "line": None,
             "fields": [("total", 3), ("general_budget", 4), ("gov_fund", 5), ("state_capital", 6)]}]),
        **unit_kw))

    # 公开05表 一般公共预算财政拨款支出决算表 (portrait; title printed without the year) ----
    body = [[C("合计", cs=2)] + [t(v) for v in EXP_TOTAL_002]]
    for code, name, _, _, _, et, eb, ep in SUBJECTS_002:
        body.append([code, name, t(num(et)), t(num(eb)), t(num(ep))])
    tables.append(TableSpec(
        "general_budget_expenditure", "05", "一般公共预算财政拨款支出决算表",
        [62, 190, 82, 82, 82],
        [[C("项目", cs=2), C("本年支出", cs=3)],
         ["科目代码", "科目名称", "小计", "基本支出", "项目支出"],
         [C("栏次", cs=2), "1", "2", "3"]],
        body, ["注：本表反映单位本年度一般公共预算财政拨款支出情况。"],
        aligns=[L, L, R, R, R], label_pos="beside", meta="split",
        records=rec_subjects([0], 1, [("total", 2), ("basic", 3), ("project", 4)]), **unit_kw))

    # 公开06表 基本支出决算明细表 (portrait; two groups; economic codes split 类 | 款; long,
    # continued on the next page WITHOUT the header) --------------------------------------
    n = max(len(g) for g in BASIC_002)
    body = []
    for i in range(n):
        row = []
        for g in BASIC_002:
            if i < len(g):
                code, name, amt = g[i]
                cls, item = code[:3], code[3:]
                row += [cls, item, C(name, indent=9 if item else 0), t(num(amt))]
            else:
                row += ["", "", "", ""]
        body.append(row)
    body.append([C("人员经费合计", cs=3), t(BASIC_TOTALS_002[0]), C("公用经费合计", cs=3),
                 t(BASIC_TOTALS_002[1])])
    tables.append(TableSpec(
        "general_budget_basic_detail", "06", "2023年度一般公共预算财政拨款基本支出决算明细表",
        [30, 26, 118, 72] * 2,
        [[C("人员经费", cs=4), C("公用经费", cs=4)],
         [C("科目代码", cs=2), C("科目名称", rs=2), C("决算数", rs=2)] * 2,
         ["类", "款", "类", "款"]],
        body, ["注：本表反映单位本年度一般公共预算财政拨款基本支出明细情况。"],
        aligns=[L, L, L, R] * 2, label_pos="above", meta="split",
        records=rec_basic([([0, 1], 2, 3), ([4, 5], 6, 7)]), **unit_kw))

    # 公开07表 政府性基金预算财政拨款收入支出决算表 (landscape; a printed 0.00 合计 row) -----
    tables.append(TableSpec(
        "gov_fund", "07", "2023年度政府性基金预算财政拨款收入支出决算表",
        [70, 150, 88, 88, 88, 88, 88, 88],
        [[C("项目", cs=2), C("年初结转和结余", rs=2), C("本年收入", rs=2), C("本年支出", cs=3),
          C("年末结转和结余", rs=2)],
         ["科目代码", "科目名称", "小计", "基本支出", "项目支出"],
         [C("栏次", cs=2), "1", "2", "3", "4", "5", "6"]],
        [[C("合计", cs=2)] + [t(0)] * 6],
        ["注：1.本表反映单位本年度政府性基金预算财政拨款收入、支出及结转和结余情况。",
         "2.本单位2023年度没有政府性基金预算财政拨款收入，也没有使用政府性基金预算财政拨款安排的支出，故本表无数据。"],
        aligns=[L, L] + [R] * 6, orientation="landscape", label_pos="beside", meta="split",
        records=rec_subjects([0], 1, [("opening_balance", 2), ("income", 3), ("total", 4), ("basic", 5),
                                      ("project", 6), ("closing_balance", 7)]), **unit_kw))

    # 公开08表 国有资本经营预算财政拨款支出决算表 (same page; the 本年支出 sub-heads are printed
    # inside the blank 合计 row instead of the header) ------------------------------------
    tables.append(TableSpec(
        "state_capital_expenditure", "08", "2023年度国有资本经营预算财政拨款支出决算表",
        [70, 210, 130, 130, 130],
        [[C("项目", cs=2), C("本年支出", cs=3)],
         ["科目代码", "科目名称", "", "", ""],
         [C("栏次", cs=2), "1", "2", "3"]],
        [[C("合计", cs=2), C("合计", align="c"), C("基本支出", align="c"), C("项目支出", align="c")]],
        ["注：1.本表反映单位本年度国有资本经营预算财政拨款支出情况。",
         "2.本单位2023年度没有国有资本经营预算财政拨款安排的支出，故本表无数据。"],
        aligns=[L, L, R, R, R], orientation="landscape", start="same", label_pos="above", meta="unit_first",
        records=empty_records, **unit_kw))

    # 公开09表 财政拨款“三公”经费支出决算表 (landscape; one wide row; title without year) -----
    vals = [0.46, 0, 0, 0, 0, 0.46]
    tables.append(TableSpec(
        "three_public", "09", "财政拨款“三公”经费支出决算表",
        [62] * 12,
        [[C("预算数", cs=6), C("决算数", cs=6)],
         [C("合计", rs=2), C("因公出国（境）费", rs=2), C("公务用车购置及运行维护费", cs=3),
          C("公务接待费", rs=2)] * 2,
         ["小计", "公务用车购置费", "公务用车运行维护费"] * 2,
         [str(i) for i in range(1, 13)]],
        [[t(v) for v in vals] + [t(v) for v in vals]],
        ["注：本表反映单位本年度财政拨款“三公”经费支出预决算情况。其中，预算数为“三公”经费全年预算数，"
         "反映按规定程序调整后的预算数；决算数是包括当年财政拨款和以前年度结转资金安排的实际支出。"],
        aligns=[R] * 12, orientation="landscape", label_pos="beside", meta="split",
        records=rec_three_wide(), **unit_kw))

    narrative_before = [
        ("h", "第一部分  贵州省卫生项目管理办公室概况"),
        ("h2", "一、部门职责"),
        ("p", "（一）贯彻执行城镇职工和城乡居民基本医疗保险、生育保险，以及医疗救助的基本方针、政策。"),
        ("p", "（二）指导全省城镇职工、城乡居民基本医疗保险、生育保险和医疗救助经办工作。"),
        ("p", "（三）参与拟定医疗保险、生育保险经办工作业务规划、工作规范并组织实施。"),
        ("p", "（四）承担主管部门交办的其他工作。"),
        ("h2", "二、机构设置"),
        ("p", "省医保事务中心有6个内设机构：综合科、基金财务科、参保管理科、经办服务科、稽核管理科、协议管理科。"),
        ("p", "我单位没有下属单位，按照单位决算编报要求，单独编制本级决算。"),
    ]
    narrative_after = [
        ("h", "第三部分  2023年度部门决算情况说明"),
        ("h2", "一、收入支出决算总体情况说明"),
        ("p", "2023年度收、支总计均为17,912.75万元，与2022年度相比，收、支总计各减少577.07万元，下降3.12%，"
              "主要原因是：2023年退休老干人员有所减少，医疗费用减少86.9万元；公费医疗费用较2022年减少994.26万元。"),
        ("h2", "二、收入决算情况说明"),
        ("p", "本年收入合计12,366.72万元，其中：财政拨款收入12,308.79万元，占99.53%；其他收入57.93万元，占0.47%。"),
    ]
    tables.extend(perf_tables_002())
    return {
        "file": "open_report", "unit": U, "style": OPEN,
        "cover": [(U, 28), ("2023年度部门决算", 26)], "date": "2024年8月",
        "doc_title": U + "2023年度部门决算",
        "before": narrative_before, "tables": tables, "after": narrative_after,
        "tables_heading": "第二部分  2023年度部门决算表",
        "running_header": U + "2023年度部门决算",
    }


# ============================================================== performance self-evaluation tables (绩效自评表)

def perf_table(title, cols, block, grid_heading, levels, total, fields, unit_name, amount_unit="万元",
               orientation="portrait", start="new"):
    """A 项目支出绩效自评表: the key-value block (project, departments, funds, goals) as
    header rows, then the indicator grid as body rows under its own heading row.

    levels: [(一级指标, [(二级指标, [(三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因), ...]), ...]), ...];
    a 二级指标 without indicators is printed as a label-only row and yields no record.
    The 绩效指标 label is merged down the grid's first column; 一级/二级指标 labels are
    merged over their rows; the 总分 row spans the label columns."""
    body = []
    records = []
    for l1, groups in levels:
        rows1 = []
        for l2, items in groups:
            rows2 = []
            if not items:
                rows2.append(["", "", "", "", "", ""])
            for ind, target, actual, weight, score, remark in items:
                rows2.append([ind, target, actual, weight, score, remark])
                records.append({"level1": norm(l1), "level2": norm(l2), "indicator": norm(ind),
                                "target": norm(target) or None, "actual": norm(actual) or None,
                                "weight": amount_value(weight), "score": amount_value(score),
                                "remark": norm(remark) or None})
            rows2[0] = [C(l2, rs=len(rows2))] + rows2[0]
            rows1.extend(rows2)
        rows1[0] = [C(l1, rs=len(rows1))] + rows1[0]
        body.extend(rows1)
    heading = [C("绩效指标", rs=len(body) + 1)] + grid_heading
    body = [heading] + body + [[C("总分", cs=6), total[0], total[1], ""]]
    spec = TableSpec("performance_self_evaluation", None, title, cols, block, body, [],
                     aligns=["c", "c", "c", "l", "l", "l", "r", "r", "l"], orientation=orientation, start=start,
                     unit_name=unit_name, records=lambda grid: records)
    spec.repeat_header = False  # the key-value block is printed once, not on every page
    spec.amount_unit = amount_unit
    spec.fields = fields
    return spec


PERF_GOAL_000 = ("开展基金安全集中宣传月各类宣传活动，营造全社会共同参与“安全规范用基金 守好人民‘看病钱’”的氛围，"
                 "切实维护医保基金安全；对经办机构内控制度执行、医保待遇支付等情况进行第三方审计评估，规范业务经办、"
                 "内控执行及两定单位的医保基金使用；开展好医保相关业务培训，切实提高经办人员相关业务水平和能力；"
                 "群众对医保服务的满意度达到85%及以上；完成2022年的各项业务档案、文书档案和其他档案进行数字化加工工作，"
                 "由档案来源科室进行验收，质量抽检的合格率达到95%及以上；做好在单位宣传栏、基层经办窗口、"
                 "定点医药机构医保服务点等设施场地和微信等新媒体上的清廉医保建设工作推广，为宣传医保政策提供便捷服务。")


def perf_tables_000():
    """Seed 000's first project self-evaluation table (万元, weights as 权重)."""
    project = "2023年中央财政医疗服务与保障能力提升补助资金"
    dept, impl = "352-市医疗保障局柯桥分局", "352001-绍兴市医疗保障局柯桥分局"
    block = [
        [C("项目名称", cs=2), C(project, cs=7)],
        [C("主管部门", cs=2), C(dept, cs=2), "预算单位", C(impl, cs=4)],
        [C("项目资金\n(万元)", rs=3), "资金来源", C("年初预算数", cs=2), "全年预算数(A)", "全年执行数(B)",
         "全年执行数(其他)", C("执行率(B/A)", cs=2)],
        ["年度资金总额", C("0", cs=2), "26", "26", "0", C("100.00%", cs=2)],
        ["一般公共预算资金", C("0", cs=2), "26", "26", "0", C("100.00%", cs=2)],
        [C("年度总体目标", rs=2, cs=2), C("预期目标", cs=3), C("实际完成情况", cs=4)],
        [C(PERF_GOAL_000, cs=3), C(PERF_GOAL_000, cs=4)],
        [C("目标偏离原因分析", cs=2), C("无", cs=7)],
        [C("整改措施及建议", cs=2), C("结合本单位实际工作要求，适当加快开展工作的进度和项目计划的实施来继续提高资金支付率。", cs=7)],
    ]
    heading = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "权重", "得分", "偏差原因分析及改进措施"]
    levels = [
        ("产出指标 (60.00分)", [
            ("数量指标 (25.00分)", [
                ("新增定点医药机构数量", "按市级定点规划确定数量", "6家", "5.00", "5.00", ""),
                ("针对经办机构全年业务进行审计的次数", "=1次", "1次", "10.00", "10.00", ""),
                ("发放医保基金宣传(活动)资料的数量", "≥5000份", "5500份", "10.00", "10.00", "")]),
            ("质量指标 (15.00分)", [
                ("内控执行的情况", "有所规范", "有所规范", "10.00", "10.00", ""),
                ("第三方审计查出问题", "≥3条", "3条", "5.00", "5.00", "")]),
            ("时效指标 (20.00分)", [
                ("项目完成时间", "年底前", "年底前", "10.00", "10.00", ""),
                ("预算执行率", "≥90%", "100%", "10.00", "10.00", "")]),
            ("成本指标 (0分)", [])]),
        ("效益指标 (30.00分)", [
            ("经济效益 (10.00分)", [("医保基金安全", "得到维护", "得到维护", "10.00", "10.00", "")]),
            ("社会效益 (5.00分)", [("规范定点医药机构医保服务行为", "成效显著", "成效显著", "5.00", "5.00", "")]),
            ("生态效益 (0分)", []),
            ("可持续影响 (15.00分)", [
                ("医疗保障服务覆盖面", "有所扩大", "有所扩大", "5.00", "5.00", ""),
                ("保障办公运行需要", "办公所需", "办公所需", "5.00", "5.00", "")])]),
        ("满意度指标 (10.00分)", [
            ("服务对象满意度 (10.00分)", [
                ("群众对医保服务的满意度", "≥85%", "≥85%", "5.00", "5.00", ""),
                ("抽检质量合格率", "≥95%", "≥95%", "10.00", "10.00", "")])]),
    ]
    fields = {"project": project, "department": dept, "implementer": impl, "budget_initial": 0.0,
              "budget_full_year": 26.0, "executed": 26.0, "execution_rate": 100.0, "budget_weight": None,
              "budget_score": None, "total_score": 100.0, "goal": norm(PERF_GOAL_000), "outcome": norm(PERF_GOAL_000)}
    return [perf_table("项目支出绩效自评表", [44, 58, 58, 96, 70, 58, 34, 34, 62], block, heading, levels,
                       ("100", "100"), fields, UNIT_000, start="same")]


def perf_tables_002():
    """Seed 002's first project self-evaluation table (元; 分值/执行率/得分 of the budget row)."""
    project = "财政对职工基本医疗保险基金的补助"
    dept, impl = "[261]贵州省医疗保障局", "贵州省卫生项目管理办公室"
    goal = ("目标1：保障省本级单位基本医疗保险参保人员正常享受医疗保险待遇。目标2：做好省级老红军、离休干部、"
            "二等乙级以上革命伤残军人的医疗待遇保障工作；保障省政府驻外办事处人员医疗待遇及原省直机关事业单位"
            "老工伤或职业病人员医疗待遇;及时审核代拨省直驻市、州的原省级医疗享受单位医疗保险缴费财政补助。")
    outcome = ("目标1：全年保障省本级单位基本医疗保险参保人员正常享受医疗保险待遇。目标2：全面做好省级老红军、离休干部"
               "、二等乙级以上革命伤残军人的医疗待遇保障工作；保障省政府驻外办事处人员医疗待遇及原省直机关事业单位"
               "老工伤或职业病人员医疗待遇;及时审核代拨省直驻市、州的原省级医疗享受单位医疗保险缴费财政补助。")
    block = [
        [C("项目名称", cs=2), C(project, cs=7)],
        [C("主管部门及代码", cs=2), C(dept, cs=3), "实施单位", C(impl, cs=3)],
        [C("项目资金\n(元)", rs=6), "资金来源", "年初预算数", "全年预算数(A)", "全年执行数(B)", "分值", "执行率",
         C("得分", cs=2)],
        ["年度资金总额：", "251624000", "251624000", "188730000", "10", "75.00", C("7.5", cs=2)],
        ["财政拨款：", "251624000", "251624000", "188730000", "-", "-", C("-", cs=2)],
        ["------本级安排：", "251624000", "251624000", "188730000.00", "-", "-", C("-", cs=2)],
        ["------其中：上级补助：", "0", "0", "0", "-", "-", C("-", cs=2)],
        ["其他：", "0", "0", "0", "-", "-", C("-", cs=2)],
        [C("年度总体目标", rs=2, cs=2), C("预期目标", cs=3), C("实际完成情况", cs=4)],
        [C(goal, cs=3), C(outcome, cs=4)],
    ]
    heading = ["一级指标", "二级指标", "三级指标", "年度指标值(A)", "实际完成值(B)", "分值", "得分", "未完成原因分析"]
    levels = [
        ("产出指标(50分)", [
            ("数量指标", [("数量指标", "≥13.72万人", "≥13.72万人", "10", "10", "")]),
            ("质量指标", [("质量指标", "≥95%", "≥95%", "15", "15", "")]),
            ("时效指标", [("时效指标", "2025年12月31日", "达成年度指标", "15", "15", "")]),
            ("成本指标", [("项目或定额成本控制率", "＝100%", "＝100%", "10", "10", "")])]),
        ("效益指标(30分)", [("社会效益指标", [("社会效益指标", "＝100%", "＝100%", "30", "30", "")])]),
        ("满意度指标(10分)", [("满意度指标", [("服务满意度指标", "≥95%", "≥95%", "10", "10", "")])]),
    ]
    fields = {"project": project, "department": dept, "implementer": impl, "budget_initial": 251624000.0,
              "budget_full_year": 251624000.0, "executed": 188730000.0, "execution_rate": 75.0,
              "budget_weight": 10.0, "budget_score": 7.5, "total_score": 90.0, "goal": norm(goal),
              "outcome": norm(outcome)}
    return [perf_table("项目支出绩效目标自评表", [50, 70, 80, 110, 100, 100, 45, 45, 110], block, heading, levels,
                       ("90", "90"), fields, UNIT_002, amount_unit="元", orientation="landscape")]


# ============================================================== writing

def dump_json(v, level=0):
    """JSON with one line per row / record / span: readable diffs, small files."""
    flat = not isinstance(v, (list, dict)) or all(not isinstance(x, (list, dict))
                                                  for x in (v.values() if isinstance(v, dict) else v))
    if flat:
        return json.dumps(v, ensure_ascii=False)
    pad = "  " * (level + 1)
    if isinstance(v, dict):
        items = ["%s%s: %s" % (pad, json.dumps(k, ensure_ascii=False), dump_json(x, level + 1))
                 for k, x in v.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * level + "}"
    items = [pad + dump_json(x, level + 1) for x in v]
    return "[\n" + ",\n".join(items) + "\n" + "  " * level + "]"


def render_report(r, out_dir):
    path = os.path.join(out_dir, r["file"] + ".pdf")
    style = r["style"]
    rep = Report(path, style, r["doc_title"])
    rep.cover(r["cover"], r["date"])
    style.running_header = None
    rep.new_page()
    for kind, text in r["before"]:
        if kind == "h":
            rep.heading(text, style.text_fs + 3)
        elif kind == "h2":
            rep.heading(text, style.text_fs + 1, gap_before=4)
        else:
            rep.paragraph(text)
    style.running_header = r.get("running_header")
    first = True
    for spec in r["tables"]:
        if first and r.get("tables_heading"):
            rep.new_page(spec.orientation)
            rep.heading(r["tables_heading"], style.text_fs + 3, gap_before=0)
            spec.start = "same"
        rep.table(spec)
        first = False
    rep.y -= 10
    for kind, text in r["after"]:
        if kind == "h":
            rep.heading(text, style.text_fs + 3, gap_before=14)
        elif kind == "h2":
            rep.heading(text, style.text_fs + 1, gap_before=4)
        else:
            rep.paragraph(text)
    rep.save()
    style.running_header = None
    tables = [expected_table(s) for s in r["tables"]]
    expected = {
        "source": r["file"] + ".pdf",
        "unit": r["unit"],
        "year": YEAR,
        "tables": [c for c, _ in tables],
    }
    spans = {"source": r["file"] + ".pdf", "tables": [lay for _, lay in tables]}
    for name, doc in (("expected", expected), ("spans", spans)):
        with open(os.path.join(out_dir, "%s.%s.json" % (r["file"], name)), "w", encoding="utf-8") as fh:
            fh.write(dump_json(doc) + "\n")
    return rep.page, [(s.kind, s.pages) for s in r["tables"]]


NO_TABLES_TEXT = [
    ("h", "诸暨市医疗保障局2019年度部门决算情况说明"),
    ("h2", "（一）收入支出决算总体情况说明"),
    ("p", "2019年度收、支总计826.54万元，与2018年度相比，收、支总计各增加826.54万元，增长100%。"
          "主要原因是：诸暨市医疗保障局为2019年机构改革后新成立单位，无上年数。"),
    ("h2", "（二）收入决算情况说明"),
    ("p", "本年收入合计826.54万元；包括财政拨款收入826.54万元（其中，一般公共预算826.54万元，政府性基金预算0万元），"
          "占收入合计100.00%；上级补助收入0万元，占收入合计0%；事业收入0万元，占收入合计0%；经营收入0万元，"
          "占收入合计0%。附属单位上缴收入0万元，占收入合计0%。其他收入0万元，占收入合计0%。"),
    ("h2", "（三）支出决算情况说明"),
    ("p", "本年支出合计826.54万元，其中基本支出490.20万元，占59.31%；项目支出336.34万元，占40.69%；"
          "上缴上级支出0万元，占0%；经营支出0万元，占0%；对附属单位补助支出0万元，占0%。"),
    ("h2", "（四）一般公共预算财政拨款基本支出决算情况说明"),
    ("p", "2019年度一般公共预算财政拨款基本支出490.20万元，其中：人员经费454.32万元，主要包括：基本工资、津贴补贴、"
          "奖金、绩效工资、机关事业单位基本养老保险缴费、职业年金缴费、住房公积金、公务员医疗补助缴费和职工基本医疗保险缴费等；"
          "公用经费35.88万元，主要包括：办公费、印刷费、差旅费、公务接待、其他交通费用和其他商品和服务支出等。"),
    ("h2", "（五）“三公”经费一般公共预算财政拨款支出决算情况说明"),
    ("p", "2019年度“三公”经费一般公共预算财政拨款支出预算为0万元，支出决算为1.21万元，完成预算的100%，"
          "主要原因是诸暨市医疗保障局为2019年机构改革新成立单位，无上年数，无年初预算数，部分公务接待费尚未支付。"),
]


def narrative_pdf(path, encrypt=None, title="诸暨市医疗保障局2019年度部门决算"):
    style = Style(**RULED.__dict__)
    rep = Report(path, style, title, encrypt=encrypt)
    rep.cover([("诸暨市医疗保障局", 26), ("2019年度部门决算", 24)], "二〇二〇年十月")
    rep.new_page()
    for kind, text in NO_TABLES_TEXT:
        if kind == "h":
            rep.heading(text, style.text_fs + 3)
        elif kind == "h2":
            rep.heading(text, style.text_fs + 1, gap_before=4)
        else:
            rep.paragraph(text)
    rep.save()


def write_errors(out_dir):
    d = os.path.join(out_dir, "errors")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "not_a_pdf.pdf"), "w", encoding="utf-8") as fh:
        fh.write("这不是PDF文件。This is a plain text file with a .pdf name, used to test the\n"
                 "\"not a PDF\" error of `pipeline run`.\n")
    narrative_pdf(os.path.join(d, "no_tables.pdf"))
    enc = pdfencrypt.StandardEncryption("juesuan-user", ownerPassword="juesuan-owner", strength=128)
    narrative_pdf(os.path.join(d, "encrypted.pdf"), encrypt=enc)
    # a real multi-page PDF cut in half: no xref table, no trailer, objects cut off
    tmp = os.path.join(d, "truncated.full.tmp")
    narrative_pdf(tmp, title="truncated fixture")
    with open(tmp, "rb") as fh:
        data = fh.read()
    os.remove(tmp)
    with open(os.path.join(d, "truncated.pdf"), "wb") as fh:
        fh.write(data[: len(data) // 2])


# ============================================================== OCR variants
# A broken text layer (fonts without ToUnicode: exact glyph positions, wrong
# characters) and a scan, both of a short report cut from the ruled one, for
# the end-to-end OCR tests (real Tesseract; CI OCRs about 3 s a page, so
# they stay at three pages).

BROKEN_TABLES = ("income_by_unit", "income_by_function", "expenditure_by_unit")


def build_broken():
    r = build_ruled()
    r["file"] = "broken_text_report"
    r["tables"] = [s for s in r["tables"] if s.kind in BROKEN_TABLES]
    r["tables"][0].start = "same"
    r["before"] = r["before"][:2]
    r["after"] = []
    return r


def break_text_layer(path):
    """Blank every /ToUnicode reference with spaces of the same length, so the
    xref offsets stay valid: poppler then reads the subset codes as WinAnsi."""
    with open(path, "rb") as fh:
        data = fh.read()
    broken, n = re.subn(rb"/ToUnicode\s+\d+\s+\d+\s+R", lambda m: b" " * len(m.group(0)), data)
    if n == 0 or len(broken) != len(data):
        raise RuntimeError("no ToUnicode map to remove in " + path)
    with open(path, "wb") as fh:
        fh.write(broken)


SCAN_DPI = 200


def write_scan(pdf_path, out_path, seed=3):
    """Rasterise a PDF (pdftoppm, grey) as a noisy scan: rotated about 1 degree,
    speckled, a red seal over the first table page, each page a JPEG in a PDF."""
    import random
    import subprocess
    from PIL import Image, ImageDraw, ImageFont
    rnd = random.Random(seed)
    out_path = os.path.abspath(out_path)
    cwd = os.getcwd()
    tmp = tempfile.mkdtemp(prefix="scan-")
    try:
        subprocess.run(["pdftoppm", "-r", str(SCAN_DPI), "-gray", "-png", pdf_path, os.path.join(tmp, "p")],
                       check=True)
        pages = sorted(f for f in os.listdir(tmp) if f.endswith(".png"))
        c = rl_canvas.Canvas(out_path, invariant=1, pageCompression=1)
        c.setCreator("juesuan scripts/make_fixtures.py (scanned variant)")
        for i, name in enumerate(pages):
            img = Image.open(os.path.join(tmp, name)).convert("RGB")
            w, h = img.size
            if i == 1:  # the seal overlaps the first table's body
                seal = ImageDraw.Draw(img)
                cx, cy, rad = int(w * 0.62), int(h * 0.42), int(SCAN_DPI * 0.8)
                seal.ellipse([cx - rad, cy - rad, cx + rad, cy + rad], outline=(215, 40, 40), width=7)
                font = ImageFont.truetype(FONT_PATH, int(rad * 0.32), index=0)
                seal.text((cx, cy), "医疗保障局", font=font, fill=(215, 40, 40), anchor="mm")
            angle = (0.8 + 0.4 * rnd.random()) * (1 if i % 2 == 0 else -1)
            img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))
            px = img.load()
            for _ in range(w * h // 6000):
                x, y = rnd.randrange(w), rnd.randrange(h)
                v = rnd.randrange(0, 140)
                px[x, y] = (v, v, v)
            jpg = "p%d.jpg" % i
            if i != 1:
                img = img.convert("L")  # grey pages; the seal page stays in colour
            img.save(os.path.join(tmp, jpg), "JPEG", quality=50)
            size = (w * 72.0 / SCAN_DPI, h * 72.0 / SCAN_DPI)
            c.setPageSize(size)
            # reportlab names an image after its path: a relative one keeps the output deterministic
            os.chdir(tmp)
            try:
                c.drawImage(jpg, 0, 0, size[0], size[1])
            finally:
                os.chdir(cwd)
            c.showPage()
        c.save()
    finally:
        shutil.rmtree(tmp)


def write_ocr_variants(out_dir):
    # in their own folder: the born-digital tests run every fixtures/*.pdf
    d = os.path.join(out_dir, "ocr")
    os.makedirs(d, exist_ok=True)
    r = build_broken()
    pages, tables = render_report(r, d)
    clean = os.path.join(d, "broken_text_report.pdf")
    # the scan is of the intact report; its truth is the same tables
    write_scan(clean, os.path.join(d, "scanned_report.pdf"))
    with open(os.path.join(d, "broken_text_report.expected.json"), encoding="utf-8") as fh:
        truth = json.load(fh)
    truth["source"] = "scanned_report.pdf"
    with open(os.path.join(d, "scanned_report.truth.json"), "w", encoding="utf-8") as fh:
        fh.write(dump_json(truth) + "\n")
    break_text_layer(clean)
    return "ocr/" + r["file"], pages, tables


# ============================================================== a report that does not add up
# Printed reports are not always consistent: a typo in a 合计 row carried along
# the row still agrees with the row's own columns, but no longer with the rows
# above it. For `pipeline run --strict` (a failed check: exit 9). In a folder of
# its own (like ocr/), so fixtures/*.pdf, which the goldens and the truth test
# take as consistent, stay so.

INCONSISTENT_CLASSES = ("201", "208")  # the 类 kept from the ruled report's subjects
INCONSISTENT_TYPO = 1.00               # added to the printed 合计 of 本年支出合计 and 基本支出


def build_inconsistent_total():
    """The ruled report's 支出决算表（分科目） cut to two 类, on one page, whose
    合计 row is printed 1.00 too high in 本年支出合计 and 基本支出."""
    spec = next(t for t in build_ruled()["tables"] if t.kind == "expenditure_by_function")
    rows = [r for r in SUBJECTS_000 if r[0][:3] in INCONSISTENT_CLASSES]
    top = [r for r in rows if len(r[0]) == 3]
    total, basic, project = (round(sum(num(r[i]) for r in top), 2) for i in (2, 3, 4))
    a = fmt_amount
    spec.body = [[C("合    计", cs=4), a(total + INCONSISTENT_TYPO), a(basic + INCONSISTENT_TYPO), a(project)]
                 + [a(0)] * 3]
    for code, name, t, b, p in rows:
        spec.body.append([C(code, cs=3), name, a(num(t)), a(num(b)), a(num(p))] + [a(0)] * 3)
    spec.start = "new"
    return spec


def write_inconsistent_total(out_dir):
    d = os.path.join(out_dir, "checks")
    os.makedirs(d, exist_ok=True)
    spec = build_inconsistent_total()
    name = "inconsistent_total"
    rep = Report(os.path.join(d, name + ".pdf"), Style(**RULED.__dict__), UNIT_000 + spec.title)
    rep.table(spec)
    rep.save()
    contract, _ = expected_table(spec)
    truth = {"source": name + ".pdf", "unit": UNIT_000, "year": YEAR, "tables": [contract]}
    with open(os.path.join(d, name + ".expected.json"), "w", encoding="utf-8") as fh:
        fh.write(dump_json(truth) + "\n")
    return "checks/" + name, rep.page, [(spec.kind, spec.pages)]


def generate(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))
    summary = []
    for builder in (build_ruled, build_open):
        r = builder()
        pages, table_pages = render_report(r, out_dir)
        summary.append((r["file"], pages, table_pages))
    write_errors(out_dir)
    summary.append(write_ocr_variants(out_dir))
    summary.append(write_inconsistent_total(out_dir))
    # the fixtures promise these layout features; fail loudly if a layout change loses them
    ruled = dict(summary[0][2])
    open_ = dict(summary[1][2])
    promises = [
        (ruled["expenditure_by_function"], "ruled 支出决算表（分科目） must continue over two pages"),
        (open_["general_budget_basic_detail"], "open 基本支出决算明细表 must continue over two pages"),
        (open_["fiscal_grant_summary"], "open 财政拨款收入支出决算总表 must continue over two pages"),
        (ruled["performance_self_evaluation"], "ruled 项目支出绩效自评表 must continue over two pages"),
    ]
    for (first, last), what in promises:
        if last <= first:
            raise RuntimeError(what)
    return summary


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=os.path.join(repo, "fixtures"), help="output folder (default: repo fixtures/)")
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temporary folder and compare with --out; exit 1 on any difference")
    args = ap.parse_args()
    if args.check:
        tmp = tempfile.mkdtemp(prefix="fixtures-check-")
        try:
            generate(tmp)
            bad = []
            for root, _, files in os.walk(tmp):
                for f in sorted(files):
                    rel = os.path.relpath(os.path.join(root, f), tmp)
                    other = os.path.join(args.out, rel)
                    if not os.path.exists(other) or not filecmp.cmp(os.path.join(root, f), other, shallow=False):
                        bad.append(rel)
            if bad:
                print("fixtures out of date (run scripts/make_fixtures.py): " + ", ".join(bad))
                return 1
            print("fixtures up to date")
            return 0
        finally:
            shutil.rmtree(tmp)
    for name, pages, tables in generate(args.out):
        print("%s.pdf: %d pages; %s" % (name, pages,
                                       ", ".join("%s p%d-%d" % (k, a, b) for k, (a, b) in tables)))
    print("ocr/scanned_report.pdf (+ .truth.json): the broken_text_report pages as a noisy scan")
    print("errors/: not_a_pdf.pdf encrypted.pdf no_tables.pdf truncated.pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
