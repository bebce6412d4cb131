import { Directive, Field, ObjectType } from 'type-graphql';

/**
 * Relay's PageInfo, field for field: other subgraphs of the supergraph (the ITSM's own) define it
 * too, and a value type resolved by several subgraphs composes only when every one marks it
 * @shareable with the same fields.
 */
@Directive('@shareable')
@ObjectType({ simpleResolvers: true, description: 'Relay-style page information.' })
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field({
    description: 'Lists page forward only (first/after): always false, as the Relay specification allows.',
  })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge.' })
  startCursor: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last edge; pass as `after` for the next page.',
  })
  endCursor: string | null;
}
