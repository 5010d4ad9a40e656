/** The espeak-ng package (Emscripten build of the espeak-ng command line) ships no types. */
declare module 'espeak-ng' {
  export interface ESpeakModule {
    FS: {
      readFile(path: string): Uint8Array;
      writeFile(path: string, data: string | Uint8Array): void;
    };
  }
  export interface ESpeakOptions {
    arguments: string[];
    preRun?: ((module: ESpeakModule) => void)[];
    locateFile?: (path: string, prefix: string) => string;
    instantiateWasm?: (
      imports: WebAssembly.Imports,
      receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
    ) => Record<string, never>;
    print?: (text: string) => void;
    printErr?: (text: string) => void;
  }
  const ESpeakNg: (options: ESpeakOptions) => Promise<ESpeakModule>;
  export default ESpeakNg;
}
