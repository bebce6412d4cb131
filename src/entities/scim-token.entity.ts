import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A bearer token a SCIM client (Entra ID, Okta…) uses to push to one connection. Only its hash is kept. */
@Entity({ name: 'scim_tokens' })
export class ScimToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  @Column('uuid', { name: 'connection_id' })
  connectionId: string;

  /** SHA-256 of the token, hex. */
  @Column('text', { name: 'token_hash' })
  tokenHash: string;

  /** The first characters of the token, to tell tokens apart. */
  @Column('text')
  prefix: string;

  /** Who created it (the subject of their access token). */
  @Column('text', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
