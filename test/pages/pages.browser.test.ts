import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { generateSampleOrganization } from '../../src/demo/sample-org';
import { seedOrganization } from '../../src/demo/seed';
import { dataOf, startTestApp, TestApp } from '../support/app';
import { hrisDocument, hrisPeople, writeHrisFile } from '../support/hris';

const CHROMIUM = '/usr/bin/chromium';
/** Screenshots for a person to look at; gitignored. */
const ARTIFACTS = join(__dirname, '../../test-artifacts');
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const describeWithChromium = existsSync(CHROMIUM)
  ? describe
  : (describe.skip.bind(describe) as typeof describe);
const title = existsSync(CHROMIUM)
  ? 'the GraphiQL and org-chart pages in headless Chromium'
  : `the GraphiQL and org-chart pages in headless Chromium: SKIPPED, ${CHROMIUM} is missing (apt-get install -y chromium)`;

/** Browser-side expressions (strings: this project compiles without the DOM's types). */
const RESPONSE_TEXT =
  "(document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror.getValue() ?? '')";
const NODE_COUNT = "document.querySelectorAll('g.node').length";

/** Sets the GraphiQL query editor's text through CodeMirror (typing would meet its auto-closing brackets). */
async function setQuery(page: Page, query: string): Promise<void> {
  await page.evaluate(
    `document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(${JSON.stringify(query)})`,
  );
}

const responseText = async (page: Page): Promise<string> => String(await page.evaluate(RESPONSE_TEXT));

describeWithChromium(title, () => {
  let app: TestApp;
  let token: string;
  let connectionId: string;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const origin = () => app.url.replace(/\/graphql$/, '');

  beforeAll(async () => {
    app = await startTestApp({}, { sync: true });
    app.runtime!.startWorker();
    const sample = generateSampleOrganization({ employees: 300, seed: 11 });
    const { orgId } = await seedOrganization(app.db.dataSource, { name: 'Acme', slug: 'acme' }, sample);
    token = await app.token(orgId, ['admin']);
    const connection = await app.runtime!.connections.create(orgId, {
      name: 'HR file',
      source: 'hris_import' as never,
      config: { file: writeHrisFile(orgId, hrisDocument(hrisPeople(500, { domain: 'hr.acme.test' }))) },
    });
    connectionId = connection.id;
    mkdirSync(ARTIFACTS, { recursive: true });
    userDataDir = mkdtempSync(join(tmpdir(), 'hrdir-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1400, height: 900 },
    });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await app?.stop();
  });

  it('serves GraphiQL from the server alone, runs a query with the pasted token, and streams a sync', async () => {
    const outside: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(origin()) && !request.url().startsWith(origin().replace('http', 'ws')))
        outside.push(request.url());
    });
    await page.goto(app.url);
    await page.waitForSelector('.graphiql-query-editor .CodeMirror');
    // The example operations are tabs.
    expect(await page.locator('.graphiql-tab').count()).toBeGreaterThanOrEqual(4);

    await page.fill('#token', token);
    await page.click('#token-save');
    // Kept in this browser: after a reload the page starts with it.
    await page.reload();
    await page.waitForSelector('.graphiql-query-editor .CodeMirror');
    expect(await page.inputValue('#token')).toBe(token);
    await setQuery(page, '{ departments { name headcount } }');
    // GraphiQL ignores a run while it is still loading the schema; a person would press again.
    for (let attempt = 1; ; attempt++) {
      await page.click('.graphiql-execute-button');
      const answered = await page
        .waitForFunction(`${RESPONSE_TEXT}.includes('headcount')`, undefined, { timeout: 10_000 })
        .then(() => true)
        .catch(() => false);
      if (answered) break;
      if (attempt === 3) throw new Error('GraphiQL did not run the query');
    }
    expect(await responseText(page)).toContain('"departments"');

    // A subscription over graphql-ws, then a sync: its progress arrives in the response pane.
    const received: string[] = [];
    let subscribed!: () => void;
    const subscribedNow = new Promise<void>((resolve) => (subscribed = resolve));
    let completed!: () => void;
    const completedNow = new Promise<void>((resolve) => (completed = resolve));
    page.on('websocket', (socket) => {
      socket.on('framesent', ({ payload }) => {
        if (String(payload).includes('"subscribe"')) subscribed();
      });
      socket.on('framereceived', ({ payload }) => {
        received.push(String(payload));
        if (String(payload).includes('COMPLETED')) completed();
      });
    });
    await setQuery(page, 'subscription { syncJobUpdated { id status progress { phase processed } } }');
    // As with the query: a press GraphiQL ignores (still busy with the schema) is pressed again.
    for (let attempt = 1; ; attempt++) {
      await page.click('.graphiql-execute-button');
      const started = await Promise.race([
        subscribedNow.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000)),
      ]);
      if (started) break;
      if (attempt === 3) throw new Error('GraphiQL did not start the subscription');
    }
    dataOf(
      await app.request<{ triggerSync: { id: string } }, { id: string }>(
        'mutation ($id: ID!) { triggerSync(input: { connectionId: $id, syncType: FULL }) { id } }',
        { id: connectionId },
        { token },
      ),
    );
    await completedNow;
    expect(received.some((frame) => frame.includes('RUNNING') && frame.includes('"processed"'))).toBe(true);
    await page.waitForFunction(`${RESPONSE_TEXT}.includes('COMPLETED')`);
    await page.screenshot({ path: join(ARTIFACTS, 'graphiql.png') });
    expect(outside).toEqual([]);
  });

  it('draws the org chart, expands a person on click, searches and shows a card', async () => {
    await page.goto(`${origin()}/org-chart`);
    await page.fill('#token', token);
    await page.click('#token-save');
    await page.waitForFunction("Number(document.querySelector('#chart')?.getAttribute('data-nodes')) > 1");
    const before = await page.locator('g.node').count();
    expect(before).toBeGreaterThan(1);

    // A collapsed person (badge "+N") drawn inside the window, clicked where a person would click.
    const collapsed = page.locator('g.node', { has: page.locator('text.badge', { hasText: /^\+/ }) });
    const chartBox = (await page.locator('#chart').boundingBox())!;
    let target: { x: number; y: number } | null = null;
    for (let i = 0; i < (await collapsed.count()) && !target; i++) {
      const box = await collapsed.nth(i).boundingBox();
      const inside =
        box &&
        box.x >= chartBox.x &&
        box.y >= chartBox.y &&
        box.x + box.width <= chartBox.x + chartBox.width &&
        box.y + box.height <= chartBox.y + chartBox.height;
      if (inside) target = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    }
    expect(target).not.toBeNull();
    await page.mouse.click(target!.x, target!.y);
    await page.waitForFunction(`${NODE_COUNT} > ${before}`);
    expect(await page.locator('g.node').count()).toBeGreaterThan(before);
    await page.waitForSelector('#card h2');
    expect(await page.locator('#card h3').allTextContents()).toEqual(
      expect.arrayContaining(['Manager chain', 'Groups']),
    );

    const someone = dataOf(
      await app.request<{ employees: { edges: { node: { lastName: string } }[] } }, undefined>(
        '{ employees(first: 1, filter: { search: null }) { edges { node { lastName } } } }',
        undefined,
        { token },
      ),
    ).employees.edges[0].node.lastName;
    await page.fill('#search', someone);
    await page.waitForSelector('#results li');
    await page.locator('#results li').first().click();
    await page.waitForFunction("(document.querySelector('#card h2')?.textContent ?? '') !== ''");
    await page.screenshot({ path: join(ARTIFACTS, 'org-chart.png') });
  });
});
