// Notification delivery against real loopback receivers (an HTTP robot endpoint and an SMTP server): the body and
// headers on the wire, once-only delivery across retries, the outbox fallback, and contacts validation.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNotifyActivities, type Notification } from '../../activities/notify.activities';
import {
  ContactsError,
  EMPTY_CONTACTS,
  loadContacts,
  parseContacts,
  type ContactsInput,
} from '../../src/notify/contacts';
import { formatBeijing, renderEmail, renderMarkdown } from '../../src/notify/message';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { notificationFromStep, planSteps, type ScheduleFacts } from '../../src/measure';

const LEAD = '自然资源规划建设局';

function notification(over: Partial<Notification> = {}): Notification {
  return {
    idempotencyKey: 'duban/xinxiang-hitech-2020/2.3/overdue:1:1640966399000',
    workflowId: 'duban/xinxiang-hitech-2020/2.3',
    planId: 'xinxiang-hitech-2020',
    measureId: '2.3',
    title: '加快推进城市更新',
    kind: 'overdue',
    level: 1,
    light: 'red',
    dueAt: '2021-12-31T15:59:59.000Z',
    recipients: [
      { role: 'dept', name: LEAD },
      { role: 'leader', name: '张三' },
    ],
    ...over,
  };
}

interface Hit {
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** A real robot endpoint on 127.0.0.1; `respond` decides each answer (default 200 {errcode: 0}). */
async function receiver(respond: (hit: Hit) => { status: number; body?: unknown } = () => ({ status: 200 })) {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hit = { path: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString()) };
      hits.push(hit);
      const { status, body } = respond(hit);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? { errcode: 0 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { hits, url: `http://127.0.0.1:${port}` };
}

let dataDir: string;
const cleanups: Array<() => Promise<void> | void> = [];
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'duban-notify-'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

const readJsonl = (file: string): Array<Record<string, unknown>> =>
  existsSync(join(dataDir, file))
    ? readFileSync(join(dataDir, file), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    : [];

describe('webhook channel', () => {
  it('posts the robot markdown body with an Idempotency-Key header', async () => {
    const robot = await receiver();
    const contacts = parseContacts({
      departments: { [LEAD]: { channel: 'webhook', url: `${robot.url}/robot/send?access_token=secret-token` } },
      leaders: { 张三: [{ channel: 'webhook', url: `${robot.url}/leaders` }] },
    });
    const { deliverNotification } = createNotifyActivities({ dataDir, contacts });
    const report = await deliverNotification(notification());

    expect(robot.hits).toHaveLength(2);
    const lead = robot.hits.find((h) => h.path.startsWith('/robot/send'));
    expect(lead?.headers['idempotency-key']).toBe(notification().idempotencyKey);
    expect(lead?.headers['content-type']).toMatch(/^application\/json/);
    expect(lead?.body).toEqual(renderMarkdown(notification()));
    expect(lead?.body).toMatchObject({ msgtype: 'markdown', markdown: { title: '【催办】2.3 加快推进城市更新' } });
    const { text } = (lead?.body as { markdown: { text: string } }).markdown;
    expect(text).toContain('截止时间：2021-12-31 23:59（北京时间）');
    expect(text).toContain(`牵头部门：${LEAD}`);
    expect(text).toContain('责任领导：张三');

    expect(report.warnings).toEqual([]);
    expect(report.deliveries.map((d) => [d.recipient?.name, d.channel, d.status])).toEqual(
      expect.arrayContaining([
        [LEAD, 'webhook', 'sent'],
        ['张三', 'webhook', 'sent'],
      ]),
    );
    // The access token never reaches the report or the delivery log.
    expect(JSON.stringify(report)).not.toContain('secret-token');
    expect(readFileSync(join(dataDir, 'deliveries.jsonl'), 'utf8')).not.toContain('secret-token');
  });

  it('links the notice to the measure’s page in the workbench when the deployment has an address', async () => {
    const robot = await receiver();
    const contacts = parseContacts({ departments: { [LEAD]: { channel: 'webhook', url: `${robot.url}/robot` } } });
    const publicUrl = 'https://duban.example.gov.cn/';
    await createNotifyActivities({ dataDir, contacts, publicUrl }).deliverNotification(notification());
    const { text } = (robot.hits[0]?.body as { markdown: { text: string } }).markdown;
    const page = 'https://duban.example.gov.cn/app/measures/xinxiang-hitech-2020/2.3';
    expect(text).toContain(`[在督办工作台中办理](${page})`);
    // Recipients without a contact get the outbox, with the same link.
    const outbox = readJsonl('outbox.jsonl').map((l) => String(l.text));
    expect(outbox.length).toBeGreaterThan(0);
    expect(outbox.every((m) => m.includes(`办理链接：${page}`))).toBe(true);
    // Without an address, no link at all.
    expect(renderMarkdown(notification()).markdown.text).not.toContain('在督办工作台中办理');
  });

  it('signs DingTalk 加签 robots with timestamp and HMAC-SHA256', async () => {
    const robot = await receiver();
    const contacts = parseContacts({
      departments: { [LEAD]: { channel: 'webhook', url: `${robot.url}/send?access_token=t`, secret: 'SECabc' } },
    });
    await createNotifyActivities({ dataDir, contacts }).deliverNotification(
      notification({ recipients: [{ role: 'dept', name: LEAD }] }),
    );
    const query = new URL(robot.hits[0]?.path ?? '', robot.url).searchParams;
    const timestamp = query.get('timestamp') ?? '';
    expect(query.get('access_token')).toBe('t');
    expect(query.get('sign')).toBe(createHmac('sha256', 'SECabc').update(`${timestamp}\nSECabc`).digest('base64'));
  });

  it('sends one message to a robot shared by several recipients', async () => {
    const robot = await receiver();
    const group = { channel: 'webhook', url: `${robot.url}/group` } as const;
    const contacts = parseContacts({ departments: { [LEAD]: group }, leaders: { 张三: group } });
    const report = await createNotifyActivities({ dataDir, contacts }).deliverNotification(notification());
    expect(robot.hits).toHaveLength(1);
    expect(report.deliveries).toHaveLength(2);
  });

  it('delivers exactly once per recipient across retries: A succeeds at once, B fails twice', async () => {
    let bCalls = 0;
    const robot = await receiver((hit) => {
      if (hit.path === '/b' && ++bCalls <= 2) return { status: 502, body: { error: 'bad gateway' } };
      return { status: 200 };
    });
    const contacts = parseContacts({
      departments: { [LEAD]: { channel: 'webhook', url: `${robot.url}/a` } },
      leaders: { 张三: { channel: 'webhook', url: `${robot.url}/b` } },
    });
    // Temporal's retry calls the same activity again; a fresh factory also proves the log survives a restart.
    const attempt = () => createNotifyActivities({ dataDir, contacts }).deliverNotification(notification());

    await expect(attempt()).rejects.toThrow(/webhook http:\/\/127\.0\.0\.1:\d+\/b \(责任领导 张三\): HTTP 502/);
    await expect(attempt()).rejects.toThrow(/failed for 1 of 2 destinations/);
    const report = await attempt();

    expect(robot.hits.filter((h) => h.path === '/a')).toHaveLength(1);
    expect(robot.hits.filter((h) => h.path === '/b')).toHaveLength(3);
    expect(report.deliveries.map((d) => [d.recipient?.name, d.status])).toEqual(
      expect.arrayContaining([
        [LEAD, 'already_sent'],
        ['张三', 'sent'],
      ]),
    );
    expect(report.deliveries).toHaveLength(2);
    // A fourth attempt (e.g. a lost completion) sends nothing at all.
    const again = await attempt();
    expect(again.deliveries.every((d) => d.status === 'already_sent')).toBe(true);
    expect(robot.hits).toHaveLength(4);
    expect(readJsonl('deliveries.jsonl')).toHaveLength(2);
  });

  it('treats a robot errcode as a failure and still reaches the other recipients', async () => {
    const robot = await receiver((hit) =>
      hit.path === '/bad' ? { status: 200, body: { errcode: 310000, errmsg: 'sign not match' } } : { status: 200 },
    );
    const contacts = parseContacts({
      departments: { [LEAD]: { channel: 'webhook', url: `${robot.url}/bad` } },
      leaders: { 张三: { channel: 'webhook', url: `${robot.url}/good` } },
    });
    const { deliverNotification } = createNotifyActivities({ dataDir, contacts });
    await expect(deliverNotification(notification())).rejects.toThrow(
      new RegExp(`webhook http://127.0.0.1:\\d+/bad \\(牵头部门 ${LEAD}\\): robot errcode 310000: sign not match`),
    );
    expect(robot.hits.map((h) => h.path).sort()).toEqual(['/bad', '/good']);
  });

  it('names an unreachable webhook', async () => {
    const robot = await receiver();
    const dead = robot.url;
    for (const cleanup of cleanups.splice(0)) await cleanup(); // nobody listens on that port any more
    const contacts = parseContacts({ departments: { [LEAD]: { channel: 'webhook', url: `${dead}/x` } } });
    const { deliverNotification } = createNotifyActivities({ dataDir, contacts, webhookTimeoutMs: 2000 });
    await expect(deliverNotification(notification({ recipients: [{ role: 'dept', name: LEAD }] }))).rejects.toThrow(
      /webhook http:\/\/127\.0\.0\.1:\d+\/x \(牵头部门 自然资源规划建设局\): fetch failed/,
    );
  });
});

describe('smtp channel', () => {
  it('sends an e-mail through a real SMTP server', async () => {
    const mails: Array<{ from: string; to: string[]; raw: string }> = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'], // plain loopback: no certificate to trust
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((a) => a.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { port } = server.server.address() as AddressInfo;

    const contacts = parseContacts({
      smtp: { host: '127.0.0.1', port, from: 'duban@example.gov.cn' },
      leaders: { 张三: { channel: 'smtp', to: ['zhangsan@example.gov.cn', 'office@example.gov.cn'] } },
    });
    const { deliverNotification } = createNotifyActivities({ dataDir, contacts });
    const n = notification({ recipients: [{ role: 'leader', name: '张三' }] });
    const report = await deliverNotification(n);
    await deliverNotification(n); // a retry sends nothing

    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.from).toBe('duban@example.gov.cn');
    expect(mail?.to.sort()).toEqual(['office@example.gov.cn', 'zhangsan@example.gov.cn']);
    expect(decodeHeader(mail?.raw ?? '', 'Subject')).toBe('【催办】2.3 加快推进城市更新');
    expect(decodeHeader(mail?.raw ?? '', 'X-Duban-Idempotency-Key')).toBe(n.idempotencyKey);
    expect(report.deliveries).toEqual([
      {
        recipient: { role: 'leader', name: '张三' },
        channel: 'smtp',
        target: expect.any(String) as string,
        status: 'sent',
      },
    ]);
  });
});

describe('outbox channel', () => {
  it('is the fallback for recipients without a contact, with a warning', async () => {
    const robot = await receiver();
    const contacts = parseContacts({ departments: { [LEAD]: { channel: 'webhook', url: `${robot.url}/a` } } });
    const warned: string[] = [];
    const logger = { warn: (m: string) => warned.push(m), info: () => undefined };
    const n = notification({
      kind: 'escalate',
      level: 2,
      recipients: [
        { role: 'dept', name: LEAD },
        { role: 'leader', name: '张三' },
        { role: 'supervisor', name: '纪工委' },
      ],
    });
    const report = await createNotifyActivities({ dataDir, contacts, logger }).deliverNotification(n);

    expect(report.warnings).toEqual([
      'no contact for 责任领导 张三: delivered to the outbox',
      'no contact for 联合督导组 纪工委: delivered to the outbox',
    ]);
    expect(warned).toHaveLength(2);
    const outbox = readJsonl('outbox.jsonl');
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      idempotencyKey: n.idempotencyKey,
      kind: 'escalate',
      level: 2,
      to: [
        { role: 'leader', name: '张三' },
        { role: 'supervisor', name: '纪工委' },
      ],
      subject: '【督办升级·第2级】2.3 加快推进城市更新',
      warnings: report.warnings,
    });
    expect(robot.hits).toHaveLength(1);
  });

  it('writes everything to the outbox when there is no contacts file, once', async () => {
    const contacts = loadContacts(join(dataDir, 'missing.yaml'));
    expect(contacts).toEqual(EMPTY_CONTACTS);
    const { deliverNotification } = createNotifyActivities({ dataDir, contacts });
    await deliverNotification(notification());
    await deliverNotification(notification());
    expect(readJsonl('outbox.jsonl')).toHaveLength(1);
  });

  it('keeps a notification without recipients visible in the outbox', async () => {
    const report = await createNotifyActivities({ dataDir, contacts: EMPTY_CONTACTS }).deliverNotification(
      notification({ recipients: [] }),
    );
    expect(report.warnings).toEqual(['the notification has no recipients: delivered to the outbox']);
    expect(readJsonl('outbox.jsonl')).toHaveLength(1);
  });

  it('refuses a malformed notification without retrying', async () => {
    const bad = { ...notification(), kind: 'shout' } as unknown as Notification;
    await expect(
      createNotifyActivities({ dataDir, contacts: EMPTY_CONTACTS }).deliverNotification(bad),
    ).rejects.toMatchObject({
      nonRetryable: true,
    });
  });
});

