import { GraphQLError } from 'graphql';
import { Arg, Args, Ctx, Query, Resolver, Root, Subscription } from 'type-graphql';
import { ChangeEventKind, ChangeEventRecord, CursorExpiredError } from '../directory/change-events';
import { InvalidInputError, keyParts } from '../directory';
import { PageArgs } from './arguments';
import { RequestContext, requireAdmin } from './context';
import { ChangeEvent, ChangeEventConnection, ChangeEventType } from './types/change-event.type';

const LIST = 'changeEvents';

/** The seq a changeEvents cursor stands for (tamper-checked). */
function seqOf(context: RequestContext, after: string): string {
  const [seq] = keyParts(context.cursors.decode(LIST, after), ['string']);
  return seq as string;
}

@Resolver(() => ChangeEvent)
export class ChangeEventResolver {
  @Query(() => ChangeEventConnection, {
    description:
      'Change events after a cursor, oldest first, in commit order (admin). Without `after`: from the oldest event kept. A cursor older than the retention fails with CURSOR_EXPIRED: re-read the directory, then follow from a fresh cursor.',
  })
  async changeEvents(
    @Args() { first, after }: PageArgs,
    @Arg('types', () => [ChangeEventType], { nullable: true }) types: ChangeEventType[] | null,
    @Ctx() context: RequestContext,
  ): Promise<ChangeEventConnection> {
    const { orgId, sync } = requireAdmin(context);
    const page = context.cursors.pageRequest(LIST, first, null);
    const afterSeq = after ? seqOf(context, after) : null;
    const rows = await sync.changeEvents.store.after(
      orgId,
      afterSeq,
      page.first + 1,
      types as ChangeEventKind[] | null,
    );
    const events = rows.slice(0, page.first).map((row) => toEvent(context, row));
    return {
      edges: events.map((event) => ({ cursor: event.cursor, node: event })),
      pageInfo: {
        hasNextPage: rows.length > page.first,
        hasPreviousPage: false,
        startCursor: events[0]?.cursor ?? null,
        endCursor: events.at(-1)?.cursor ?? null,
      },
    };
  }

  @Subscription(() => ChangeEvent, {
    description:
      'Each change of your organization as it commits, in seq order, from any API or worker process (admin). With `after`: first the events after that cursor, then live, with no gap.',
    subscribe: async ({ args, context }) => {
      const requestContext = context as RequestContext;
      const { orgId, sync } = requireAdmin(requestContext);
      const types = (args.types as ChangeEventKind[] | null) ?? null;
      let afterSeq: string | null = null;
      // Checked before the stream starts, so that a bad or expired cursor is an error answer.
      try {
        afterSeq = args.after ? seqOf(requestContext, args.after as string) : null;
        if (afterSeq !== null) await sync.changeEvents.store.assertKept(orgId, afterSeq);
      } catch (error) {
        throw asGraphQLError(error);
      }
      return mapErrors(sync.changeEvents.stream(orgId, afterSeq, types), (row) =>
        toEvent(requestContext, row),
      );
    },
  })
  directoryChanged(
    @Root() event: ChangeEvent,
    @Arg('types', () => [ChangeEventType], { nullable: true }) _types: ChangeEventType[] | null,
    @Arg('after', () => String, { nullable: true }) _after: string | null,
  ): ChangeEvent {
    return event;
  }
}

function toEvent(context: RequestContext, row: ChangeEventRecord): ChangeEvent {
  return { ...row, cursor: context.cursors.encode(LIST, [row.seq]) } as ChangeEvent;
}

/** Subscription errors leave through graphql-ws, not the HTTP edge: they get their code here. */
function asGraphQLError(error: unknown): unknown {
  if (error instanceof CursorExpiredError)
    return new GraphQLError(error.message, { extensions: { code: 'CURSOR_EXPIRED' } });
  if (error instanceof InvalidInputError)
    return new GraphQLError(error.message, {
      extensions: { code: 'BAD_USER_INPUT', ...(error.argument ? { argument: error.argument } : {}) },
    });
  return error;
}

async function* mapErrors<T, U>(source: AsyncGenerator<T>, map: (value: T) => U): AsyncGenerator<U> {
  try {
    for await (const value of source) yield map(value);
  } catch (error) {
    throw asGraphQLError(error);
  }
}
