"""Writes tests/fixtures/plans/word-document.docx with python-docx (pip install python-docx): a plan the way
offices send them — typed headings, key lines, measures typed as "1." and measures in Word's own automatic
numbering (style "List Number"), a table with a multi-paragraph cell, and the 工作要求 section.
Run: python3 scripts/make-docx-fixture.py"""
from pathlib import Path

from docx import Document

out = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "plans" / "word-document.docx"
doc = Document()
doc.add_paragraph("获嘉县人民政府办公室")
doc.add_paragraph("关于印发获嘉县2023年营商环境评价问题整改方案的通知")
doc.add_paragraph("发布时间：2023-09-12")
doc.add_paragraph("各乡镇人民政府，县政府各部门：")
doc.add_paragraph("　　现将《获嘉县2023年营商环境评价问题整改方案》印发给你们，请认真贯彻落实。")
doc.add_paragraph("一、获得电力")
doc.add_paragraph("责任领导：刘建华")
doc.add_paragraph("牵头部门：县发展改革委")
doc.add_paragraph("配合部门：国网获嘉县供电公司")
doc.add_paragraph("整改措施：")
doc.add_paragraph("1.压减办电时间。低压小微企业接电时间压减至10个工作日以内。（牵头部门：国网获嘉县供电公司；配合部门：县发展改革委）")
doc.add_paragraph("2.推行联合审批。将规划、占掘路、绿化许可纳入并联审批。（牵头部门：县自然资源局）")
doc.add_paragraph("二、纳税")
doc.add_paragraph("责任领导：王红梅")
doc.add_paragraph("牵头部门：县税务局")
doc.add_paragraph("整改措施：")
doc.add_paragraph("推广非接触式办税。拓展网上办税事项范围。", style="List Number")
doc.add_paragraph("推行财产和行为税合并申报。（牵头部门：县税务局；配合部门：县财政局）", style="List Number")
doc.add_paragraph("三、办理建筑许可")
doc.add_paragraph("责任领导：赵明")
table = doc.add_table(rows=3, cols=5)
for cell, text in zip(table.rows[0].cells, ["序号", "存在问题", "整改措施", "责任单位", "完成时限"]):
    cell.text = text
row = table.rows[1].cells
row[0].text = "1"
row[1].text = "审批环节多。"
row[2].text = "推行告知承诺制。"
row[2].add_paragraph("对社会投资低风险项目实行一次告知、一次办结。")
row[3].text = "县住建局"
row[4].text = "2023年11月底前"
row = table.rows[2].cells
row[0].text = "2"
row[1].text = "图审时间长。"
row[2].text = "推行施工图数字化审查。"
row[3].text = "县住建局（牵头）、县行政审批局"
row[4].text = "持续推进"
doc.add_paragraph("四、工作要求")
doc.add_paragraph("县纪委监委、县政府督查室组成联合督导组，对整改落实情况跟踪督导。各项整改工作须于2023年12月31日前全部完成。")
doc.save(out)
print(f"wrote {out}")