describe('contacts file', () => {
  const parseError = (data: unknown) => {
    try {
      parseContacts(data);
    } catch (error) {
      return error as ContactsError;
    }
    throw new Error('expected a ContactsError');
  };

  it('loads YAML and JSON, one channel or a list', () => {
    const yamlPath = join(dataDir, 'contacts.yaml');
    writeFileSync(
      yamlPath,
      [
        'smtp: { host: smtp.example.gov.cn, port: 465, from: duban@example.gov.cn, user: duban, pass: x }',
        'departments:',
        `  ${LEAD}: { channel: webhook, url: "https://oapi.dingtalk.com/robot/send?access_token=abc" }`,
        'leaders:',
        '  张三:',
        '    - { channel: smtp, to: zhangsan@example.gov.cn }',
        '    - { channel: outbox }',
      ].join('\n'),
    );
    const contacts = loadContacts(yamlPath);
    expect(contacts.departments[LEAD]).toEqual([
      { channel: 'webhook', url: 'https://oapi.dingtalk.com/robot/send?access_token=abc' },
    ]);
    expect(contacts.leaders['张三']).toHaveLength(2);
    expect(contacts.supervisors).toEqual({});

    const jsonPath = join(dataDir, 'contacts.json');
    const input: ContactsInput = { coordinator: { 行政审批服务局: { channel: 'outbox' } } };
    writeFileSync(jsonPath, JSON.stringify(input));
    expect(loadContacts(jsonPath).coordinator['行政审批服务局']).toEqual([{ channel: 'outbox' }]);
    expect(loadContacts()).toEqual(EMPTY_CONTACTS);
  });

  it('names the field of a bad URL, e-mail or channel', () => {
    const error = parseError({
      departments: { [LEAD]: [{ channel: 'outbox' }, { channel: 'webhook', url: 'not a url' }] },
      leaders: { 张三: { channel: 'sms', to: '138' } },
    });
    expect(error).toBeInstanceOf(ContactsError);
    expect(error.issues.map((i) => i.path)).toEqual([`departments.${LEAD}[1].url`, 'leaders.张三[0].channel']);
    expect(error.message).toMatch(/^contacts: invalid contacts:/);
    expect(error.message).toContain(`departments.${LEAD}[1].url: must be an http(s) URL`);
    expect(error.message).toContain('leaders.张三[0].channel: a channel is { channel: outbox }');

    const smtp = { host: 'h', port: 25, from: 'duban@example.gov.cn' };
    expect(parseError({ smtp, leaders: { 张三: { channel: 'smtp', to: 'nobody' } } }).message).toMatch(
      /leaders\.张三\[0\]\.to: Invalid email/,
    );
  });

  it('names unknown fields', () => {
    expect(parseError({ departmnets: {} }).message).toContain('departmnets: unknown field');
    expect(parseError({ leaders: { 张三: { channel: 'outbox', url: 'x' } } }).message).toContain(
      'leaders.张三[0].url: unknown field',
    );
  });

  it('requires the smtp section when someone is reached by e-mail', () => {
    const error = parseError({ leaders: { 张三: { channel: 'smtp', to: 'a@example.gov.cn' } } });
    expect(error.message).toContain(
      'smtp: an smtp section (host, port, from) is required: leaders.张三[0] sends e-mail',
    );
    expect(parseError({ smtp: { host: 'h', port: 99999, from: 'x' } }).message).toMatch(/smtp\.port/);
  });

  it('names the file when it is not valid YAML', () => {
    const path = join(dataDir, 'broken.yaml');
    writeFileSync(path, 'departments: [unclosed');
    expect(() => loadContacts(path)).toThrow(new RegExp(`${path.replace(/[.]/g, '\\.')}: not valid YAML`));
  });
});

