/**
 * Notification delivery as a Temporal activity (docs/domain.md "Notifications"): looks every recipient up in the
 * contacts, sends over outbox / webhook / smtp, and records each delivery so a retried attempt never sends twice.
 *
 * Idempotency: each attempt heartbeats the (idempotencyKey, recipient, channel) it delivered, so a retry on any
 * worker skips those (attempt-memory.ts); `<dataDir>/deliveries.jsonl` also holds one line per delivery, for a
 * repeated activity on the same data dir. A retry sends only what failed, so recipient A's successful webhook is
 * not repeated because B's failed. Every channel is attempted before the activity throws, so one broken webhook blocks no one.
 * A crash between a send and its log line can still repeat that one send (at-least-once); webhooks carry an
 * `Idempotency-Key` header and e-mails a stable Message-ID so receivers can drop such a duplicate.
 */
import { createHash, createHmac } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { measurePageUrl } from '../src/domain/links';
import { withParentDir } from '../src/util/with-parent-dir';
import { AttemptMemory } from './attempt-memory';
import { DeliveryLog, deliveryId } from './delivery-log';
import { channelsFor, type Channel, type Contacts } from '../src/notify/contacts';
import type { Notification, Recipient } from '../src/measure';
import { ROLE_LABELS, renderEmail, renderMarkdown } from '../src/notify/message';
import { NotificationSchema } from '../src/notify/notification-schema';

export type { Notification };

export interface NotifyLogger {
  warn(message: string): void;
  info(message: string): void;
}

export interface NotifyDeps {
  /** Holds outbox.jsonl and deliveries.jsonl. */
  dataDir: string;
  contacts: Contacts;
  logger?: NotifyLogger;
  /** Per webhook request; default 10 s. */
  webhookTimeoutMs?: number;
  /** SMTP connection, greeting and socket timeouts; default 30 s. */
  smtpTimeoutMs?: number;
  /** The workbench's address as people reach it (DUBAN_PUBLIC_URL): notices link to the measure's page. */
  publicUrl?: string;
}

export interface DeliveryRecord {
  /** Absent for a notification that had no recipients at all (it still lands in the outbox). */
  recipient?: Recipient;
  channel: Channel['channel'];
  /** Where it went, secrets removed (webhook query strings are dropped). */
  target: string;
  status: 'sent' | 'already_sent';
}

export interface DeliveryReport {
  idempotencyKey: string;
  deliveries: DeliveryRecord[];
  warnings: string[];
}

const OUTBOX: Channel = { channel: 'outbox' };

/** One send: every recipient that shares a destination (e.g. one group robot) gets one message, not several. */
interface Group {
  channel: Channel;
  /** Stable id of the destination for the delivery log; never contains a secret. */
  targetId: string;
  target: string;
  recipients: Array<Recipient | undefined>;
}

