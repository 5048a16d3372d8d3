/**
 * The importer's shared types, and nothing else: what a parse takes (ParseOptions) and gives (ParseResult, warnings,
 * errors), and the pieces the document parser's stages hand each other (lines, attributions, outline nodes, measure
 * and problem items). A leaf module — it imports only types from the domain — so parse.ts, plan-file.ts and every
 * document stage can share these without importing each other (no import cycle).
 */
import type { Plan } from '../domain/plan';

// ---------------------------------------------------------------------------------------------------------------
// A parse: options in, result out (parse.ts, plan-file.ts, parse-document.ts)
// ---------------------------------------------------------------------------------------------------------------

export interface ParseOptions {
  /** The source's file name; its extension chooses the format and its stem can become the plan id. */
  filename?: string;
  /** The plan id to use (a slug); overrides any id in the file and the derived one. */
  planId?: string;
  /** YYYY-MM-DD: the plan-wide deadline (end of that day, +08:00) for measures without their own 时限. */
  deadline?: string;
  /** "Now", for relative `dueIn` durations and as a last resort for the year of 今年; defaults to the clock. */
  now?: Date;
}

export interface ParseWarning {
  /** 1-based line in the source, when the issue has one. */
  line?: number;
  message: string;
}

export interface ParseError extends ParseWarning {
  /** Dotted path into the plan (e.g. "indicators.0.measures.1.lead"), when the issue has one. */
  path?: string;
}

export type ParseResult =
  | {
      ok: true;
      plan: Plan;
      warnings: ParseWarning[];
      /** A plan file's escalation `policy`, passed through unvalidated (the policy module owns its schema). */
      policy?: unknown;
    }
  | { ok: false; errors: ParseError[]; warnings: ParseWarning[] };

// ---------------------------------------------------------------------------------------------------------------
// Text (doc-text.ts makes and slices these)
// ---------------------------------------------------------------------------------------------------------------

/** A piece of text with its matching copy (doc-text.ts keyOf: 1:1 per UTF-16 unit). */
export interface Seg {
  raw: string;
  key: string;
}
export interface Line extends Seg {
  /** 1-based line number in the source. */
  no: number;
}

/** The roles an attribution assigns, and its 时限. */
export type Field = 'lead' | 'support' | 'leaders' | 'due';

/** What one attribution (or a group's key lines) says. */
export interface Attribution {
  lead?: string[];
  support?: string[];
  leaders?: string[];
  /**
   * Units named responsible without a 牵头 (责任单位:…, "X按职责分工负责"): the leads when nothing else leads,
   * support beside a lead. Kept apart until the attribution is complete (doc-attribution.ts settleRoles).
   */
  responsible?: string[];
  /** The 时限 text as written. */
  due?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// The outline (doc-outline.ts builds it; doc-classify.ts and doc-tables.ts read measures and problems out of it)
// ---------------------------------------------------------------------------------------------------------------

/** Numbering styles: 一、 (一) 1. (1) ① 一是, and unnumbered 问题/措施 labels. */
/** `caption`: an unnumbered heading line carrying an attribution above a list (doc-outline.ts isCaption). */
export type Marker = 'cn' | 'cnp' | 'ar' | 'arp' | 'circ' | 'yishi' | 'label' | 'caption';
/** What a heading announces. */
export type Kind = 'measures' | 'problems' | 'other';

export interface Node {
  marker?: Marker;
  number: number;
  /** The whole line holding the marker (absent for the root). */
  line?: Line;
  /** The text after the marker on that line. */
  head: Line;
  body: Line[];
  children: Node[];
  parent?: Node;
  kind: Kind;
}

/** A measure as found, before its indicator's code, its inheritance and its due time are settled. */
export interface MeasureItem {
  number: number;
  no: number;
  lines: Line[];
  /** Where the measure sits: inheritance walks up from here. */
  parent: Node;
  indicator: Node;
  /** Attribution shared by the pieces of one paragraph split at 一是/二是. */
  shared?: Attribution;
}

export interface ProblemItem {
  number: number;
  no: number;
  lines: Line[];
  indicator?: Node;
}
