/** "Cách hỏi mới": keeps the (question, chosen note) pairs workers make, and turns an approved one into a phrasing. */
import { isSeq, parseDocument } from 'yaml';
import type { Logger } from '../logger.js';
import { groupKey } from '../search/fold.js';
import type { ChosenHook } from '../inbox/answerer.js';
import type { Store } from '../store/types.js';

/** The grouping key of a phrasing: folded, punctuation and spacing ignored (as the review queue groups). */
export const phrasingKey = groupKey;

/** Records what a worker chose (dispatcher's `onChosen`): the question of the suggestion tapped, or of the answer rated 👍. */
export function createLearner(deps: { store: Store; logger: Logger; now?: () => number }) {
  const { store } = deps;
  const now = deps.now ?? Date.now;
  const learn = async (e: Parameters<ChosenHook>[0]) => {
    let question: string | undefined;
    let file = e.file;
    if (e.via === 'suggestion') question = e.question ?? (await store.lastSuggested(e.m.channel, e.m.chatId, e.m.id));
    else if (e.ratedId !== undefined) {
      const [rated, outcome] = await Promise.all([store.getInbound(e.ratedId), store.getOutcome(e.ratedId)]);
      if (outcome?.status !== 'answer' || (rated?.kind !== 'text' && rated?.kind !== 'command')) return;
      question = rated.text;
      file = outcome.sources[0]?.file;
    }
    const key = question ? phrasingKey(question) : '';
    if (!question || !file || !key) return;
    await store.addPhrasing({ file, key, question: question.trim().slice(0, 500), via: e.via, channel: e.m.channel, userId: e.m.userId, at: now() });
  };
  return (e: Parameters<typeof learn>[0]) => void learn(e).catch((err: unknown) => deps.logger.error({ err }, 'keeping a learned phrasing failed'));
}

/**
 * Adds a question to a note's `questions` frontmatter (pure), keeping the rest of the file as written.
 * Returns undefined when the file has no frontmatter to edit.
 */
export function addQuestion(text: string, question: string): string | undefined {
  const lines = text.split('\n');
  if (!/^---[ \t]*\r?$/.test(lines[0] ?? '')) return undefined;
  const end = lines.findIndex((l, i) => i > 0 && /^---[ \t]*\r?$/.test(l));
  if (end < 0) return undefined;
  const doc = parseDocument(lines.slice(1, end).join('\n'));
  if (doc.errors.length) return undefined;
  const existing = doc.get('questions', true);
  if (isSeq(existing)) {
    if (existing.items.some((i) => phrasingKey(String((i as { value?: unknown }).value ?? i)) === phrasingKey(question))) return text;
    existing.add(doc.createNode(question));
  } else doc.set('questions', [question]);
  const yaml = doc.toString({ lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
  return ['---', yaml.trimEnd(), ...lines.slice(end)].join('\n');
}
