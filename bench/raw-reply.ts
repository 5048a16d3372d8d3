/**
 * The reply of the raw side's `reply` update: a measure view of the bench's synthetic plan after START and a progress
 * report, written out as data. duban's event update answers with the view (the API answers with it), and Temporal
 * stores, sends and decodes that reply; the raw `noop` update answers `null`. Beside it, the same raw update
 * answering with this reply separates what carrying a view costs Temporal from duban's own work — as the import is
 * compared with raw starts carrying duban's start data. tests/unit/bench-raw-reply.test.ts keeps its size within a
 * few percent of the real view's. Pure data: the raw workflows' bundle includes it.
 */
export const RAW_REPLY = {
  measureId: '1.1',
  lead: ['自然资源规划建设局'],
  support: ['经济发展局'],
  leaders: ['张立鹏'],
  dueAt: '2026-12-31T18:00:00+08:00',
  assignedAt: '2026-12-02T20:17:46.374Z',
  originalDueAt: '2026-12-31T18:00:00+08:00',
  light: 'green',
  escalation: 0,
  rejections: 0,
  extensions: [],
  started: { by: 'dept:自然资源规划建设局', at: '2026-12-02T20:17:46.377Z' },
  progress: { by: 'dept:自然资源规划建设局', at: '2026-12-02T20:17:46.379Z', percent: 40, attachments: [] },
  workflowId: 'duban/bench-events/1.1',
  planId: 'bench-events',
  planTitle: '营商环境评价反馈问题整改方案（基准测试）',
  indicator: { code: '1', name: '指标1' },
  title: '压缩第1类事项办理时限，推行并联审批和容缺受理。',
  text: '压缩第1类事项办理时限，推行并联审批和容缺受理。梳理现行审批流程，明确每个环节的责任人和办理时限，建立台账，按月通报进展，确保整改落实到位。',
  state: 'in_progress',
  stateLabel: '办理中',
  nextStep: { kind: 'progress_remind', at: '2026-12-09T20:17:46.379Z' },
} as const;
