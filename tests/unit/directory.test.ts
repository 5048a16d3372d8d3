// The workbench's pickers: listed from visibility, cached briefly, listed afresh after an import.
import { describe, expect, it } from 'vitest';
import { createDirectory } from '../../src/web/directory';
import type { MeasureService } from '../../src/service/measures';

function countingService(rows: () => Array<Record<string, unknown>>) {
  const calls = { n: 0 };
  const service = {
    listAll: () => {
      calls.n += 1;
      return Promise.resolve(rows());
    },
  } as unknown as MeasureService;
  return { service, calls };
}

const row = (planId: string, lead: string) => ({
  planId,
  planTitle: `方案${planId}`,
  lead: [lead],
  support: [],
  leaders: ['张立鹏'],
});

describe('the workbench directory', () => {
  it('caches within its time to live, and lists afresh after an import until visibility has settled', async () => {
    let rows = [row('p1', '经济发展局')];
    const { service, calls } = countingService(() => rows);
    const directory = createDirectory(service);
    expect((await directory()).departments).toEqual(['经济发展局']);
    rows = [...rows, row('p2', '住房保障中心')];
    expect((await directory()).departments).toEqual(['经济发展局']);
    expect(calls.n).toBe(1);

    directory.invalidate();
    expect((await directory()).departments).toEqual(
      ['住房保障中心', '经济发展局'].sort((a, b) => a.localeCompare(b, 'zh')),
    );
    await directory();
    expect(calls.n).toBe(3); // not cached while visibility may still be catching up with the import
    expect((await directory()).plans.map((p) => p.id)).toEqual(['p1', 'p2']);
  });
});
