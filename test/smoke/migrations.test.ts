import { createTestDatabase, TestDatabase } from '../support/databases';

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db.drop());

  it('create the directory tables with the lookup index', async () => {
    const tables = await db.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    expect(tables.map((row: { table_name: string }) => row.table_name)).toEqual(
      expect.arrayContaining([
        'employees',
        'directory_groups',
        'group_members',
        'group_nesting',
        'organizations',
      ]),
    );
    const indexes = await db.dataSource.query(
      `SELECT indexname FROM pg_indexes WHERE tablename = 'employees'`,
    );
    expect(indexes.map((row: { indexname: string }) => row.indexname)).toContain('employees_search_trgm_idx');
  });
});