describe('message rendering', () => {
  it('uses the document terms and Beijing time', () => {
    expect(formatBeijing('2021-12-31T15:59:59Z')).toBe('2021-12-31 23:59（北京时间）');
    expect(formatBeijing(null)).toBe('持续推进（无截止时间）');
    const mail = renderEmail(notification({ kind: 'remind', level: 0, light: 'yellow', summary: '进度 60%' }));
    expect(mail.subject).toBe('【提醒】2.3 加快推进城市更新');
    expect(mail.text).toContain('即将到期');
    expect(mail.text).toContain('状态：黄灯，督办级别 0');
    expect(mail.text).toContain('进度 60%');
    expect(renderEmail(notification({ kind: 'escalate', level: 3 })).subject).toBe(
      '【督办升级·第3级】2.3 加快推进城市更新',
    );
    expect(renderMarkdown(notification({ kind: 'verify_remind' })).markdown.text).toContain('验收');
  });

  it('builds the activity input from a schedule step', () => {
    const facts: ScheduleFacts = {
      state: 'in_progress',
      dueAt: 1640966399000,
      lead: [LEAD],
      leaders: ['张三'],
      supervisors: ['纪工委'],
    };
    const [step] = planSteps(DEFAULT_POLICY, facts, 1640966399000, new Set()).fireNow;
    if (!step) throw new Error('expected a step');
    const n = notificationFromStep(step, {
      workflowId: 'duban/p/2.3',
      planId: 'p',
      measureId: '2.3',
      title: '加快推进城市更新',
      dueAt: facts.dueAt,
    });
    expect(n).toMatchObject({
      idempotencyKey: 'duban/p/2.3/overdue:1:1640966399000',
      kind: 'overdue',
      level: 1,
      dueAt: '2021-12-31T15:59:59.000Z',
    });
  });
});

/** Decodes an RFC 2047 header (possibly folded over several encoded words). */
function decodeHeader(raw: string, name: string): string {
  const match = new RegExp(`^${name}:(.*(?:\\r?\\n[ \\t].*)*)`, 'mi').exec(raw);
  const value = (match?.[1] ?? '').replace(/\r?\n[ \t]/g, ' ').trim();
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}
