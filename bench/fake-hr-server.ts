import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { FakeBambooHr } from '../test/fakes/bamboohr/fake-bamboohr';
import { FakeSuccessFactors } from '../test/fakes/successfactors/fake-successfactors';

/**
 * The BambooHR or SuccessFactors fake with a tenant of N workers, in a process of its own (its
 * work and memory do not count against the sync under measure). Prints one JSON line with the
 * settings of a connection that reaches it, then serves until stopped.
 *   node dist/bench/fake-hr-server.js bamboohr|successfactors <workers>
 */
async function main(): Promise<void> {
  const [vendor, workersArgument] = process.argv.slice(2);
  const workers = Number(workersArgument);
  const groups = { departments: true, costCenters: true };
  if (vendor === 'bamboohr') {
    const apiKey = 'bench-bamboohr-api-key-0123456789';
    const fake = await new FakeBambooHr(workers).addApiKey(apiKey).start();
    const config = {
      companyDomain: fake.companyDomain,
      apiKey,
      baseUrl: fake.url,
      pageSize: 1000,
      fields: { costCenter: 'customCostCenter' },
      groups,
    };
    console.log(JSON.stringify({ config }));
    return;
  }
  if (vendor === 'successfactors') {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const clientId = 'bench-oauth-client';
    const fake = await new FakeSuccessFactors(workers)
      .registerClient(clientId, createPublicKey(publicKey))
      .start();
    const config = {
      apiServer: fake.url,
      companyId: fake.companyId,
      oauth: { clientId, userId: 'sfapi', privateKeyPem: privateKey },
      pageSize: 1000,
      fields: { costCenter: 'custom01' },
      groups,
    };
    console.log(JSON.stringify({ config }));
    return;
  }
  throw new Error('usage: fake-hr-server bamboohr|successfactors <workers>');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
