/**
 * The handwriting part of `npm run bench:search`: the model's size (raw and
 * gzip), the time to load it, and recognition time per written character in
 * Node and in Chromium (unthrottled and at 4x CPU throttle). Writings are the
 * accuracy test's seeded imitations of a finger (scripts/handwriting/simulate-writing.ts).
 * The pad recognises after every stroke, so two figures are given: the wait
 * after one stroke (p95 over all strokes) and the sum over a whole character.
 * Kept apart from the search-index figures so either part can change alone.
 */
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { buildModelBytes, levelOneCharacters, sourceMedians } from '../handwriting/build-model';
import { seededRandom, simulateWriting } from '../handwriting/simulate-writing';
import { decodeModel, type Stroke } from '../../src/kiosk/search/handwriting/model-format';
import { HandwritingRecognizer } from '../../src/kiosk/search/handwriting/recognizer';
import { launchChromium } from '../../tests/e2e/support/browser';
import { runDate } from './run-date';

const WRITINGS = 100;
const THROTTLE = 4;

type Emit = (figure: Record<string, unknown>) => void;

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (n: number) => Math.round(n * 10) / 10;

function writings(): Stroke[][] {
  const rand = seededRandom(7);
  const chars = levelOneCharacters();
  return Array.from({ length: WRITINGS }, () => simulateWriting(sourceMedians(chars[Math.floor(rand() * chars.length)]!), rand));
}

function timings(emit: Emit, where: string, throttle: number, r: { afterStroke: number[]; perCharacter: number[] }) {
  emit({
    figure: 'handwriting_recognize_ms',
    where,
    throttle,
    value: round(p95(r.afterStroke)),
    median: round(median(r.afterStroke)),
    max: round(Math.max(...r.afterStroke)),
    strokes: r.afterStroke.length,
    note: 'wait after one stroke (p95): all 3,500 characters compared with the strokes so far',
    target: throttle === 1 ? '<= 50' : '<= 150',
  });
  emit({
    figure: 'handwriting_per_character_ms',
    where,
    throttle,
    value: round(p95(r.perCharacter)),
    median: round(median(r.perCharacter)),
    characters: r.perCharacter.length,
    note: 'sum over all strokes of one character (p95), recognised after each stroke',
  });
}

export async function benchHandwriting(emit: Emit): Promise<void> {
  const model = buildModelBytes();
  emit({
    figure: 'handwriting_model_bytes',
    value: model.byteLength,
    gzip: gzipSync(model).byteLength,
    characters: levelOneCharacters().length,
    note: 'assets/handwriting-model-*.bin, precached; gzip at the default level, as the server sends it',
  });
  const written = writings();

  const t0 = performance.now();
  const recognizer = new HandwritingRecognizer(decodeModel(model));
  emit({ figure: 'handwriting_model_load_ms', where: 'node', value: round(performance.now() - t0), note: 'decode + feature vectors' });
  const run = (): { afterStroke: number[]; perCharacter: number[] } => {
    const afterStroke: number[] = [];
    const perCharacter: number[] = [];
    for (const strokes of written) {
      let total = 0;
      for (let n = 1; n <= strokes.length; n++) {
        const s = performance.now();
        recognizer.recognize(strokes.slice(0, n), 10);
        afterStroke.push(performance.now() - s);
        total += afterStroke[afterStroke.length - 1]!;
      }
      perCharacter.push(total);
    }
    return { afterStroke, perCharacter };
  };
  run(); // warm the JIT
  timings(emit, 'node', 1, run());

  const bundle = await esbuild({
    entryPoints: [new URL('./handwriting-page.ts', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    write: false,
    minify: true,
    target: 'es2022',
    logLevel: 'warning',
  });
  const js = bundle.outputFiles[0]!.text;
  const server = createServer((req, res) => {
    if (req.url === '/bench.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    else if (req.url === '/model.bin') res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from(model));
    else
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<!doctype html><meta charset="utf-8"><title>handwriting bench</title><script type="module" src="/bench.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => !!window.handwritingBench);
    emit({ figure: 'handwriting_bundle_bytes', where: 'chromium', value: Buffer.byteLength(js), note: 'recognizer code, minified' });
    const loadMs = await page.evaluate(() => window.handwritingBench.load('/model.bin'));
    emit({
      figure: 'handwriting_model_load_ms',
      where: 'chromium',
      throttle: 1,
      value: round(loadMs),
      note: 'fetch + decode + feature vectors',
    });
    await page.evaluate((w) => window.handwritingBench.run(w), written);
    timings(emit, 'chromium', 1, await page.evaluate((w) => window.handwritingBench.run(w), written));

    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
    const slowLoad = await page.evaluate(() => window.handwritingBench.load('/model.bin'));
    emit({ figure: 'handwriting_model_load_ms', where: 'chromium', throttle: THROTTLE, value: round(slowLoad) });
    timings(emit, 'chromium', THROTTLE, await page.evaluate((w) => window.handwritingBench.run(w), written));
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  } finally {
    await browser.close();
    server.close();
  }
}

/** Run alone: npx tsx scripts/bench-search/handwriting.ts */
if (import.meta.url === `file://${process.argv[1]}`) {
  benchHandwriting((f) => console.log(JSON.stringify({ bench: 'search', date: runDate(), ...f }))).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
