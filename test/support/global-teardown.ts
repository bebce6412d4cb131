import { dropDatabase, templateDatabase } from './databases';

export default async function globalTeardown(): Promise<void> {
  await dropDatabase(templateDatabase());
}
