import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWLEDGE_DIR, ROOT } from '../support/knowledge.js';
import { callbackUpdate, startFakeTelegram, textUpdate, type FakeTelegram } from '../support/fake-telegram.js';
import { post, startTestApp, waitUntil, type TestApp } from '../support/app.js';
import { tempCopy } from '../support/tmp.js';

const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'admin-token-browser-0123456789';
const TG_SECRET = 'tg-secret_0123456789';
const SEED = path.join(ROOT, 'test/fixtures/import/004_f3280824a753b431.txt');
const DOCS = path.join(ROOT, 'docs');

describe.skipIf(!existsSync(CHROMIUM))('the officers’ workbench in Chromium (screenshots for the README)', { timeout: 60_000 }, () => {
  let browser: Browser;
  let tg: FakeTelegram;
  let app: TestApp;
  let kb: { dir: string; cleanup(): void };
  let page: Page;
  beforeAll(async () => {
    tg = await startFakeTelegram();
    kb = tempCopy(KNOWLEDGE_DIR);
    // The seed is imported anew: the hand-cleaned copy of it goes, or its title would be taken.
    rmSync(path.join(kb.dir, 'articles/son-tay-hoat-dong-vi-loi-ich-doan-vien.md'));
    mkdirSync(DOCS, { recursive: true });
    app = await startTestApp({ KNOWLEDGE_DIR: kb.dir, ADMIN_TOKEN: TOKEN, PUBLIC_URL: 'https://bot.example.org', TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url, TELEGRAM_WEBHOOK_SECRET: TG_SECRET });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${app.url}/admin/login`);
    await page.fill('input[name=token]', TOKEN);
    await page.click('button');
    await page.waitForURL(/\/admin(\?|$)/);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await tg?.close();
    kb?.cleanup();
  });
  const shot = (name: string) => page.screenshot({ path: path.join(DOCS, name), fullPage: true });
  const hook = (u: Record<string, unknown>) => post(`${app.url}/webhooks/telegram`, u, { 'x-telegram-bot-api-secret-token': TG_SECRET });

  it('imports a seed file, shows the cleaned preview, saves it, and a question it answers is answered from it', async () => {
    await page.click('nav >> text=Nhập bài viết');
    await page.setInputFiles('input[name=upload]', SEED);
    await shot('import-form.png');
    await page.click('form[action="/admin/import"] button');
    await page.waitForSelector('ol.preview');
    expect(await page.locator('ol.preview del').first().textContent()).toBeTruthy();
    expect(await page.textContent('body')).toContain('Đã bỏ 66 dòng thừa, giữ 13 đoạn nội dung.');
    await shot('import-preview.png');
    await page.click('form[action="/admin/import/save"] button');
    await page.waitForSelector('.flash');
    expect(await page.textContent('.flash')).toContain('articles/ldld-thi-xa-son-tay');
    await page.click('nav >> text=Thử câu hỏi');
    await page.fill('form.try input[name=question]', 'Chủ tịch LĐLĐ thị xã Sơn Tây là ai?');
    await page.click('form.try button');
    await page.waitForSelector('.try-result');
    expect(await page.getAttribute('.try-result', 'data-status')).toBe('answer');
    expect(await page.textContent('.try-result .why')).toContain('articles/ldld-thi-xa-son-tay');
    expect(await page.textContent('.try-result')).toContain('Hứa Đức Tuấn');
    await shot('try.png');
  });

  it('edits a note with a mistake, sees the refusal with its line, fixes it', async () => {
    await page.click('nav >> text=Kiến thức');
    await page.waitForSelector('table.knowledge');
    await shot('knowledge.png');
    await page.click('a[href="/admin/knowledge/edit?file=policies%2Ftet.md"]');
    const area = page.locator('textarea[name=text]');
    const good = await area.inputValue();
    await area.fill(good.replace(/^date: .*$/m, 'date: "2031-02-30"'));
    await page.waitForSelector('#live-check.error');
    expect(await page.textContent('#live-check')).toContain('policies/tet.md:3: trường "date": ngày này không có trên lịch');
    await page.click('form[action="/admin/knowledge/save"] button');
    await page.waitForSelector('#save-error');
    expect(await page.textContent('#save-error')).toContain('policies/tet.md:3');
    await shot('knowledge-refused.png');
    expect(readFileSync(path.join(kb.dir, 'policies/tet.md'), 'utf8')).toBe(good);
    await page.locator('textarea[name=text]').fill(good.replace(/^date: .*$/m, 'date: "2024-12"'));
    await page.waitForSelector('#live-check.flash');
    await page.click('form[action="/admin/knowledge/save"] button');
    await page.waitForSelector('.flash');
    expect(readFileSync(path.join(kb.dir, 'policies/tet.md'), 'utf8')).toMatch(/^date: "2024-12"$/m);
  });

  it('approves a phrasing learned from workers, and replies-and-saves a queue item in one step', async () => {
    let id = 100;
    for (const chat of [901, 902, 903]) {
      await hook(textUpdate(id++, chat, 'mượn tiền'));
      await tg.waitFor(() => tg.sent().find((c) => c.body.chat_id === String(chat)));
      await hook(callbackUpdate(id++, chat, 's:policies/quy-tro-von'));
    }
    await waitUntil(async () => (await app.store.listPhrasings('new'))[0]?.count === 3);
    await page.click('nav >> text=Cách hỏi mới');
    await page.waitForSelector('table.phrasings');
    await shot('learn.png');
    await page.click('form[action="/admin/learn/approve"] button');
    await page.waitForSelector('.flash');
    expect(readFileSync(path.join(kb.dir, 'policies/quy-tro-von.md'), 'utf8')).toContain('- "mượn tiền"');

    const question = 'Công đoàn có phát áo mưa cho công nhân đi làm ca đêm không?';
    await hook(textUpdate(id++, 904, question));
    await waitUntil(async () => (await app.store.listReview({})).some((g) => g.question === question));
    await page.click('nav >> text=Câu hỏi cần xem');
    await shot('queue.png');
    await page.click(`text=${question}`);
    await page.fill('textarea[name=text]', 'Có. Công đoàn cơ sở phát áo mưa cho công nhân làm ca đêm. Bạn đăng ký với tổ công đoàn của mình.');
    await page.click('summary');
    await shot('reply-and-save.png');
    await page.click('button[formaction$="/reply-and-save"]');
    await page.waitForSelector('.flash');
    expect(await page.textContent('.flash')).toMatch(/Đã gửi trả lời tới 1 người hỏi và lưu faq\//);
    await hook(textUpdate(id++, 905, question));
    const answer = await tg.waitFor(() => tg.sent().find((c) => c.body.chat_id === '905'));
    expect(String(answer.body.text)).toContain('Có. Công đoàn cơ sở phát áo mưa cho công nhân làm ca đêm. Bạn đăng ký với tổ công đoàn của mình.');
  });
});
