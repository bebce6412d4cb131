export { aadError, FakeGraph, graphErrorBody } from './fake-graph';
export type { FakeApp, FakeReply, FakeRequest } from './fake-graph';
export { testPki } from './pki';
export type { TestPki } from './pki';
export { FakeTenant } from './tenant';
export type { FakeGroupProperties, FakeUserProperties, MemberType, RemovedReason } from './tenant';
export { guestId, memberAccount, personId, seedOrganization } from './organization';
export type { SeededOrganization } from './organization';
