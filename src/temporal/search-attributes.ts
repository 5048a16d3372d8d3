/**
 * Reading the measure core's search attributes back from a visibility listing (the raw `indexedFields` payloads),
 * typed by the core's keys. The SDK's own decoder lives in an internal module (`@temporalio/common/lib/...`); this
 * does the part duban needs through the public payload converter: JSON values, a lone value in a legacy
 * one-element list, Datetime as a Date, and a value of the wrong type read as absent.
 */
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { SearchKey, SearchValueOfType } from '../measure';

const VALID: Record<SearchKey['type'], (value: unknown) => boolean> = {
  KEYWORD: (v) => typeof v === 'string',
  KEYWORD_LIST: (v) => Array.isArray(v) && v.every((item) => typeof item === 'string'),
  DATETIME: (v) => v instanceof Date && !Number.isNaN(v.getTime()),
  INT: (v) => typeof v === 'number' && Number.isSafeInteger(v),
  BOOL: (v) => typeof v === 'boolean',
};

export interface DecodedSearchAttributes {
  get<K extends SearchKey>(key: K): SearchValueOfType[K['type']] | undefined;
}

export function decodeSearchAttributes(fields: Record<string, Payload> | null | undefined): DecodedSearchAttributes {
  return {
    get<K extends SearchKey>(key: K) {
      const payload = fields?.[key.name];
      if (!payload) return undefined;
      let value: unknown = defaultPayloadConverter.fromPayload(payload);
      if (key.type !== 'KEYWORD_LIST' && Array.isArray(value)) value = value.length === 1 ? value[0] : undefined;
      if (key.type === 'DATETIME' && typeof value === 'string') value = new Date(value);
      return VALID[key.type](value) ? (value as SearchValueOfType[K['type']]) : undefined;
    },
  };
}
