// The peer for read benchmarks: PostGraphile v5 over the same tables (and the SQL functions in
// peer-functions.sql for the recursive questions, as a team using PostGraphile would write them).
// PostGraphile 5 calls Promise.withResolvers, which Node 20 lacks: polyfill it first.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
const { createServer } = require('node:http');
const { postgraphile } = require('postgraphile');
const { PostGraphileAmberPreset } = require('postgraphile/presets/amber');
const { makePgService } = require('postgraphile/adaptors/pg');
const { grafserv } = require('postgraphile/grafserv/node');

const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ['public'] })],
  grafserv: { graphqlPath: '/graphql', maxRequestLength: 10_000_000 },
  grafast: { explain: false },
};

async function main() {
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const server = createServer();
  serv.addTo(server);
  server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
    console.log(`postgraphile listening on http://127.0.0.1:${server.address().port}/graphql`);
  });
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
