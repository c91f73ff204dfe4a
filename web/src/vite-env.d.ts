/// <reference types="vite/client" />

/** The mechanism sections of docs/model.md, rendered at build time (web/build/model-doc.ts). */
declare module 'virtual:model-doc' {
  const sections: import('../build/model-doc.js').DocSection[];
  export default sections;
}
