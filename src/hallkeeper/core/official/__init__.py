"""Official documents (公文) laid out by GB/T 9704-2012 《党政机关公文格式》, as Word and as PDF.

The monthly assessment bulletin (考核通报), a commendation decision (表彰决定) or a work plan (工作方案) is
described once as plain data and rendered twice::

    from datetime import date

    from hallkeeper.core import official as gw

    doc = gw.OfficialDocument(
        issuer_mark="鞍山市行政审批局文件",                      # 发文机关标志 (red, above the red line)
        number=gw.doc_number("鞍审批", 2026, 7),               # 发文字号: 鞍审批〔2026〕7号
        title="关于2026年11月政务大厅现场管理考核情况的通报",      # 标题 (2号小标宋)
        addressee="各进驻单位、各科室",                          # 主送机关 (the colon is added)
        blocks=(
            gw.Paragraph("为进一步加强政务大厅现场管理……"),       # 3号仿宋, first line indented 2 characters
            gw.Heading("一、考核结果", level=1),                   # 黑体; level 2 楷体, 3 bold 仿宋, 4 仿宋
            gw.Table(header=("序号", "窗口", "得分"), rows=(("1", "综合窗口", "98"),), caption="考核得分表"),
            gw.Picture(data=jpeg_bytes, width=1600, height=1200, caption="图1 示范窗口"),
            gw.PageBreak(),
        ),
        attachments=("考核评分细则", "示范窗口名单"),              # 附件：1. … 2. …
        signature="鞍山市行政审批局",                             # 落款
        date=date(2026, 12, 3),                                 # 成文日期: 2026年12月3日
        printer="鞍山市行政审批局办公室", printed=date(2026, 12, 3),  # 版记
    )
    word_bytes, pdf_bytes = gw.render_docx(doc), gw.render_pdf(doc)

A hall's issuing authority and 机关代字 come from ``hallkeeper.halls.documents.issuer_for(hall)``.
All texts are plain text: the renderers escape them (nothing is read as markup).

* :mod:`.numbers` — :func:`doc_number` / :func:`parse_doc_number` (``鞍审批〔2026〕7号``, no 第, no leading
  zeros), :func:`validate_issuer_code`, :func:`date_cn` (``2026年12月3日``);
* :mod:`.model` — the data: :class:`OfficialDocument` and its blocks;
* :mod:`.docx` — :func:`render_docx` (page geometry, grid and the font mapping are documented there);
* :mod:`.pdf` — :func:`render_pdf`.
"""

from __future__ import annotations

from .docx import render_docx
from .model import Annex, Heading, OfficialDocument, PageBreak, Paragraph, Picture, Table
from .numbers import DocNumber, date_cn, doc_number, parse_doc_number, suggest_issuer_code, validate_issuer_code
from .pdf import render_pdf

__all__ = [
    "Annex",
    "DocNumber",
    "Heading",
    "OfficialDocument",
    "PageBreak",
    "Paragraph",
    "Picture",
    "Table",
    "date_cn",
    "doc_number",
    "parse_doc_number",
    "render_docx",
    "render_pdf",
    "suggest_issuer_code",
    "validate_issuer_code",
]
