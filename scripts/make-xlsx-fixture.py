"""Writes tests/fixtures/plans/task-list.xlsx with openpyxl (pip install openpyxl): a 整改任务清单 the way offices
keep one in Excel — a merged title row, a header, an 指标 column merged down over its rows, a 问题 cell merged over
two measures, a cell with a line break, a real date cell, and a hidden sheet that is not part of the list.
Run: python3 scripts/make-xlsx-fixture.py"""
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

out = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "plans" / "task-list.xlsx"
wb = Workbook()
ws = wb.active
ws.title = "整改任务清单"
ws.append(["原阳县2023年营商环境评价问题整改任务清单"])
ws.merge_cells("A1:G1")
ws.append(["序号", "指标", "存在问题", "整改措施", "责任单位", "配合单位", "完成时限"])
ws.append([1, "获得电力", "接电时间长。", "压减办电时间。低压小微企业接电时间压减至10个工作日以内。", "国网原阳县供电公司", "县发展改革委", datetime(2023, 10, 31)])
ws.append([2, None, None, "推行联合审批。\n将规划、占掘路、绿化许可纳入并联审批。", "县自然资源局", None, "2023年11月底前"])
ws.append([3, "纳税", "办税渠道少。", "推广非接触式办税。", "县税务局", "县财政局", "持续推进"])
ws.merge_cells("B3:B4")
ws.merge_cells("C3:C4")
notes = wb.create_sheet("说明")
notes.append(["本表由县营商办维护，请勿修改表头。"])
notes.sheet_state = "hidden"
wb.save(out)
print(f"wrote {out}")
