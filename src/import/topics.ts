import type { TopicId } from '../knowledge/schema.js';
import { fold } from '../search/fold.js';

/** Folded words and phrases that show an article speaks of a topic (pure data; the officer confirms the result). */
const TOPIC_WORDS: Record<TopicId, string[]> = {
  'vay-von': ['vay von', 'tro von', 'giai ngan', 'ngan hang chinh sach', 'cho vay', 'phat trien kinh te gia dinh'],
  'suc-khoe': ['kham suc khoe', 'tam soat', 'kham benh', 'y te', 'suc khoe', 'benh vien', 'ung thu'],
  tet: ['tet', 'xuan', 'nguyen dan', 'sum vay'],
  'ho-tro': ['tro cap', 'hoan canh kho khan', 'mai am', 'tham hoi', 'tai nan', 'om dau', 'tang qua', 'ho tro', 'nha tinh nghia'],
  'phap-luat': ['phap luat', 'tu van', 'thoa uoc', 'bao hiem xa hoi', 'bhxh', 'quyen loi', 'hop dong lao dong', 'doi thoai', 'quy che dan chu', 'tranh chap'],
  'doan-vien': ['ket nap', 'gia nhap', 'phat trien doan vien', 'thanh lap cong doan', 'doan vien moi'],
  'hoat-dong': ['thi dua', 'the thao', 'van hoa', 'thang cong nhan', 'hoi nghi', 'hoi thao', 'tuyen duong', 'phong trao'],
};

const count = (haystack: string, needle: string) => {
  let n = 0;
  for (let i = haystack.indexOf(` ${needle} `); i >= 0; i = haystack.indexOf(` ${needle} `, i + 1)) n++;
  return n;
};

/** At most this many topics are suggested. */
const MAX_TOPICS = 4;

/** Topics suggested from the words of a text, most mentioned first: those named at least twice (at least one topic). */
export function suggestTopics(text: string): TopicId[] {
  const folded = ` ${fold(text).replace(/[^a-z0-9]+/g, ' ')} `;
  const scored = (Object.entries(TOPIC_WORDS) as [TopicId, string[]][])
    .map(([id, list]) => ({ id, n: list.reduce((s, w) => s + count(folded, w), 0) }))
    .filter((x) => x.n >= 2)
    .sort((a, b) => b.n - a.n);
  return scored.length ? scored.slice(0, MAX_TOPICS).map((x) => x.id) : ['hoat-dong'];
}
