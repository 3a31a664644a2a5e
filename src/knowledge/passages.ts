import { tokenize } from '../search/tokenize.js';
import type { Passage } from './types.js';

/** Paragraphs shorter than this many tokens are merged with the next one. */
const MIN_TOKENS = 14;
/** Paragraphs longer than this are cut into windows of whole sentences. */
const MAX_TOKENS = 110;

/** Abbreviations that end with a dot but do not end a sentence. */
const ABBREVIATIONS = /(?:^|\s)(?:TP|Tp|Q|P|TS|ThS|PGS|GS|BS|KS|Th\.S|St|TT|v\.v)\.$/;

/** Splits a paragraph into sentences, keeping abbreviations such as `TP.` inside their sentence. */
export function splitSentences(text: string): string[] {
  const rough = text.split(/(?<=[.!?…;])\s+(?=[\p{Lu}\p{N}“"(«])/u);
  const out: string[] = [];
  for (const piece of rough) {
    const last = out.length - 1;
    if (last >= 0 && ABBREVIATIONS.test(out[last] ?? '')) out[last] = `${out[last]} ${piece}`;
    else out.push(piece);
  }
  return out.map((s) => s.trim()).filter(Boolean);
}

/** Removes Markdown markup that must not be indexed or quoted. */
export function plainText(md: string): string {
  return md
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|`)/g, '')
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, '')
    .replace(/^>\s?/gm, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

interface Block {
  heading: string;
  text: string;
}

/** Splits a Markdown body into blocks (paragraphs) under their `#` headings. */
function blocks(body: string): Block[] {
  const out: Block[] = [];
  let heading = '';
  for (const raw of body.split(/\n\s*\n/)) {
    const lines = raw.split('\n');
    const rest: string[] = [];
    for (const line of lines) {
      const h = /^#{1,6}\s+(.*)$/.exec(line.trim());
      if (h) heading = plainText(h[1] ?? '');
      else rest.push(line);
    }
    const text = plainText(rest.join('\n')).replace(/\s*\n\s*/g, ' ');
    if (text) out.push({ heading, text });
  }
  return out;
}

/** Cuts a long text into windows of whole sentences of at most MAX_TOKENS tokens. */
function windows(text: string): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const sentence of splitSentences(text)) {
    const n = tokenize(sentence).length;
    if (size > 0 && size + n > MAX_TOKENS) {
      out.push(current.join(' '));
      current = [];
      size = 0;
    }
    current.push(sentence);
    size += n;
  }
  if (current.length) out.push(current.join(' '));
  return out;
}

/** Splits a document body into passages: paragraphs, short ones merged, long ones windowed. */
export function splitPassages(docId: string, body: string): Passage[] {
  const merged: Block[] = [];
  let carry: Block | undefined;
  for (const b of blocks(body)) {
    const block: Block = carry && carry.heading === b.heading ? { heading: b.heading, text: `${carry.text} ${b.text}` } : b;
    if (carry && carry.heading !== b.heading) merged.push(carry);
    carry = undefined;
    if (tokenize(block.text).length < MIN_TOKENS) carry = block;
    else merged.push(block);
  }
  if (carry) merged.push(carry);
  const pieces = merged.flatMap((b) => windows(b.text).map((text) => ({ heading: b.heading, text })));
  return pieces.map((p, n) => ({ ref: `${docId}#${n}`, docId, n, heading: p.heading, text: p.text }));
}
