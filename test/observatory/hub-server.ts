/** The local Hub stand-in now ships with the observatory (for `momentum observe demo`). */
export * from '../../src/observatory/stand-in/server.js';
