/// <reference types="vite/client" />

/** The mechanism sections of docs/model.md, rendered at build time (web/build/model-doc.ts). */
declare module 'virtual:model-doc' {
  const sections: import('../build/model-doc.js').DocSection[];
  export default sections;
}

/** The posterior sample of the parameter-uncertainty band, thinned at build time (web/build/posterior-sample.ts). */
declare module 'virtual:posterior-sample' {
  const sample: import('../build/posterior-sample.js').WebPosteriorSample;
  export default sample;
}
