#!/usr/bin/python3
"""Builds, from a shared registry CSV, the workbooks a provincial office would send: the rows of one
province laid out as Vietnamese offices lay out Excel reports. Test input only (Debian's openpyxl).

  make_official_form.py REGISTRY.csv OUT_DIR "Tỉnh Lạng Sơn" ["Thành phố Hà Nội" ...]

Writes, per province N (from 1), OUT_DIR/form_grouped_N.xlsx (one sheet: agency and motto, title, "(tính đến ngày …)", a header
over two rows with merged cells, a row of column numbers, one group row per commune numbered I, II,
… with the commune left empty below it, STT restarting in every group, "Cộng" per group, "Tổng
cộng", blank rows and a signature block; the province only in the title); for the first province
OUT_DIR/form_sheets.xlsx (one sheet per commune, named after it, no province or commune column); and
OUT_DIR/keys.csv
(file, sheet, sheet row → the registry's STT) so that the test can compare with the truth file.
"""
import csv
import sys
import unicodedata

import openpyxl
from openpyxl.styles import Alignment, Font


def fold(text):
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def roman(n):
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def number(cell):
    try:
        return int(cell)
    except ValueError:
        return cell  # as typed ("6 người", "1.200"): the importer parses it


def main():
    source, out_dir, provinces = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(source, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    keys = [("file", "sheet", "sheet_row", "row_no")]
    for n, province in enumerate(provinces, start=1):
        write_forms(rows, province, out_dir, n, keys)
    with open(out_dir + "/keys.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(keys)


def write_forms(rows, full_name, out_dir, n, keys):
    header, body = rows[0], rows[1:]
    col = {name: i for i, name in enumerate(header)}
    stt, prov, commune, hamlet = col["STT"], col["Tỉnh/Thành phố"], col["Xã/Phường/Đặc khu"], col["Thôn/Tổ dân phố"]
    code = col["Mã xã"]
    kind, province = ("THÀNH PHỐ", full_name[len("Thành phố "):]) if full_name.startswith("Thành phố ") else \
        ("TỈNH", full_name[len("Tỉnh "):])
    team, leader, phone, members = col["Tên tổ"], col["Tổ trưởng"], col["Số điện thoại"], col["Số thành viên"]
    founded, households, supported = col["Ngày thành lập"], col["Số hộ"], col["Số hộ được hỗ trợ"]
    ecommerce, cashless, note = col["Hộ có gian hàng TMĐT"], col["Hộ thanh toán không dùng tiền mặt"], col["Ghi chú"]
    wanted = fold(province)
    mine = [r for r in body if len(r) == len(header) and wanted in fold(r[prov]) and r[commune].strip() and r[hamlet].strip()]
    groups = {}
    for r in mine:
        groups.setdefault(r[commune].strip(), []).append(r)
    bold = Font(bold=True)
    grouped = "form_grouped_%d.xlsx" % n

    def data_cells(r):
        return [r[hamlet], r[team], r[leader], r[phone], number(r[members]), r[founded], number(r[households]),
                number(r[supported]), number(r[ecommerce]), number(r[cashless]), r[note]]

    # 1. One sheet, grouped by commune.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["UBND " + kind + " " + province.upper(), None, None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    ws.merge_cells("A1:D1")
    ws.merge_cells("G1:L1")
    ws.append(["SỞ KHOA HỌC VÀ CÔNG NGHỆ", None, None, None, None, None, "Độc lập - Tự do - Hạnh phúc"])
    ws.merge_cells("A2:D2")
    ws.merge_cells("G2:L2")
    ws.append([])
    ws.append(["DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG TRÊN ĐỊA BÀN " + kind + " " + province.upper()])
    ws.merge_cells("A4:M4")
    ws.append(["(tính đến ngày 31/3/2026)"])
    ws.merge_cells("A5:M5")
    ws.append([])
    ws.append(["STT", "Đơn vị hành chính", None, None, "Tên tổ", "Tổ trưởng", None, "Số thành viên", "Ngày thành lập",
               "Số hộ", "Số hộ được hỗ trợ", "Hộ có gian hàng TMĐT", "Hộ thanh toán không dùng tiền mặt", "Ghi chú"])
    ws.append([None, "Xã, phường", "Mã xã", "Thôn, bản, khối phố", None, "Họ và tên", "Số điện thoại"])
    for merged in ("A7:A8", "B7:D7", "E7:E8", "F7:G7", "H7:H8", "I7:I8", "J7:J8", "K7:K8", "L7:L8", "M7:M8", "N7:N8"):
        ws.merge_cells(merged)
    ws.append(["(%d)" % i for i in range(1, 15)])
    total = 0
    for g, (name, members_rows) in enumerate(groups.items(), start=1):
        ws.append([roman(g), name])
        ws.merge_cells(start_row=ws.max_row, start_column=2, end_row=ws.max_row, end_column=14)
        ws.cell(ws.max_row, 2).font = bold
        subtotal = 0
        for i, r in enumerate(members_rows, start=1):
            cells = data_cells(r)
            ws.append([i, None, r[code], cells[0], cells[1], cells[2], cells[3]] + cells[4:])
            keys.append((grouped, "Danh sách", ws.max_row, r[stt]))
            subtotal += cells[4] if isinstance(cells[4], int) else 0
            if i % 97 == 0:
                ws.append([])  # a blank row left in the middle of a group
        ws.append([None, "Cộng", None, None, len(members_rows), None, None, subtotal])
        total += subtotal
    ws.append([None, "Tổng cộng", None, None, len(mine), None, None, total])
    ws.append([])
    ws.append([])
    ws.append([None, None, None, None, None, None, None, None, province + ", ngày 05 tháng 4 năm 2026"])
    ws.append([None, "NGƯỜI LẬP BIỂU", None, None, None, None, None, None, "KT. GIÁM ĐỐC"])
    ws.append([None, "(Ký, ghi rõ họ tên)", None, None, None, None, None, None, "PHÓ GIÁM ĐỐC"])
    ws.append([])
    ws.append([None, "Nguyễn Thị Hoa", None, None, None, None, None, None, "Hoàng Văn Bình"])
    for row in ws.iter_rows(min_row=7, max_row=8):
        for c in row:
            c.font = bold
            c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wb.save(out_dir + "/" + grouped)
    print(grouped, len(mine), "rows,", len(groups), "communes")
    if n > 1:
        return

    # 2. One sheet per commune, the sheet named after it; no province or commune column.
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    # Spellings that differ only in case, accents or spaces are one commune's sheet.
    by_commune = {}
    for name, members_rows in groups.items():
        by_commune.setdefault(" ".join(fold(name).split()), (name, []))[1].extend(members_rows)
    used = set()
    for name, members_rows in by_commune.values():
        title = "".join(c for c in name if c not in "[]:*?/\\")[:31].strip()
        base, n = title, 2
        while fold(title) in used:
            title = base[:28] + " " + str(n)
            n += 1
        used.add(fold(title))
        ws = wb.create_sheet(title)
        ws.append(["DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"])
        ws.append(["(tính đến ngày 31/3/2026)"])
        ws.append([])
        ws.append(["STT", "Mã xã", "Thôn, bản", "Tên tổ", "Tổ trưởng", "Số điện thoại", "Số thành viên", "Ngày thành lập", "Số hộ",
                   "Số hộ được hỗ trợ", "Hộ có gian hàng TMĐT", "Hộ thanh toán không dùng tiền mặt", "Ghi chú"])
        for i, r in enumerate(members_rows, start=1):
            ws.append([i, r[code]] + data_cells(r))
            keys.append(("form_sheets.xlsx", title, ws.max_row, r[stt]))
        ws.append([None, None, "Tổng cộng", len(members_rows)])
    wb.save(out_dir + "/form_sheets.xlsx")


if __name__ == "__main__":
    main()
