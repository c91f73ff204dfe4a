/** The generated ecosystem now ships with the observatory (for `momentum observe demo`). */
export * from '../../src/observatory/stand-in/ecosystem.js';
