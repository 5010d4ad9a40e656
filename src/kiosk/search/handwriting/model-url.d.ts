/** The handwriting model's URL, provided by scripts/handwriting/vite-plugin.ts. */
declare module 'virtual:handwriting-model-url' {
  const url: string;
  export default url;
}
