import { CustomAttributeMapper } from '../../src/directory/custom-attributes/mapper';
import {
  convertValue,
  CUSTOM_ATTRIBUTE_TYPES,
  CustomAttributeType,
  TypedValue,
} from '../../src/directory/custom-attributes/values';
import { SourceUser } from '../../src/connectors/types';
import { createTestDatabase, TestDatabase } from '../support/databases';

const SAMPLES: unknown[] = [
  'North America',
  '  padded  ',
  '',
  '   ',
  42,
  -3.5,
  0,
  '17',
  '-0.25',
  '1e3',
  '1e999',
  '12abc',
  'ext. 5678',
  true,
  false,
  'true',
  'No',
  '1',
  'maybe',
  '2024-02-29',
  '2023-02-29',
  '2024-13-01',
  '1899-12-31',
  '2021-05-01T00:00:00Z',
  '2021-05-01 10:00:00+02:00',
  '05/01/2021',
  ['a', 'b'],
  ['a', '', 3, true],
  [],
  ['a', { nested: true }],
  { nested: true },
];

/** What the database makes of a value (custom_attribute_cells), in the sync's terms. */
function fromCells(
  type: CustomAttributeType,
  cells: { text: string | null; number: number | null; bool: boolean | null; date: string | null }[],
): TypedValue | null {
  if (cells.length === 0) return null;
  if (type === 'list') return cells.map((cell) => cell.text!);
  const [cell] = cells;
  return cell.text ?? cell.number ?? cell.bool ?? cell.date;
}

describe('custom attribute conversion', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(1);
  });
  afterAll(() => db?.drop());

  it.each(CUSTOM_ATTRIBUTE_TYPES)(
    'the sync (TypeScript) and the database (SQL) agree on every sample for %s',
    async (type) => {
      for (const sample of SAMPLES) {
        const converted = convertValue(type, sample);
        const cells = await db.dataSource.query(
          `SELECT text_value AS text, number_value::float8 AS number, boolean_value AS bool,
             to_char(date_value, 'YYYY-MM-DD') AS date
           FROM custom_attribute_cells($1, $2::jsonb) ORDER BY ordinal`,
          [type, JSON.stringify(sample)],
        );
        const inDatabase = fromCells(type, cells);
        const label = `${type} ${JSON.stringify(sample)}`;
        if (converted.ok) expect({ label, value: inDatabase }).toEqual({ label, value: converted.value });
        // What the sync refuses, the database leaves untyped, except list elements it can skip one by one.
        else if (type !== 'list') expect({ label, value: inDatabase }).toEqual({ label, value: null });
      }
    },
  );

  it('converts per type and says why a value does not fit, without the value', () => {
    expect(convertValue('number', '17')).toEqual({ ok: true, value: 17 });
    expect(convertValue('boolean', 'No')).toEqual({ ok: true, value: false });
    expect(convertValue('date', '2021-05-01T00:00:00Z')).toEqual({ ok: true, value: '2021-05-01' });
    expect(convertValue('list', 'solo')).toEqual({ ok: true, value: ['solo'] });
    expect(convertValue('string', '  ')).toEqual({ ok: true, value: null });
    const refused = convertValue('number', 'ext. 5678');
    expect(refused).toEqual({ ok: false, reason: 'expected a number, got text' });
  });
});

describe('CustomAttributeMapper', () => {
  const definitions = [
    { id: 'd1', key: 'extension', type: 'number' as const },
    { id: 'd2', key: 'division', type: 'string' as const },
    { id: 'd3', key: 'badges', type: 'list' as const },
  ];
  const user = (customAttributes: Record<string, unknown>): SourceUser => ({
    externalId: 'X1',
    attributes: { email: 'x@acme.test', customAttributes },
  });

  it('moves mapped fields, types same-named ones, keeps the rest, and reports what does not convert', () => {
    const mapper = new CustomAttributeMapper(definitions, [{ sourceField: 'phone_ext', definitionId: 'd1' }]);
    const record = user({
      phone_ext: '12',
      division: 7,
      shoe: 'x',
      extension: 'same-named but mapped',
      badges: {},
    });
    const problems = mapper.apply(record);
    expect(record.attributes.customAttributes).toEqual({ extension: 12, division: '7', shoe: 'x' });
    expect(problems).toEqual([
      {
        code: 'INVALID_CUSTOM_ATTRIBUTE',
        externalId: 'X1',
        message:
          'custom attribute "badges" (LIST) from source field "badges": expected a list of text, got an element that is an object; left out (a value stored before stays), the rest of the record applied',
      },
    ]);
  });

  it('leaves records alone when the organization defines nothing, or the record has no custom attributes', () => {
    const idle = new CustomAttributeMapper([], []);
    const record = user({ extension: 'anything' });
    expect(idle.apply(record)).toEqual([]);
    expect(record.attributes.customAttributes).toEqual({ extension: 'anything' });
    const mapper = new CustomAttributeMapper(definitions, []);
    const bare: SourceUser = { externalId: 'X2', attributes: { email: 'y@acme.test' } };
    expect(mapper.apply(bare)).toEqual([]);
    expect(bare.attributes).not.toHaveProperty('customAttributes');
  });
});
