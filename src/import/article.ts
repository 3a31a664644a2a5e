/** One entry point for every kind of input: text dump, HTML page or Markdown, to a draft knowledge file (pure). */
import { importMsg } from '../messages.js';
import { cleanText } from './clean.js';
import { draftArticle, type ArticleDraft } from './draft.js';
import { ImportError } from './fetch.js';
import { extractHtml, looksLikeHtml } from './html.js';

/** Builds the draft of an article from its raw content; throws ImportError when it holds no article. */
export function importArticle(content: string, meta: { origin: string; now: number }): ArticleDraft {
  const isHtml = /\.html?$/i.test(meta.origin) || looksLikeHtml(content);
  const html = isHtml ? extractHtml(content) : undefined;
  if (isHtml && !html) throw new ImportError(importMsg.noArticle(meta.origin));
  // Markdown: its frontmatter, if any, is dropped; the rest is read like a text dump.
  const text = html ? html.text : content.replace(/^---\r?\n[\s\S]*?\r?\n---[ \t]*\r?\n/, '');
  const cleaned = cleanText(text, { title: html?.title });
  // An article has at least one paragraph of a sentence or more (a menu or a list of links has none).
  const hasParagraph = cleaned.blocks.some((b) => b.kind === 'paragraph' && b.text.split(/\s+/).length >= 8);
  if (!cleaned.title || !hasParagraph) throw new ImportError(importMsg.noArticle(meta.origin));
  return draftArticle(cleaned, { ...meta, publishedTime: html?.publishedTime, siteName: html?.siteName });
}