export function createNotifyActivities(deps: NotifyDeps) {
  const log = new DeliveryLog(join(deps.dataDir, 'deliveries.jsonl'));
  const outboxPath = join(deps.dataDir, 'outbox.jsonl');
  const webhookTimeoutMs = deps.webhookTimeoutMs ?? 10_000;
  const smtpTimeoutMs = deps.smtpTimeoutMs ?? 30_000;
  const inflight = new Map<string, Promise<unknown>>();
  let transporter: Transporter<SMTPTransport.SentMessageInfo> | undefined;

  // A timed-out attempt may still be running when Temporal starts the retry in this process: the second waits.
  async function exclusive<T>(id: string, fn: () => Promise<T>): Promise<T> {
    for (let running = inflight.get(id); running; running = inflight.get(id)) await running.catch(() => undefined);
    const promise = fn();
    inflight.set(id, promise);
    try {
      return await promise;
    } finally {
      inflight.delete(id);
    }
  }

  function smtp(): Transporter<SMTPTransport.SentMessageInfo> {
    const config = deps.contacts.smtp;
    if (!config) throw new Error('no smtp section in the contacts file');
    // Loaded on first use: a worker without an smtp section never holds nodemailer (≈ 2 MB of heap, 36 modules).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    transporter ??= (require('nodemailer') as typeof import('nodemailer')).createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure ?? config.port === 465,
      ...(config.user ? { auth: { user: config.user, pass: config.pass ?? '' } } : {}),
      connectionTimeout: smtpTimeoutMs,
      greetingTimeout: smtpTimeoutMs,
      socketTimeout: smtpTimeoutMs,
    });
    return transporter;
  }

  async function send(group: Group, n: Notification, to: Array<Recipient | undefined>, warnings: string[]) {
    const { channel } = group;
    const link = deps.publicUrl ? measurePageUrl(deps.publicUrl, n) : undefined;
    switch (channel.channel) {
      case 'outbox': {
        const { subject, text } = renderEmail(n, link);
        const line = {
          time: new Date().toISOString(),
          ...n,
          to: to.filter((r) => r !== undefined),
          subject,
          text,
          ...(warnings.length ? { warnings } : {}),
        };
        await withParentDir(outboxPath, () => appendFile(outboxPath, JSON.stringify(line) + '\n'));
        return;
      }
      case 'webhook':
        return postWebhook(channel.url, channel.secret, n, webhookTimeoutMs, link);
      case 'smtp': {
        const config = deps.contacts.smtp;
        const { subject, text } = renderEmail(n, link);
        const info = await smtp().sendMail({
          from: config?.from,
          to: group.target,
          subject,
          text,
          messageId: `<${sha256(`${n.idempotencyKey}|${group.targetId}`).slice(0, 32)}@duban>`,
          headers: { 'X-Duban-Idempotency-Key': n.idempotencyKey },
        });
        // nodemailer throws when every address is refused; a partial refusal is reported, not retried (the
        // accepted addresses would receive it twice).
        if (info.rejected.length) warnings.push(`smtp refused ${info.rejected.map(String).join(', ')}`);
        return;
      }
    }
  }

  async function deliverNotification(input: Notification): Promise<DeliveryReport> {
    const parsed = NotificationSchema.safeParse(input);
    if (!parsed.success) {
      // Bad input will be just as bad on the next attempt.
      throw ApplicationFailure.nonRetryable(`invalid notification: ${parsed.error.message}`, 'InvalidNotification');
    }
    const n = parsed.data;
    const warnings: string[] = [];
    const groups = new Map<string, Group>();
    const add = (channel: Channel, recipient: Recipient | undefined) => {
      const { targetId, target } = describe(channel);
      const group = groups.get(targetId) ?? { channel, targetId, target, recipients: [] };
      group.recipients.push(recipient);
      groups.set(targetId, group);
    };
    for (const recipient of n.recipients) {
      const channels = channelsFor(deps.contacts, recipient);
      if (!channels) warnings.push(`no contact for ${who(recipient)}: delivered to the outbox`);
      for (const channel of channels ?? [OUTBOX]) add(channel, recipient);
    }
    if (n.recipients.length === 0) {
      warnings.push('the notification has no recipients: delivered to the outbox');
      add(OUTBOX, undefined);
    }
    for (const warning of warnings) deps.logger?.warn(`${n.idempotencyKey}: ${warning}`);

    const deliveries: DeliveryRecord[] = [];
    const failures: string[] = [];
    const earlier = new AttemptMemory();
    // One destination's send, skipped for recipients an earlier attempt or another worker already reached.
    const deliver = async (group: Group) => {
      const names = group.recipients.map((r) => (r ? who(r) : 'nobody')).join('、');
      try {
        await exclusive(`${n.idempotencyKey}|${group.targetId}`, async () => {
          await log.refresh();
          const entry = (r: Recipient | undefined) => ({
            idempotencyKey: n.idempotencyKey,
            recipient: r ? `${r.role}:${r.name}` : '*',
            channel: group.targetId,
          });
          const pending = group.recipients.filter((r) => !log.has(entry(r)) && !earlier.has(deliveryId(entry(r))));
          const done = group.recipients.filter((r) => !pending.includes(r));
          if (pending.length) {
            await send(group, n, pending, warnings);
            earlier.add(pending.map((r) => deliveryId(entry(r))));
            await log.record(pending.map(entry));
            deps.logger?.info(`${n.idempotencyKey}: sent via ${group.target} to ${names}`);
          }
          for (const [list, status] of [
            [pending, 'sent'],
            [done, 'already_sent'],
          ] as const) {
            for (const r of list) {
              deliveries.push({
                ...(r ? { recipient: r } : {}),
                channel: group.channel.channel,
                target: group.target,
                status,
              });
            }
          }
        });
      } catch (error) {
        failures.push(`${group.channel.channel} ${group.target} (${names}): ${errorText(error)}`);
      }
    };
    await log.use(() => Promise.all([...groups.values()].map(deliver)));

    if (failures.length) {
      // Retryable: the delivery log makes the next attempt send only what failed here.
      throw ApplicationFailure.retryable(
        `delivery of ${n.idempotencyKey} failed for ${failures.length} of ${groups.size} destinations: ${failures.join('; ')}`,
        'DeliveryFailed',
      );
    }
    return { idempotencyKey: n.idempotencyKey, deliveries, warnings };
  }

  return { deliverNotification };
}

