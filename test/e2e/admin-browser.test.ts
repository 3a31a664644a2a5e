import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWLEDGE_DIR } from '../support/knowledge.js';
import { startFakeTelegram, textUpdate, type FakeTelegram } from '../support/fake-telegram.js';
import { post, startTestApp, type TestApp } from '../support/app.js';
import { tempCopy, tempDir } from '../support/tmp.js';

const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'admin-token-browser-0123456789';
const TG_SECRET = 'tg-secret_0123456789';
const QUESTION = 'Công đoàn có phát áo mưa cho công nhân đi làm ca đêm không?';
const XSS = '<script>alert(1)</script>';

describe.skipIf(!existsSync(CHROMIUM))('admin page in Chromium', () => {
  let browser: Browser;
  let tg: FakeTelegram;
  let app: TestApp;
  let kb: { dir: string; cleanup(): void };
  let profile: { dir: string; cleanup(): void };
  beforeAll(async () => {
    tg = await startFakeTelegram();
    kb = tempCopy(KNOWLEDGE_DIR);
    profile = tempDir('congdoan-chromium-');
    app = await startTestApp({
      KNOWLEDGE_DIR: kb.dir,
      ADMIN_TOKEN: TOKEN,
      PUBLIC_URL: 'https://bot.example.org',
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.url,
      TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await tg?.close();
    kb?.cleanup();
    profile?.cleanup();
  });

  const ask = (id: number, chat: number, text: string) => post(`${app.url}/webhooks/telegram`, textUpdate(id, chat, text), { 'x-telegram-bot-api-secret-token': TG_SECRET });
  const waitFor = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 25));
  };

  it('keeps out a wrong token', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/admin`);
    expect(page.url()).toMatch(/\/admin\/login$/);
    await page.fill('input[name=token]', 'not-the-token-0000000');
    await page.click('button');
    expect(await page.textContent('.error')).toContain('không đúng');
    await page.goto(`${app.url}/admin`);
    expect(page.url()).toMatch(/\/admin\/login$/);
    await page.close();
  });

  it('signs in, replies to a declined question through Telegram, saves it as knowledge, and the bot then answers it', async () => {
    await ask(1, 701, QUESTION);
    await ask(2, 702, XSS);
    await waitFor(async () => (await app.store.listReview({})).length >= 2);
    const declined = tg.sent().find((c) => c.body.chat_id === '701');
    expect(String(declined?.body.text)).toMatch(/chuyển tới cán bộ công đoàn/);

    const page = await browser.newPage();
    let alerted = false;
    page.on('dialog', (d) => {
      alerted = true;
      void d.dismiss();
    });
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    await page.goto(`${app.url}/admin/login`);
    await page.fill('input[name=token]', TOKEN);
    await page.click('button');
    await page.waitForURL(`${app.url}/admin`);
    await page.screenshot({ path: `${profile.dir}/queue.png` });

    // Under the Content-Security-Policy the style sheet and the stats bars still apply, and nothing is refused.
    expect(await page.evaluate<string>('getComputedStyle(document.body).backgroundColor')).toBe('rgb(246, 247, 249)');
    const bars = await page.locator('.bar').all();
    expect(bars.length).toBeGreaterThan(0);
    for (const bar of bars) expect((await bar.boundingBox())?.width).toBeGreaterThan(0);

    // The <script> question shows as text and does not run.
    expect(await page.locator('table.queue').textContent()).toContain(XSS);
    expect(alerted).toBe(false);

    await page.click(`text=${QUESTION}`);
    await page.fill('textarea[name=text]', 'Có, công đoàn cơ sở phát áo mưa cho công nhân ca đêm; bạn đăng ký với tổ công đoàn.');
    await page.click('form[action$="/reply"] button');
    await page.waitForSelector('.flash');
    const reply = await tg.waitFor(() => tg.sent().filter((c) => c.body.chat_id === '701')[1]);
    expect(String(reply.body.text)).toContain('phát áo mưa cho công nhân ca đêm');

    await page.click('form[action$="/knowledge"] button');
    await page.waitForSelector('.flash');
    expect(await page.textContent('.flash')).toMatch(/faq\//);
    expect(refused).toEqual([]);
    await page.close();

    await ask(3, 703, QUESTION);
    const answer = await tg.waitFor(() => tg.sent().find((c) => c.body.chat_id === '703'));
    expect(String(answer.body.text)).toContain('phát áo mưa cho công nhân ca đêm');
    expect(String(answer.body.text)).toMatch(/Nguồn: /);
  });
});
