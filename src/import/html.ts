/** HTML pages: the article is found by Mozilla's Readability (on linkedom), then its blocks go through our cleaner. */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

export interface ExtractedHtml {
  title?: string | undefined;
  /** One block (paragraph, heading, list item, caption) per line, blank lines between. */
  text: string;
  publishedTime?: string | undefined;
  siteName?: string | undefined;
}

const BLOCKS = 'h1,h2,h3,h4,h5,h6,p,li,blockquote,figcaption,pre,td';

/** The text blocks of an HTML fragment, in document order (nested blocks counted once). */
function blocksOf(html: string): string[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const out: string[] = [];
  for (const el of document.querySelectorAll(BLOCKS)) {
    if (el.querySelector(BLOCKS)) continue;
    const img = el.querySelector('img');
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (img && !text) out.push('![]()');
    if (text) out.push(el.tagName === 'FIGCAPTION' ? `${text} |` : text);
  }
  return out;
}

/** Extracts the article of an HTML page; undefined when Readability finds none. */
export function extractHtml(html: string): ExtractedHtml | undefined {
  const { document } = parseHTML(html);
  // Readability needs a document element; linkedom's implements what it reads.
  const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: 200 }).parse();
  if (!article?.content) return undefined;
  const blocks = blocksOf(article.content);
  if (blocks.length === 0) return undefined;
  const title = article.title?.trim() || undefined;
  return {
    title,
    text: [title, ...blocks].filter(Boolean).join('\n\n'),
    publishedTime: article.publishedTime ?? undefined,
    siteName: article.siteName ?? undefined,
  };
}

/** True when a text looks like an HTML page rather than a text dump. */
export function looksLikeHtml(text: string): boolean {
  return /^\s*(?:<!doctype html|<html|<head|<body)/i.test(text) || /<\/(?:p|div|article)>/i.test(text.slice(0, 20_000));
}