async function postWebhook(
  rawUrl: string,
  secret: string | undefined,
  n: Notification,
  timeoutMs: number,
  link: string | undefined,
) {
  const url = new URL(rawUrl);
  if (secret) {
    // DingTalk 加签: sign = base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)), both in the query string.
    const timestamp = String(Date.now());
    url.searchParams.set('timestamp', timestamp);
    url.searchParams.set('sign', createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64'));
  }
  const signals = [AbortSignal.timeout(timeoutMs)];
  const cancelled = activityCancellation();
  if (cancelled) signals.push(cancelled);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', 'idempotency-key': n.idempotencyKey },
    body: JSON.stringify(renderMarkdown(n, link)),
    signal: AbortSignal.any(signals),
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText} ${body.slice(0, 200)}`.trim());
  // DingTalk and WeCom robots answer 200 with {errcode, errmsg}; a non-zero errcode is a failed delivery.
  let reply: unknown;
  try {
    reply = JSON.parse(body);
  } catch {
    return;
  }
  if (typeof reply === 'object' && reply !== null && 'errcode' in reply) {
    const { errcode, errmsg } = reply as { errcode: unknown; errmsg?: unknown };
    if (typeof errcode === 'number' && errcode !== 0) throw new Error(`robot errcode ${errcode}: ${String(errmsg)}`);
  }
}

/** Inside a Temporal activity, its cancellation signal; called as a plain function (tests), none. */
function activityCancellation(): AbortSignal | undefined {
  try {
    return Context.current().cancellationSignal;
  } catch {
    return undefined;
  }
}

function describe(channel: Channel): { targetId: string; target: string } {
  switch (channel.channel) {
    case 'outbox':
      return { targetId: 'outbox', target: 'outbox' };
    case 'webhook': {
      // Robot URLs carry their access token in the query: keep it out of logs, reports and error messages.
      const url = new URL(channel.url);
      return { targetId: `webhook:${sha256(channel.url).slice(0, 16)}`, target: `${url.origin}${url.pathname}` };
    }
    case 'smtp': {
      const to = [...new Set(Array.isArray(channel.to) ? channel.to : [channel.to])].sort();
      return { targetId: `smtp:${to.join(',')}`, target: to.join(', ') };
    }
  }
}

function who(r: Recipient): string {
  return `${ROLE_LABELS[r.role]} ${r.name}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch reports network trouble as "fetch failed" with the useful part in `cause`.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
