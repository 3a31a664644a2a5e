import { z } from 'zod';
import { checkMsg } from '../messages.js';

/** Topic ids a knowledge file can carry; labels live in messages.ts. */
export const TOPIC_IDS = ['vay-von', 'suc-khoe', 'tet', 'ho-tro', 'phap-luat', 'doan-vien', 'hoat-dong'] as const;
export type TopicId = (typeof TOPIC_IDS)[number];

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, with a real month and day. */
export const isoDate = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, checkMsg.date)
  .refine(isRealDate, checkMsg.impossibleDate);

/** False for a day that is not on the calendar (`2031-02-30`, `2023-02-29`); months and years alone are fine. */
export function isRealDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number);
  if (d === undefined || y === undefined || m === undefined) return true;
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

const text = (max: number) => z.string().trim().min(1, checkMsg.empty).max(max);
const topics = z.array(z.enum(TOPIC_IDS)).min(1, checkMsg.atLeastOneTopic);

const common = {
  title: text(200),
  date: isoDate,
  date_estimated: z.boolean().optional(),
  source: text(200),
  topics,
  /** Ways workers ask for this note (learned from real questions and approved by an admin). */
  questions: z.array(text(500)).optional(),
};

/** Frontmatter of `articles/*.md`: a cleaned news article. */
export const articleSchema = z.strictObject({ ...common, origin: text(200) });

/** Frontmatter of `policies/*.md`: an officer's note on one benefit. */
export const policySchema = z.strictObject({ ...common, based_on: z.array(text(200)).min(1, checkMsg.atLeastOneSource) });

/** Frontmatter of `faq/*.md`: an answer written by an admin from the review queue. */
export const faqSchema = z.strictObject({
  title: text(200),
  questions: z.array(text(500)).min(1, checkMsg.atLeastOneQuestion),
  date: isoDate,
  author: text(100),
  source: text(200).optional(),
  topics: z.array(z.enum(TOPIC_IDS)).optional(),
});

export type DocKind = 'article' | 'policy' | 'faq';

export const SCHEMAS = { article: articleSchema, policy: policySchema, faq: faqSchema } as const;

/** Which schema a file follows, from its folder. */
export function kindOf(relPath: string): DocKind | undefined {
  if (relPath.startsWith('articles/')) return 'article';
  if (relPath.startsWith('policies/')) return 'policy';
  if (relPath.startsWith('faq/')) return 'faq';
  return undefined;
}

/**
 * The glossary data file: abbreviations and chat spellings workers type, the domain thesaurus (groups of
 * words that mean the same thing here, with the weight their expansion gets) and domain terms (subjects of
 * the union's field that the knowledge may not cover: a question naming one the knowledge lacks is declined).
 */
export const glossarySchema = z.strictObject({
  abbreviations: z.array(z.strictObject({ term: text(40), means: z.array(text(200)).min(1) })),
  chat: z.array(z.strictObject({ term: text(40), means: text(100) })),
  thesaurus: z
    .array(
      z.strictObject({
        terms: z.array(text(80)).min(2, checkMsg.thesaurusGroup),
        weight: z.number().gt(0).max(1).optional(),
        topic: z.enum(TOPIC_IDS).optional(),
      }),
    )
    .default([]),
  domain: z.array(text(80)).default([]),
});
export type GlossaryData = z.infer<typeof glossarySchema>;

export type Frontmatter = z.infer<typeof articleSchema> | z.infer<typeof policySchema> | z.infer<typeof faqSchema>;

/** The schema for one kind of file, typed as the union of all frontmatters. */
export function schemaFor(kind: DocKind): z.ZodType<Frontmatter> {
  return SCHEMAS[kind];
}
