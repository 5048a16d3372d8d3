/** The core's 佐证材料 rules: who may upload and read, which file an event refers to, and the timeline's record. */
import { describe, expect, it } from 'vitest';
import type { EvidenceRef } from '../../src/domain/events';
import {
  applyEvent,
  createSnapshot,
  findEvidence,
  mayReadEvidence,
  uploadVerdict,
  type TimelineEntry,
} from '../../src/measure';

const units = { lead: ['自然资源规划建设局'], support: ['经济发展局'], leaders: ['张立鹏'] };
const ref: EvidenceRef = {
  id: 'AbCdEfGh12345678',
  sha256: 'a'.repeat(64),
  name: '方案.pdf',
  size: 10,
  type: 'application/pdf',
};

describe('佐证材料 rules', () => {
  it('lets the measure’s departments, leaders, the supervision group and the coordinator read; not other departments', () => {
    expect(mayReadEvidence('dept:自然资源规划建设局', units)).toBe(true);
    expect(mayReadEvidence('dept:经济发展局', units)).toBe(true);
    expect(mayReadEvidence('leader:张立鹏', units)).toBe(true);
    expect(mayReadEvidence('leader:王振海', units)).toBe(true); // leaders read all
    expect(mayReadEvidence('supervisor', units)).toBe(true);
    expect(mayReadEvidence('coordinator', units)).toBe(true);
    expect(mayReadEvidence('dept:科学技术局', units)).toBe(false);
    expect(mayReadEvidence('system', units)).toBe(false);
  });

  it('lets upload whoever may send REPORT_PROGRESS or SUBMIT now: 409 for them at another time, 403 for others', () => {
    expect(uploadVerdict('dept:经济发展局', units, ['REPORT_PROGRESS'])).toEqual({ ok: true });
    expect(uploadVerdict('dept:自然资源规划建设局', units, ['SUBMIT'])).toEqual({ ok: true });
    expect(uploadVerdict('dept:自然资源规划建设局', units, ['START'])).toMatchObject({ ok: false, code: 'conflict' });
    expect(uploadVerdict('supervisor', units, ['VERIFY'])).toMatchObject({ ok: false, code: 'forbidden' });
    expect(uploadVerdict('dept:科学技术局', units, [])).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('records an event’s attachments in its timeline entry, and finds a file only there', () => {
    const at = '2025-01-01T00:00:00.000Z';
    let snapshot = createSnapshot({ measureId: '2.1', ...units, dueAt: null, yellowWithinMs: 0, at });
    const timeline: TimelineEntry[] = [];
    for (const event of [
      { type: 'START' as const, actor: 'dept:自然资源规划建设局', at },
      { type: 'REPORT_PROGRESS' as const, percent: 50, attachments: ['会议纪要'], actor: 'dept:经济发展局', at },
      { type: 'SUBMIT' as const, attachments: [ref], actor: 'dept:自然资源规划建设局', at },
    ]) {
      const result = applyEvent(snapshot, event);
      snapshot = result.snapshot;
      timeline.push(result.entry);
    }
    expect(timeline[0]).not.toHaveProperty('attachments');
    expect(timeline[1]!.attachments).toEqual(['会议纪要']);
    expect(timeline[2]!.attachments).toEqual([ref]);
    expect(findEvidence(timeline, ref.id)).toEqual(ref);
    expect(findEvidence(timeline, 'ZZZZZZZZZZZZZZZZ')).toBeUndefined();
    expect(findEvidence(timeline, '会议纪要')).toBeUndefined(); // a mention is not a file
  });
});
