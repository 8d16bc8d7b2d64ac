"""The files the bot writes, and the words they share with the chat.

    wording.py       figures and awards in words ("09 xã …", "Danh hiệu LĐTT: 87 tập thể, …"): one home for
                     the chat, the Word draft and the workbook
    chat.py          the compiled summary as chat messages
    chart.py         the progress chart (PNG)
    summary.py       the files of a summary (`summary_files`) for /tonghop, the scheduler and `main.py summary`
    admin_docx.py    the administrative document's frame (letterhead, A4, fonts, numbered tables, Nơi nhận)
    report_docx.py   the Word report by the catalogue's outline, the proposal list
    report_xlsx.py   the district's workbook
    council.py       the council's draft decision, submission and lists
    list_workbooks.py  a list's .xlsx template, the list as it stands, a file's problems
    list_reader.py   the same template read back when a clerk sends it, every cost bounded (standard
                     library and plain modules only: bot/sandbox.py runs it in a process of its own)
    sheets.py        the one cell writer under every workbook (a text is a text, never a formula), sheet
                     names, print set-up, freezing, the file's properties
    plain.py         `printable`: what no file may hold, dropped as it is written

Importing this package loads neither python-docx nor openpyxl: the writers import them when a file is
made, so the bot starts fast.
"""
