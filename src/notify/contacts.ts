/**
 * The contacts file (docs/domain.md "Notifications"): who is reached how. Maps departments, responsible leaders, the
 * supervision group's departments and the coordinator to one or more channels, plus the SMTP transport. JSON or
 * YAML, validated with zod; every error names the field. No file means no contacts: everything goes to the outbox.
 */
import { z } from 'zod';
import { readOptionalData } from '../util/read-optional';
import type { Recipient } from '../measure';

export const OutboxChannelSchema = z.strictObject({ channel: z.literal('outbox') });
export const WebhookChannelSchema = z.strictObject({
  channel: z.literal('webhook'),
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  /** DingTalk robot 加签 secret: the request is signed with timestamp + HMAC-SHA256 in the query string. */
  secret: z.string().min(1).optional(),
});
export const SmtpChannelSchema = z.strictObject({
  channel: z.literal('smtp'),
  to: z.union([z.email(), z.array(z.email()).min(1)]),
});
export const ChannelSchema = z.discriminatedUnion(
  'channel',
  [OutboxChannelSchema, WebhookChannelSchema, SmtpChannelSchema],
  {
    error: 'a channel is { channel: outbox } | { channel: webhook, url, secret? } | { channel: smtp, to }',
  },
);
export type Channel = z.infer<typeof ChannelSchema>;

// One channel or several; always a list after parsing so callers never branch on it. (Wrapping before validation
// rather than a union keeps zod's errors precise: a union would only say "Invalid input".)
const channels = z.preprocess(
  (c: unknown) => (Array.isArray(c) ? (c as unknown[]) : [c]),
  z.array(ChannelSchema).min(1),
);
const directory = z.record(z.string().min(1), channels).default({});

export const SmtpTransportSchema = z.strictObject({
  host: z.string().min(1),
  port: z.int().min(1).max(65_535),
  /** true = TLS from the first byte (port 465); false = plain, upgraded with STARTTLS when the server offers it. */
  secure: z.boolean().optional(),
  from: z.string().min(1),
  user: z.string().min(1).optional(),
  pass: z.string().optional(),
});
export type SmtpTransport = z.infer<typeof SmtpTransportSchema>;

export const ContactsSchema = z
  .strictObject({
    smtp: SmtpTransportSchema.optional(),
    /** By department name (牵头部门 / 配合部门). */
    departments: directory,
    /** By leader name (责任领导). */
    leaders: directory,
    /** The supervision group, by department name; a name missing here falls back to `departments`. */
    supervisors: directory,
    /** The coordinating office by name; a name missing here falls back to `departments`. */
    coordinator: directory,
  })
  .superRefine((contacts, ctx) => {
    if (contacts.smtp) return;
    for (const section of ['departments', 'leaders', 'supervisors', 'coordinator'] as const) {
      // zod runs this check even when other fields failed, so the data may not have its parsed shape yet.
      const entries = Object.entries(contacts[section] as Record<string, unknown>);
      for (const [name, list] of entries) {
        (Array.isArray(list) ? (list as unknown[]) : []).forEach((channel, i) => {
          if ((channel as { channel?: unknown } | null)?.channel === 'smtp') {
            ctx.addIssue({
              code: 'custom',
              path: ['smtp'],
              message: `an smtp section (host, port, from) is required: ${section}.${name}[${i}] sends e-mail`,
            });
          }
        });
      }
    }
  });
export type Contacts = z.infer<typeof ContactsSchema>;
export type ContactsInput = z.input<typeof ContactsSchema>;

export const EMPTY_CONTACTS: Contacts = Object.freeze({
  departments: {},
  leaders: {},
  supervisors: {},
  coordinator: {},
});

export class ContactsError extends Error {
  constructor(
    message: string,
    readonly issues: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
    this.name = 'ContactsError';
  }
}

/** Validates contacts already in memory (e.g. parsed JSON); `source` prefixes the error message. */
export function parseContacts(data: unknown, source = 'contacts'): Contacts {
  const parsed = ContactsSchema.safeParse(data ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: pathText([...issue.path, key]), message: 'unknown field' }));
    }
    return [{ path: pathText(issue.path), message: issue.message }];
  });
  const text = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  throw new ContactsError(`${source}: invalid contacts: ${text}`, issues);
}

/** `leaders.张三[0].url`: the way a person would point at the spot in their file. */
function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

/**
 * Reads a contacts file (`.json`, otherwise YAML). No path, or a file that does not exist, gives empty contacts:
 * a fresh install still delivers everything to the outbox, with a warning per recipient.
 */
export function loadContacts(path?: string): Contacts {
  if (!path) return EMPTY_CONTACTS;
  const data = readOptionalData(path, (message) => new ContactsError(message));
  if (data === undefined) return EMPTY_CONTACTS;
  return parseContacts(data, path);
}

/** The channels configured for a recipient, or undefined when the contacts file does not know them. */
export function channelsFor(contacts: Contacts, recipient: Recipient): Channel[] | undefined {
  const { role, name } = recipient;
  switch (role) {
    case 'dept':
      return contacts.departments[name];
    case 'leader':
      return contacts.leaders[name];
    // The supervision group and the coordinator are departments too, so a department entry reaches them as well.
    case 'supervisor':
      return contacts.supervisors[name] ?? contacts.departments[name];
    case 'coordinator':
      return contacts.coordinator[name] ?? contacts.departments[name];
  }
}
