/** `npm run soak`: the long sync soak, not part of `npm test`. */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = { ...base, testMatch: ['**/test/soak/*.soak.ts'], testTimeout: 3_600_000 };
