import 'reflect-metadata';
import { buildProject } from './build';
import { prepareTemplateDatabase } from './databases';

export default async function globalSetup(): Promise<void> {
  // Inherited by the test workers: every suite clones this run's template.
  process.env.HRDIR_TEST_TEMPLATE = `hrdir_test_template_${process.pid}`;
  await prepareTemplateDatabase();
  // Worker processes in the sync tests run the compiled binary (dist/), as production does.
  buildProject();
}
