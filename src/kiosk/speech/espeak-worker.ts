/**
 * The offline voice: espeak-ng (compiled to WebAssembly, Mandarin voice "cmn")
 * in a worker, so synthesis never blocks a tap. Each request runs the
 * espeak-ng program once on a text and answers with the WAV it wrote. The
 * 18 MB module (program and voice data) is compiled once per worker.
 */
import ESpeakNg from 'espeak-ng';
import wasmUrl from 'espeak-ng/dist/espeak-ng.wasm?url';

export interface SynthRequest {
  id: number;
  text: string;
  /** Words per minute (espeak's -s); 150 is unhurried Mandarin. */
  rate: number;
}
export type SynthAnswer = { id: number; wav: ArrayBuffer } | { id: number; error: string };

let compiled: Promise<WebAssembly.Module> | undefined;
const compile = () => (compiled ??= fetch(wasmUrl).then((r) => WebAssembly.compileStreaming(r)));

async function synthesize(text: string, rate: number): Promise<ArrayBuffer> {
  const program = await ESpeakNg({
    // The text goes in as a file, not an argument: a text starting with "-" would be read as an option.
    arguments: ['-v', 'cmn', '-b', '1', '-s', String(rate), '-w', '/out.wav', '-f', '/in.txt'],
    preRun: [(m) => m.FS.writeFile('/in.txt', text)],
    locateFile: (path) => path,
    instantiateWasm(imports, receive) {
      void compile()
        .then((module) => WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module)))
        .catch((err: unknown) => postMessage({ id: -1, error: String(err) } satisfies SynthAnswer));
      return {};
    },
    print: () => undefined,
    printErr: () => undefined,
  });
  const wav = program.FS.readFile('/out.wav');
  return wav.buffer.slice(wav.byteOffset, wav.byteOffset + wav.byteLength) as ArrayBuffer;
}

self.onmessage = (event: MessageEvent<SynthRequest>) => {
  const { id, text, rate } = event.data;
  synthesize(text, rate).then(
    (wav) => postMessage({ id, wav } satisfies SynthAnswer, { transfer: [wav] }),
    (err: unknown) => postMessage({ id, error: err instanceof Error ? err.message : String(err) } satisfies SynthAnswer),
  );
};
