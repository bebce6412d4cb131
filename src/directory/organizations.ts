import { DataSource } from 'typeorm';
import { sqlState } from '../db/error-log';
import { Organization } from '../entities';
import { assertId, InvalidInputError, NotFoundError } from './errors';

/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = '23505';
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_NAME_LENGTH = 200;

/** Tenants: created by an operator (the `org create` command), read to check a token's organization. */
export class OrganizationStore {
  constructor(private readonly dataSource: DataSource) {}

  private get repository() {
    return this.dataSource.getRepository(Organization);
  }

  /** Creates an organization; the slug defaults to the name in lower case with dashes. */
  async create(input: { name: string; slug?: string }): Promise<Organization> {
    const name = input.name.trim();
    if (!name || name.length > MAX_NAME_LENGTH)
      throw new InvalidInputError(`name must have 1 to ${MAX_NAME_LENGTH} characters`, 'name');
    const slug = input.slug ?? slugOf(name);
    if (!SLUG.test(slug)) {
      throw new InvalidInputError(
        input.slug === undefined
          ? `cannot make a slug from "${name}": give one (lower-case letters, digits and dashes)`
          : `slug must be 1 to 63 lower-case letters, digits and dashes, not starting or ending with a dash, got "${slug.slice(0, 70)}"`,
        'slug',
      );
    }
    try {
      return await this.repository.save(this.repository.create({ name, slug }));
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION)
        throw new InvalidInputError(`an organization with slug "${slug}" already exists`, 'slug');
      throw error;
    }
  }

  async get(id: string): Promise<Organization> {
    const found = await this.repository.findOne({ where: { id: assertId(id, 'organization id') } });
    if (!found) throw new NotFoundError(`no organization with id ${id}`);
    return found;
  }
}

/** "Acme Corp (Europe)" → "acme-corp-europe"; accents dropped, anything else becomes a dash. */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}
