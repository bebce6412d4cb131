import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { assertId } from '../directory';
import {
  WebhookDeliveryWithAttempts,
  WebhookEndpointRecord,
  WebhookEndpointWithSecret,
} from '../directory/webhooks';
import { PageArgs } from './arguments';
import { toEdges } from './connections';
import { RequestContext, requireAdmin } from './context';
import {
  WebhookDeliveryConnection,
  WebhookDeliveryType,
  WebhookEndpointInput,
  WebhookEndpointSecretType,
  WebhookEndpointType,
} from './types/webhook.type';

const endpointView = (record: WebhookEndpointRecord): WebhookEndpointType => record;
const deliveryView = (record: WebhookDeliveryWithAttempts): WebhookDeliveryType =>
  record as WebhookDeliveryType;
const secretView = ({ endpoint, secret }: WebhookEndpointWithSecret): WebhookEndpointSecretType => ({
  endpoint: endpointView(endpoint),
  secret,
});

@Resolver(() => WebhookEndpointType)
export class WebhookResolver {
  @Query(() => [WebhookEndpointType], {
    description: 'Webhook endpoints of your organization, oldest first (admin).',
  })
  async webhookEndpoints(@Ctx() context: RequestContext): Promise<WebhookEndpointType[]> {
    const { orgId, sync } = requireAdmin(context);
    return (await sync.webhooks.store.list(orgId)).map(endpointView);
  }

  @Query(() => WebhookEndpointType, { nullable: true })
  async webhookEndpoint(
    @Arg('id', () => ID) id: string,
    @Ctx() context: RequestContext,
  ): Promise<WebhookEndpointType> {
    const { orgId, sync } = requireAdmin(context);
    return endpointView(await sync.webhooks.store.get(orgId, assertId(id, 'id')));
  }

  @Query(() => WebhookDeliveryConnection, {
    description: 'The delivery log of an endpoint, newest first, each delivery with its attempts (admin).',
  })
  async webhookDeliveries(
    @Arg('endpointId', () => ID) endpointId: string,
    @Args() { first, after }: PageArgs,
    @Ctx() context: RequestContext,
  ): Promise<WebhookDeliveryConnection> {
    const { orgId, sync } = requireAdmin(context);
    const list = `webhookDeliveries.${endpointId.toLowerCase()}`;
    const page = context.cursors.pageRequest(list, first, after);
    const rows = await sync.webhooks.store.deliveries(orgId, assertId(endpointId, 'endpointId'), page);
    return toEdges(
      context.cursors,
      list,
      rows,
      (delivery) => [delivery.number],
      (delivery, cursor) => ({ cursor, node: deliveryView(delivery) }),
    );
  }

  @Mutation(() => WebhookEndpointSecretType, {
    description:
      'Adds an endpoint. It receives the events written from now on. The signing secret is in this response only.',
  })
  async createWebhookEndpoint(
    @Arg('input', () => WebhookEndpointInput) input: WebhookEndpointInput,
    @Ctx() context: RequestContext,
  ): Promise<WebhookEndpointSecretType> {
    const { orgId, sync } = requireAdmin(context);
    return secretView(await sync.webhooks.store.create(orgId, input));
  }

  @Mutation(() => WebhookEndpointType)
  async updateWebhookEndpoint(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => WebhookEndpointInput) input: WebhookEndpointInput,
    @Ctx() context: RequestContext,
  ): Promise<WebhookEndpointType> {
    const { orgId, sync } = requireAdmin(context);
    return endpointView(await sync.webhooks.update(orgId, assertId(id, 'id'), input));
  }

  @Mutation(() => WebhookEndpointSecretType, {
    description: 'Replaces the signing secret at once. The new secret is in this response only.',
  })
  async rotateWebhookSecret(
    @Arg('id', () => ID) id: string,
    @Ctx() context: RequestContext,
  ): Promise<WebhookEndpointSecretType> {
    const { orgId, sync } = requireAdmin(context);
    return secretView(await sync.webhooks.store.rotateSecret(orgId, assertId(id, 'id')));
  }

  @Mutation(() => ID, { description: 'Removes an endpoint and its delivery log.' })
  async deleteWebhookEndpoint(
    @Arg('id', () => ID) id: string,
    @Ctx() context: RequestContext,
  ): Promise<string> {
    const { orgId, sync } = requireAdmin(context);
    return (await sync.webhooks.store.delete(orgId, assertId(id, 'id'))).id;
  }

  @Mutation(() => WebhookEndpointType, {
    description:
      'Enables a disabled endpoint: it resumes from where it stopped, starting with the delivery that had failed.',
  })
  async enableWebhookEndpoint(
    @Arg('id', () => ID) id: string,
    @Ctx() context: RequestContext,
  ): Promise<WebhookEndpointType> {
    const { orgId, sync } = requireAdmin(context);
    return endpointView(await sync.webhooks.enable(orgId, assertId(id, 'id')));
  }

  @Mutation(() => WebhookDeliveryType, {
    description: 'Sends a signed test event (type "ping") now, once, and returns its logged delivery.',
  })
  async pingWebhookEndpoint(
    @Arg('id', () => ID) id: string,
    @Ctx() context: RequestContext,
  ): Promise<WebhookDeliveryType> {
    const { orgId, sync } = requireAdmin(context);
    return deliveryView(await sync.webhooks.ping(orgId, assertId(id, 'id')));
  }

  @Mutation(() => WebhookDeliveryType, {
    description:
      'Sends a delivery again: one not yet delivered gets fresh attempts and keeps its place in the order; one already delivered is sent once more as a REDELIVERY, out of order.',
  })
  async redeliverWebhook(
    @Arg('deliveryId', () => ID) deliveryId: string,
    @Ctx() context: RequestContext,
  ): Promise<WebhookDeliveryType> {
    const { orgId, sync } = requireAdmin(context);
    return deliveryView(await sync.webhooks.redeliver(orgId, assertId(deliveryId, 'deliveryId')));
  }

  @Mutation(() => WebhookDeliveryType, {
    description:
      'Sends one event of your organization to an endpoint: its delivery again when it has one, else as a REDELIVERY, out of order.',
  })
  async redeliverWebhookEvent(
    @Arg('endpointId', () => ID) endpointId: string,
    @Arg('eventId', () => ID) eventId: string,
    @Ctx() context: RequestContext,
  ): Promise<WebhookDeliveryType> {
    const { orgId, sync } = requireAdmin(context);
    return deliveryView(
      await sync.webhooks.redeliverEvent(
        orgId,
        assertId(endpointId, 'endpointId'),
        assertId(eventId, 'eventId'),
      ),
    );
  }
}
